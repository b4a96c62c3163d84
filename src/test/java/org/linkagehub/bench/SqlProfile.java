package org.linkagehub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where the database's time goes during one phase of a benchmark: the statements {@code pg_stat_statements} saw
 * (by total execution time, with calls and rows per finished decision), and per table the scans, tuples read and
 * rows written ({@code pg_stat_user_tables}, as a difference over the phase). Kept under {@code target/bench/} as
 * {@code NAME-sql.txt}. Needs {@code shared_preload_libraries=pg_stat_statements}; without it only the tables part
 * is written.
 */
final class SqlProfile {

    private static final int TOP = 25;
    private static final String TABLES = "select relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0) idx_scan, "
            + "coalesce(idx_tup_fetch, 0) idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del "
            + "from pg_stat_user_tables where schemaname = 'public'";

    private final JdbcTemplate jdbc;
    private final boolean statements;
    private final Map<String, long[]> tablesBefore;
    private final long commitsBefore;

    private SqlProfile(JdbcTemplate jdbc, boolean statements, Map<String, long[]> tablesBefore, long commitsBefore) {
        this.jdbc = jdbc;
        this.statements = statements;
        this.tablesBefore = tablesBefore;
        this.commitsBefore = commitsBefore;
    }

    /** Transactions committed in the hub's database so far ({@code pg_stat_database}, a snapshot per transaction). */
    private static long commits(JdbcTemplate jdbc) {
        jdbc.execute("select pg_stat_clear_snapshot()");
        Long commits = jdbc.queryForObject(
                "select xact_commit from pg_stat_database where datname = current_database()", Long.class);
        return commits == null ? 0 : commits;
    }

    /** Resets the statement figures and notes the tables' counters now. */
    static SqlProfile start(JdbcTemplate jdbc) {
        boolean statements;
        try {
            jdbc.execute("create extension if not exists pg_stat_statements");
            jdbc.execute("select pg_stat_statements_reset()");
            statements = true;
        } catch (RuntimeException e) {
            statements = false;
        }
        return new SqlProfile(jdbc, statements, tables(jdbc), commits(jdbc));
    }

    /** Writes the phase's profile, per finished decision. */
    void write(String name, long decisions) throws IOException {
        long committed = commits(jdbc) - commitsBefore;
        StringBuilder out = new StringBuilder("SQL profile of phase ").append(name).append(", ")
                .append(decisions).append(" decisions finished; ").append(committed).append(" transactions committed (")
                .append(String.format(Locale.ROOT, "%.2f", committed / (double) Math.max(1, decisions)))
                .append(" per decision, pg_stat_database.xact_commit, every client of the database)\n\n");
        if (statements) {
            Long calls = jdbc.queryForObject("select coalesce(sum(calls), 0) from pg_stat_statements "
                    + "where query not like '%pg_stat_%'", Long.class);
            out.append(String.format(Locale.ROOT, "statements executed: %d (%.2f per decision)%n%n", calls,
                    calls / (double) Math.max(1, decisions)));
        }
        if (statements) {
            out.append("| total ms | % | calls/decision | rows/call | mean ms | statement |\n|---:|---:|---:|---:|---:|---|\n");
            List<Map<String, Object>> top = jdbc.queryForList("select query, calls, total_exec_time, rows, "
                    + "sum(total_exec_time) over () all_time from pg_stat_statements "
                    + "where query not like '%pg_stat_%' order by total_exec_time desc limit " + TOP);
            for (Map<String, Object> r : top) {
                double total = ((Number) r.get("total_exec_time")).doubleValue();
                double all = ((Number) r.get("all_time")).doubleValue();
                long calls = ((Number) r.get("calls")).longValue();
                long rows = ((Number) r.get("rows")).longValue();
                String query = ((String) r.get("query")).replaceAll("\\s+", " ").replace("|", "\\|");
                out.append(String.format(Locale.ROOT, "| %.0f | %.1f | %.2f | %.1f | %.3f | %s |%n", total,
                        100 * total / all, calls / (double) Math.max(1, decisions), rows / (double) Math.max(1, calls),
                        total / Math.max(1, calls), query.length() > 220 ? query.substring(0, 220) + "…" : query));
            }
            out.append('\n');
        }
        out.append("| table | seq scans | seq tuples read/decision | idx scans/decision | inserts/decision | "
                + "updates/decision | HOT % | deletes/decision |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, long[]> after = tables(jdbc);
        double d = Math.max(1, decisions);
        after.entrySet().stream().sorted((a, b) -> Long.compare(delta(b.getKey(), b.getValue())[1],
                delta(a.getKey(), a.getValue())[1])).forEach(e -> {
                    long[] x = delta(e.getKey(), e.getValue());
                    if (x[0] + x[2] + x[4] + x[5] + x[7] == 0) {
                        return;
                    }
                    out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %.2f | %.0f | %.2f |%n",
                            e.getKey(), x[0], x[1] / d, x[2] / d, x[4] / d, x[5] / d,
                            x[5] == 0 ? 0.0 : 100.0 * x[6] / x[5], x[7] / d));
                });
        System.out.println();
        System.out.println(out);
        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + "-sql.txt"), out, StandardCharsets.UTF_8);
    }

    private long[] delta(String table, long[] now) {
        long[] before = tablesBefore.getOrDefault(table, new long[now.length]);
        long[] d = new long[now.length];
        for (int i = 0; i < now.length; i++) {
            d[i] = now[i] - before[i];
        }
        return d;
    }

    private static Map<String, long[]> tables(JdbcTemplate jdbc) {
        Map<String, long[]> tables = new HashMap<>();
        jdbc.query(TABLES, rs -> {
            long[] v = new long[8];
            for (int i = 0; i < v.length; i++) {
                v[i] = rs.getLong(i + 2);
            }
            tables.put(rs.getString(1), v);
        });
        return tables;
    }
}
