package org.linkagehub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.linkagehub.platform.BeijingTime;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The console pages an operator opens, timed on a running hub: rows seeded by SQL ({@link #load}, fast enough for a
 * million decisions), then each page requested after a warm-up by an operator logged in through the form. Shared by
 * {@link ConsolePagesBench} and {@link FastPathBench}, so both time the same pages on the same data.
 */
final class ConsolePages {

    private final JdbcTemplate jdbc;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    ConsolePages(JdbcTemplate jdbc, int port) {
        this.jdbc = jdbc;
        this.port = port;
    }

    /**
     * {@code decisions} decisions over the last 90 days, two deliveries each, in the statuses a real hub would show,
     * with their events, reminders and escalations, and one quarantined input in 50.
     */
    void load(int decisions) {
        if (decisions <= 0) {
            return;
        }
        jdbc.execute("""
                insert into raw_input (source, transport, source_ref, body, size_bytes, sha256, received_at, outcome)
                select 'project-approval', 'webhook', 'EV-B-' || i,
                       convert_to('{"eventId":"EV-B-' || i || '","pfwh":"石审批建许〔2026〕B' || i || '号"}', 'UTF8'), 60,
                       md5(i::text) || md5(i::text), now() - (i * interval '90 days' / %1$d), 'DECIDED'
                from generate_series(1, %1$d) i""".formatted(decisions));
        jdbc.execute("""
                insert into decision (id, lineage_id, version, document_number, decision_type, decision_date, matter_code,
                       subject_name, subject_uscc, source_system, source_record_id, fact_hash, raw_input_id, routed,
                       payload, created_at)
                select md5('d' || r.id)::uuid, md5('l' || r.id)::uuid, 1, '石审批建许〔2026〕B' || r.id || '号', 'GRANT',
                       r.received_at::date, (array['640200-SPJ-ZJ-0008','640200-SPJ-HB-0012','640200-SPJ-WJ-0107',
                       '640200-SPJ-JT-0045','640200-SPJ-SP-0031'])[1 + r.id %% 5],
                       (array['宁夏星光置业有限公司','石嘴山某化工有限公司','大武口区某诊所','惠农区某运输有限公司'])[1 + r.id %% 4]
                           || r.id, '91640205MA7K8L9M0M', 'PROJECT_APPROVAL', 'EV-B-' || r.id, md5(r.id::text) || md5('x'),
                       r.id, true, jsonb_build_object('documentNumber', '石审批建许〔2026〕B' || r.id || '号'), r.received_at
                from raw_input r where r.source_ref like 'EV-B-%%'""".formatted());
        jdbc.execute("""
                insert into delivery (id, decision_id, department, role, channel, status, routing_rule, routing_version,
                       sign_due_at, start_due_at, created_at, updated_at)
                select md5(x.id::text || k)::uuid, x.id,
                       (array['SCJG','ZJ','ZRZY','STHJ','WJ','JT','WL','YJ','NY','SW','JY','GA','SJ','DCS','SF'])
                           [1 + (x.raw_input_id + k * 7) % 15],
                       case k when 0 then 'PRIMARY' else 'ASSIST' end, 'queue',
                       case when x.created_at > now() - interval '2 days' then 'DISPATCHED'
                            when (x.raw_input_id + k) % 20 = 0 then 'DISPATCHED'
                            when (x.raw_input_id + k) % 20 = 1 then 'RETURNED'
                            when (x.raw_input_id + k) % 20 < 5 then 'SIGNED'
                            else 'SUPERVISION_STARTED' end,
                       x.matter_code, 'bench', x.created_at + interval '1 day', x.created_at + interval '3 days',
                       x.created_at, x.created_at
                from decision x cross join generate_series(0, 1) k where x.source_record_id like 'EV-B-%'""");
        jdbc.execute("""
                insert into delivery_event (delivery_id, status, at, actor, note)
                select d.id, s.status, d.created_at + s.after, s.actor, null
                from delivery d cross join lateral (values
                       ('PENDING', interval '0', 'hub', 0), ('DISPATCHED', interval '1 second', 'broker', 0),
                       ('SIGNED', interval '20 hours' + (abs(hashtext(d.id::text)) % 40) * interval '1 hour', 'dept', 1),
                       ('SUPERVISION_STARTED', interval '2 days', 'dept', 2),
                       ('WARNED', interval '20 hours', 'deadline', 3), ('ESCALATED', interval '26 hours', 'deadline', 4),
                       ('RETURNED', interval '3 hours', 'dept', 5)) s(status, after, actor, kind)
                where d.routing_version = 'bench' and (s.kind = 0
                   or (s.kind = 1 and d.status in ('SIGNED', 'SUPERVISION_STARTED'))
                   or (s.kind = 2 and d.status = 'SUPERVISION_STARTED')
                   or (s.kind in (3, 4) and d.status = 'DISPATCHED' and d.sign_due_at < now())
                   or (s.kind = 5 and d.status = 'RETURNED'))""");
        jdbc.execute("""
                insert into quarantine (raw_input_id, source, source_ref, reasons, status, created_at)
                select r.id, r.source, r.source_ref, '[{"field":"subject.uscc","value":"91640205MA7K8L9M0X",
                       "rule":"uscc-checksum","message":"check character"}]'::jsonb,
                       case when r.id % 3 = 0 then 'REPLAYED' else 'OPEN' end, r.received_at
                from raw_input r where r.source_ref like 'EV-B-%' and r.id % 50 = 0""");
    }

    /**
     * What the first scorecard after a long quiet spell pays: every change of the load, folded at once (V14); then
     * the steady state, where autovacuum has long caught up. Returns how many changes were folded.
     */
    long foldAndVacuum() {
        Long folded = jdbc.queryForObject("select fold_delivery_figures()", Long.class);
        jdbc.execute("vacuum analyze");
        return folded == null ? 0 : folded;
    }

    /** The pages, by name, for the data loaded: the detail pages point at a seeded decision and quarantine entry. */
    Map<String, String> pages() {
        String doc = jdbc.queryForObject("select document_number from decision order by created_at desc offset 500 limit 1",
                String.class);
        String lineage = jdbc.queryForObject("select lineage_id::text from decision where document_number = ? limit 1",
                String.class, doc);
        Long quarantined = jdbc.queryForObject("select max(id) from quarantine", Long.class);
        LocalDate today = LocalDate.now(BeijingTime.ZONE);
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("overview", "/console");
        pages.put("quarantine list", "/console/quarantine");
        if (quarantined != null) {
            pages.put("quarantine detail", "/console/quarantine/" + quarantined);
        }
        pages.put("departments (this month)", "/console/departments");
        pages.put("department ZJ, unsigned", "/console/departments/ZJ");
        pages.put("department ZJ, all, page 20", "/console/departments/ZJ?filter=all&page=20");
        pages.put("search: document number", "/console/decisions?q=" + encode(doc));
        pages.put("search: applicant prefix", "/console/decisions?q=" + encode("宁夏星光"));
        pages.put("search: matter code", "/console/decisions?q=640200-SPJ-ZJ-0008");
        pages.put("timeline", "/console/decisions/" + lineage);
        pages.put("scorecards (this month)", "/console/scorecards");
        pages.put("scorecards (90 days)", "/console/scorecards?from=" + today.minusDays(90) + "&to=" + today);
        pages.put("scorecards CSV (90 days)", "/console/scorecards.csv?from=" + today.minusDays(90) + "&to=" + today);
        pages.put("scorecards print", "/console/scorecards/print");
        pages.put("actions (DLQ, audit)", "/console/actions");
        return pages;
    }

    void logIn(String user, String password) throws Exception {
        String form = get("/login");
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password + "&_csrf="
                        + encode(csrf.group(1)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
    }

    /** Server time of {@code requests} GETs of a page after {@code warmup} untimed ones, in ms, sorted. */
    double[] time(String path, int warmup, int requests) throws Exception {
        for (int i = 0; i < warmup; i++) {
            get(path);
        }
        double[] ms = new double[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            get(path);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
