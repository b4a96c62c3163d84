package org.linkagehub.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkagehub.delivery.Lateness;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Server time of each console page with 100,000 decisions (200,000 deliveries with their events, reminders and
 * escalations, 2,000 quarantined inputs) loaded by SQL, as an operator logged in through the form. Run with
 * {@code ./mvnw -B -o -Pbench test -Dtest=ConsolePagesBench} ({@code -Dbench.decisions=…}, {@code
 * -Dbench.requests=…}); the table goes to stdout and {@code target/bench/console-pages.txt}. The target is
 * under 200 ms per page; it asserts only that every page answers 200. {@link FastPathBench} times the same pages
 * ({@link ConsolePages}) after its other phases.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ConsolePagesBench {

    private static final int DECISIONS = Integer.getInteger("bench.decisions", 100_000);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 15);
    private static final int WARMUP = 3;

    @TempDir
    static Path dataDir;
    private static final int BROKER_PORT = freePort();

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        registry.add("linkage.data-dir", () -> dataDir.toString());
        registry.add("linkage.broker.port", () -> BROKER_PORT);
        registry.add("linkage.security.demo-credentials", () -> "true");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void pagesWith100kDecisions() throws Exception {
        ConsolePages console = new ConsolePages(jdbc, port);
        long loadStart = System.nanoTime();
        console.load(DECISIONS);
        long loadMs = (System.nanoTime() - loadStart) / 1_000_000;
        long foldStart = System.nanoTime();
        long folded = console.foldAndVacuum();
        long foldMs = (System.nanoTime() - foldStart) / 1_000_000;
        console.logIn("operator", "operator");
        Map<String, String> pages = console.pages();

        StringBuilder table = new StringBuilder();
        table.append(String.format("Console pages, %,d decisions, %,d deliveries, %,d delivery events (load %,d ms); "
                + "%d requests each after %d warm-up%n", console.count("decision"), console.count("delivery"),
                console.count("delivery_event"), loadMs, REQUESTS, WARMUP));
        table.append(String.format("scorecard figures: %,d changes of the load folded (and vacuum analyze) in %,d ms%n",
                folded, foldMs));
        table.append(String.format("%-30s %10s %10s %10s%n", "page", "median ms", "p95 ms", "max ms"));
        for (Map.Entry<String, String> page : pages.entrySet()) {
            double[] ms = console.time(page.getValue(), WARMUP, REQUESTS);
            table.append(String.format("%-30s %10.1f %10.1f %10.1f%n", page.getKey(), ConsolePages.percentile(ms, 50),
                    ConsolePages.percentile(ms, 95), ms[ms.length - 1]));
        }
        System.out.println(table);
        Path out = Path.of("target", "bench", "console-pages.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        Files.writeString(out.resolveSibling("console-plans.txt"), plans());
    }

    /**
     * The generic plans (what a statement the JDBC driver prepared runs after a few calls) of the pages' reads of
     * {@code delivery}, each as its page runs it: every one should walk an index of {@code delivery}, never the table.
     */
    private String plans() {
        String open = Lateness.IS_NOT_STARTED.replace(":now", "$1");
        String late = Lateness.OVERDUE_OPEN.replace(":now", "$1");
        String signLate = Lateness.SIGN_LATE_OPEN.replace(":now", "$1");
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("overview: overdue", "select count(*) from delivery d where " + open + " and " + late);
        queries.put("departments: load", "select d.department, count(*) filter (where " + Lateness.IS_UNSIGNED
                + ") as pending, min(d.created_at), count(*) filter (where " + late + ") from delivery d where "
                + open + " and d.department = $2 group by d.department");
        String period = " and d.created_at >= $1 - interval '90 days' and d.created_at < $1 and ";
        queries.put("scorecards: overdue", "select department, sum(n), sum(s) from (select d.department, count(*) n, "
                + "count(*) filter (where " + signLate + ") s from delivery d where " + open + period + late
                + " group by 1 union all select d.department, -count(*), -count(*) filter (where " + signLate
                + ") from delivery d where d.id in (select o.delivery_id from outbox o where o.kind = 'DECISION') "
                + "and d.status = 'PENDING'" + period + late + " group by 1) f group by 1");
        queries.put("department: unsigned, newest first", "select d.id, d.status from delivery d where "
                + "d.department = $2 and " + Lateness.IS_UNSIGNED + " and $1 is not null order by d.created_at desc, "
                + "d.id limit 50");
        queries.put("department: all, page 20", "select d.id, d.status from delivery d where d.department = $2 "
                + "and $1 is not null order by d.created_at desc, d.id limit 50 offset 950");
        queries.put("feed: since a cursor", "select d.id from delivery d where d.department = $2 and "
                + "(d.updated_at, d.id) > ($1, '00000000-0000-0000-0000-000000000000') order by d.updated_at, d.id "
                + "limit 100");
        queries.put("feed: status SIGNED", "select d.id from delivery d where d.department = $2 and d.phase = "
                + "'SIGNED' and d.status = 'SIGNED' and $1 is not null order by d.updated_at, d.id limit 100");
        queries.put("actions: returned", "select d.id from delivery d where d.phase = 'RETURNED' order by "
                + "d.updated_at, d.id limit 50");
        StringBuilder out = new StringBuilder("Generic plans of the console's reads of delivery\n");
        jdbc.execute((ConnectionCallback<Void>) con -> {
            try (Statement st = con.createStatement()) {
                st.execute("set plan_cache_mode = force_generic_plan");
                int n = 0;
                for (Map.Entry<String, String> q : queries.entrySet()) {
                    String name = "plan" + n++;
                    st.execute("prepare " + name + "(timestamptz, text) as " + q.getValue());
                    out.append("\n").append(q.getKey()).append('\n');
                    try (ResultSet plan = st.executeQuery("explain execute " + name + "(now(), 'ZJ')")) {
                        while (plan.next()) {
                            out.append("  ").append(plan.getString(1)).append('\n');
                        }
                    }
                    st.execute("deallocate " + name);
                }
                st.execute("reset plan_cache_mode");
            }
            return null;
        });
        return out.toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
