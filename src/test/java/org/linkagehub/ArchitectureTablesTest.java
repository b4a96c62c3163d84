package org.linkagehub;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * One owner per table (issue 11): every table the migrations create is written only by the top-level package that
 * owns it, so a rule about a table lives in one feature and the others ask that feature to act. Reads are free.
 * The scan looks at the SQL in the string literals of {@code src/main/java} and in {@code routes/*.yaml} for
 * {@code insert into}, {@code update ... set}, {@code delete from}, {@code merge into}, {@code truncate} and calls of
 * the migrations' functions that write; a table or writing function the map below does not name fails the test.
 */
class ArchitectureTablesTest {

    private static final Path SOURCES = Path.of("src/main/java/org/linkagehub");
    private static final Path ROUTES = Path.of("routes");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Table → the one top-level package (under org.linkagehub) that writes it. */
    private static final Map<String, String> OWNERS = Map.ofEntries(
            entry("audit_log", "platform"),
            entry("decision", "canonical"),
            entry("routing_table_load", "routing"),
            entry("raw_input", "raw"),
            entry("delivery", "delivery"),
            entry("delivery_event", "delivery"),
            entry("outbox", "delivery"),
            entry("notice", "delivery"),
            entry("queue_message", "delivery"),
            entry("working_day_exception", "delivery"),
            entry("delivery_figures", "delivery"),
            entry("delivery_figures_change", "delivery"),
            entry("quarantine", "quarantine"),
            entry("code_exception", "quarantine"),
            entry("source_cursor", "ingest"),
            entry("source_state", "ingest"),
            entry("cluster_lock", "cluster"), // written by Spring Integration's lock registry, for cluster
            entry("hub_node", "cluster"),
            entry("case_file", "cases"),
            entry("case_event", "cases"),
            entry("case_reply", "cases"),
            entry("case_decision", "cases"),
            entry("case_attachment", "cases"),
            entry("escalation", "receipt"),
            entry("receipt_refusal", "receipt"),
            entry("verification_task", "commitments"),
            entry("verification_task_event", "commitments"),
            entry("credit_record", "commitments"),
            entry("return_visit", "visits"));

    /** A function of the migrations that writes (not a trigger's) → the one package that may call it. */
    private static final Map<String, String> WRITING_FUNCTIONS = Map.of("fold_delivery_figures", "delivery");

    /**
     * Tables that are not the hub's, written only by the named package: the demo's simulated source systems,
     * in databases of their own.
     */
    private static final Map<String, String> FOREIGN = Map.of(
            "xk_gs", "demo"); // demo.MarketViewDatabase: market supervision's V_XK_GS, in market_demo

    private static final String NAME = "([a-z_][a-z0-9_]*)";
    private static final List<Pattern> WRITES = List.of(
            Pattern.compile("\\binsert\\s+into\\s+" + NAME),
            Pattern.compile("\\bupdate\\s+" + NAME + "(?:\\s+(?:as\\s+)?[a-z_][a-z0-9_]*)?\\s+set\\b"),
            Pattern.compile("\\bdelete\\s+from\\s+" + NAME),
            Pattern.compile("\\bmerge\\s+into\\s+" + NAME),
            Pattern.compile("\\btruncate\\s+(?:table\\s+)?(?:only\\s+)?" + NAME));
    /** A statement whose table is added at run time, which the scan could not check. */
    private static final Pattern OPEN_ENDED = Pattern.compile(
            "(?:\\binsert\\s+into|\\bdelete\\s+from|\\bmerge\\s+into|\\btruncate(?:\\s+table)?"
                    + "|(?<!for\\s|do\\s)\\bupdate)\\s*$");
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "\\bcreate\\s+(?:unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?" + NAME);
    private static final Pattern DROP_TABLE = Pattern.compile("\\bdrop\\s+table\\s+(?:if\\s+exists\\s+)?" + NAME);
    private static final Pattern RENAME_TABLE = Pattern.compile(
            "\\balter\\s+table\\s+(?:if\\s+exists\\s+)?" + NAME + "\\s+rename\\s+to\\s+" + NAME);
    private static final Pattern FUNCTION = Pattern.compile("\\bcreate\\s+(?:or\\s+replace\\s+)?function\\s+" + NAME
            + "\\s*\\([^)]*\\)\\s*returns\\s+(\\w+).*?\\$\\$(.*?)\\$\\$", Pattern.DOTALL);
    private static final Pattern TRIGGER = Pattern.compile("\\bcreate\\s+(?:or\\s+replace\\s+)?trigger\\s+" + NAME
            + "\\s.*?\\bon\\s+" + NAME + "\\s.*?\\bexecute\\s+(?:function|procedure)\\s+" + NAME, Pattern.DOTALL);

    @Test
    void everyTableHasAnOwner() {
        Set<String> tables = tables();
        assertThat(tables).as("tables the migrations create").contains("delivery", "decision", "raw_input");
        Set<String> missing = new TreeSet<>(tables);
        missing.removeAll(OWNERS.keySet());
        assertThat(missing).as("tables with no owner: add each to OWNERS in ArchitectureTablesTest, with the one "
                + "top-level package that writes it").isEmpty();
        Set<String> stale = new TreeSet<>(OWNERS.keySet());
        stale.removeAll(tables);
        assertThat(stale).as("OWNERS names tables the migrations do not create (any more): remove them").isEmpty();
    }

    @Test
    void functionsThatWriteHaveAnOwner() {
        Map<String, String> triggerOn = new TreeMap<>();
        String sql = migrations();
        Matcher trigger = TRIGGER.matcher(sql);
        while (trigger.find()) {
            triggerOn.merge(trigger.group(3), trigger.group(2), (a, b) -> a + "," + b);
        }
        List<String> problems = new ArrayList<>();
        Matcher function = FUNCTION.matcher(sql);
        while (function.find()) {
            String name = function.group(1);
            Set<String> written = writtenTables(function.group(3));
            if (written.isEmpty()) {
                continue;
            }
            Set<String> owners = new TreeSet<>();
            if ("trigger".equals(function.group(2))) {
                // a trigger writes on behalf of whoever writes the table it fires on: the same owner
                for (String table : triggerOn.getOrDefault(name, "").split(",")) {
                    owners.add(OWNERS.getOrDefault(table, "(no owner: " + table + ")"));
                }
            } else if (WRITING_FUNCTIONS.containsKey(name)) {
                owners.add(WRITING_FUNCTIONS.get(name));
            } else {
                problems.add("function " + name + " writes " + written + " and has no owner: add it to "
                        + "WRITING_FUNCTIONS in ArchitectureTablesTest with the one package that may call it");
                continue;
            }
            for (String table : written) {
                String owner = OWNERS.get(table);
                if (owners.size() != 1 || !owners.contains(owner)) {
                    problems.add("function " + name + " (owned by " + owners + ") writes " + table + ", owned by "
                            + owner);
                }
            }
        }
        assertThat(problems).as("functions of the migrations that write").isEmpty();
    }

    @Test
    void eachTableIsWrittenOnlyByItsOwner() {
        List<String> problems = new ArrayList<>();
        int writes = 0;
        Set<String> ownDeliveryWrites = new TreeSet<>();
        for (Path file : files(SOURCES, ".java")) {
            String feature = feature(file);
            for (String literal : stringLiterals(read(file))) {
                String sql = literal.toLowerCase(Locale.ROOT);
                for (String table : writtenTables(sql)) {
                    writes++;
                    if ("delivery".equals(feature)) {
                        ownDeliveryWrites.add(table);
                    }
                    check(problems, SOURCES.relativize(file), feature, table);
                }
                for (Map.Entry<String, String> f : WRITING_FUNCTIONS.entrySet()) {
                    if (Pattern.compile("\\b" + f.getKey() + "\\s*\\(").matcher(sql).find()) {
                        writes++;
                        if (!f.getValue().equals(feature)) {
                            problems.add(SOURCES.relativize(file) + " (" + feature + ") calls " + f.getKey()
                                    + "(), which writes " + f.getValue() + "'s tables: ask " + f.getValue()
                                    + " to do it");
                        }
                    }
                }
                if (OPEN_ENDED.matcher(sql.strip()).find()) {
                    problems.add(SOURCES.relativize(file) + " (" + feature + ") builds the table of a write at run "
                            + "time, which this test cannot check: name it in the literal: " + literal.strip());
                }
            }
        }
        assertThat(writes).as("writes found: the scan must see the hub's SQL").isGreaterThan(50);
        assertThat(ownDeliveryWrites).as("the scan sees delivery's own writes")
                .contains("delivery", "delivery_event", "outbox", "notice");
        for (Path file : files(ROUTES, ".yaml")) {
            String text = read(file).lines().filter(l -> !l.strip().startsWith("#"))
                    .collect(Collectors.joining("\n")).toLowerCase(Locale.ROOT);
            for (String table : writtenTables(text)) {
                problems.add(file + " writes " + table + " in a route: call a bean of " + OWNERS.get(table)
                        + " instead");
            }
        }
        assertThat(problems).as("writes by a package that does not own the table (owners: ArchitectureTablesTest."
                + "OWNERS)").isEmpty();
    }

    @Test
    void theScanReadsStringLiteralsOnly() {
        String java = """
                // insert into comment_table
                /* delete from block_table */
                class X {
                    char c = '"';
                    String a = "update delivery d set status = ? where id = ?";
                    String b = \"""
                            insert into outbox (id)
                            values (1)\""";
                    String e = "say \\"delete from escaped\\"" + "truncate table t1";
                }
                """;
        List<String> found = new ArrayList<>();
        for (String literal : stringLiterals(java)) {
            found.addAll(writtenTables(literal.toLowerCase(Locale.ROOT)));
        }
        assertThat(found).containsExactly("delivery", "outbox", "escaped", "t1");
        assertThat(OPEN_ENDED.matcher("select status from delivery where id = ? for update").find()).isFalse();
        assertThat(OPEN_ENDED.matcher("update ").find()).isTrue();
    }

    private static void check(List<String> problems, Path file, String feature, String table) {
        String owner = OWNERS.get(table);
        if (owner == null && FOREIGN.containsKey(table)) {
            if (!FOREIGN.get(table).equals(feature)) {
                problems.add(file + " (" + feature + ") writes " + table + ", which is " + FOREIGN.get(table)
                        + "'s simulated source table");
            }
        } else if (owner == null) {
            problems.add(file + " (" + feature + ") writes " + table + ", which has no owner: add it to OWNERS "
                    + "in ArchitectureTablesTest (or to FOREIGN, for a table that is not the hub's)");
        } else if (!owner.equals(feature)) {
            problems.add(file + " (" + feature + ") writes " + table + ", owned by " + owner + ": ask " + owner
                    + " to do it");
        }
    }

    private static Set<String> writtenTables(String sql) {
        Set<String> tables = new TreeSet<>();
        for (Pattern write : WRITES) {
            Matcher m = write.matcher(sql);
            while (m.find()) {
                tables.add(m.group(1));
            }
        }
        return tables;
    }

    /** The tables the migrations leave: created, less those dropped, renamed ones under their new name. */
    private static Set<String> tables() {
        Set<String> tables = new TreeSet<>();
        for (String sql : migrationTexts()) {
            Matcher create = CREATE_TABLE.matcher(sql);
            while (create.find()) {
                tables.add(create.group(1));
            }
            Matcher rename = RENAME_TABLE.matcher(sql);
            while (rename.find()) {
                tables.remove(rename.group(1));
                tables.add(rename.group(2));
            }
            Matcher drop = DROP_TABLE.matcher(sql);
            while (drop.find()) {
                tables.remove(drop.group(1));
            }
        }
        return tables;
    }

    private static String migrations() {
        return String.join("\n", migrationTexts());
    }

    /** Each migration's SQL without comments, lower case, in version order. */
    private static List<String> migrationTexts() {
        return files(MIGRATIONS, ".sql").stream()
                .sorted((a, b) -> Integer.compare(version(a), version(b)))
                .map(f -> read(f).replaceAll("--[^\n]*", "").toLowerCase(Locale.ROOT))
                .toList();
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    /** The top-level package under org.linkagehub a source file belongs to; "(root)" for the root package. */
    private static String feature(Path file) {
        Path relative = SOURCES.relativize(file);
        return relative.getNameCount() == 1 ? "(root)" : relative.getName(0).toString();
    }

    /** The contents of the string literals and text blocks of a Java source, escapes left as written. */
    static List<String> stringLiterals(String java) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        int n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (java.startsWith("//", i)) {
                i = end(java.indexOf('\n', i), n);
            } else if (java.startsWith("/*", i)) {
                i = end(java.indexOf("*/", i + 2), n) + 2;
            } else if (java.startsWith("\"\"\"", i)) {
                int start = i + 3;
                int j = start;
                while (j < n && !java.startsWith("\"\"\"", j)) {
                    j += java.charAt(j) == '\\' ? 2 : 1;
                }
                literals.add(java.substring(start, Math.min(j, n)));
                i = j + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && java.charAt(j) != c && java.charAt(j) != '\n') {
                    j += java.charAt(j) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    literals.add(java.substring(i + 1, Math.min(j, n)));
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    private static int end(int index, int length) {
        return index < 0 ? length : index;
    }

    private static List<Path> files(Path root, String suffix) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
