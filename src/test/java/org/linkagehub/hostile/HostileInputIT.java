package org.linkagehub.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.demo.MarketViewDatabase;
import org.linkagehub.demo.OnlineHallSimulator;
import org.linkagehub.ingest.SourceCursors;
import org.linkagehub.ingest.hall.OnlineHallPoller;
import org.linkagehub.ingest.market.MarketSupervisionPoller;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hostile-input corpus ({@code hostile/corpus.yaml}, one row per case; see {@link HostileCase}) through every
 * intake's real interface — signed HTTP, the manual API and CSV upload, real files in the OA inbox, the hall over
 * HTTP, the market view in a real PostgreSQL, receipts over HTTP and over the broker — each row checked for its
 * answer, its raw input's outcome and its reason, then the global checks: no 5xx and no Java names in any answer,
 * every input kept raw, nothing hostile delivered, no file outside the folders touched, no secret or file content
 * served, no ID number in clear in the log, and the hub healthy afterwards. The SFTP rows run in
 * {@code OaSftpIT}, which has the SFTP server.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputIT extends HubIntegrationTest {

    static final Path INBOX = DATA_DIR.resolve("inbox/oa");
    static final Path OUTSIDE = DATA_DIR.resolve("outside");
    static final String CANARY = "CANARY-SECRET-7f3a9c";
    /** A Java package-qualified name, a method signature or an exception class: never in an answer. */
    static final Pattern JAVA = Pattern.compile(
            "\\b(org|java|javax|jakarta|com)\\.[a-z]+\\.|\\w+(Exception|Error)\\b|\\w\\((byte\\[\\]|java|org)");

    @Autowired
    OnlineHallPoller hall;
    @Autowired
    MarketSupervisionPoller market;
    @Autowired
    SourceCursors cursors;
    @Autowired
    ObjectMapper json;

    final List<String> fiveHundreds = new ArrayList<>();
    final List<Long> refusedRaw = new ArrayList<>();
    final List<Long> linkQuarantine = new ArrayList<>();
    String delivery;
    String department;
    MarketViewDatabase view;
    JdbcTemplate viewJdbc;

    @TestFactory
    Stream<DynamicTest> everyHostileInputEndsAsItsRowSays(CapturedOutput output) throws Exception {
        setUp();
        Set<String> inboxBefore = tree(DATA_DIR.resolve("inbox"));
        List<HostileCase> rows = HostileCase.load("webhook", "manual", "csv", "receipt-rest", "receipt-queue", "oa", "hall",
                "market", "http", "cases-rest", "cases-queue");
        Stream<DynamicTest> cases = rows.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(c)));
        Stream<DynamicTest> global = Stream.of(
                DynamicTest.dynamicTest("global: no answer was a 5xx", () -> assertThat(fiveHundreds).isEmpty()),
                DynamicTest.dynamicTest("global: nothing refused was delivered", this::nothingRefusedDelivered),
                DynamicTest.dynamicTest("global: no file outside the folders touched", () -> filesStayed(inboxBefore)),
                DynamicTest.dynamicTest("global: no secret or file content served", this::noSecretServed),
                DynamicTest.dynamicTest("global: no ID number in clear in the log", () -> {
                    assertThat(output.getAll()).as("the log was captured").contains("quarantined");
                    assertThat(output.getAll()).doesNotContain(HostileCase.PERSON);
                }),
                DynamicTest.dynamicTest("global: the hub is healthy and takes a good event afterwards", this::healthy));
        return Stream.concat(cases, global);
    }

    private void setUp() throws Exception {
        Files.createDirectories(INBOX);
        Files.createDirectories(OUTSIDE);
        Files.writeString(OUTSIDE.resolve("canary.txt"), CANARY + "\n");
        // a delivery for the receipt rows, from a good event
        HostileCase.Values values = new HostileCase.Values(null);
        HttpResponse<String> answer = postSigned(HostileCase.json(values.apply(HostileCase.base("webhook"), null)));
        assertThat(answer.statusCode()).isEqualTo(200);
        Map<String, Object> row = jdbc.queryForMap("""
                select d.id, d.department from delivery d join decision c on c.id = d.decision_id
                where c.document_number = ? and d.department = 'ZJ'""", values.doc);
        delivery = row.get("id").toString();
        department = row.get("department").toString();
        DataSource viewDatabase = marketViewDatabase();
        view = new MarketViewDatabase(viewDatabase);
        viewJdbc = new JdbcTemplate(viewDatabase);
    }

    private void run(HostileCase c) throws Exception {
        HostileCase.Values values = new HostileCase.Values(delivery);
        long before = maxRawId();
        Integer status = switch (c.intake()) {
            case "webhook" -> answer(postSigned(body(c, values, HostileCase.base("webhook"))));
            case "manual" -> answer(send("POST", "/api/v1/decisions/manual", basic("operator", "operator"),
                    "application/json", body(c, values, HostileCase.base("manual"))));
            case "csv" -> answer(send("POST", "/api/v1/decisions/manual/csv", basic("operator", "operator"), "text/csv",
                    c.body() != null ? values.bytes(c.body(), charset(c)) : csv(values.apply(HostileCase.base("csv"), c.set()))));
            case "receipt-rest" -> answer(send("POST", "/api/v1/deliveries/" + (c.set() != null && c.set().containsKey("path")
                    ? values.expand(c.set().get("path")) : delivery) + "/receipt",
                    bearer("demo-" + department.toLowerCase(Locale.ROOT)), "application/json",
                    values.bytes(c.body(), StandardCharsets.UTF_8)));
            case "cases-rest" -> answer(send("POST", "/api/v1/cases", bearer("demo-zj"), "application/json",
                    body(c, values, HostileCase.base("cases-rest"))));
            case "receipt-queue" -> {
                sendTo("linkage.receipts." + department, values.bytes(c.body(), StandardCharsets.UTF_8),
                        c.body().contains("%{byte"));
                awaitTaken(before, "receipts", "'APPLIED', 'REFUSED'");
                yield null;
            }
            case "cases-queue" -> {
                sendTo("linkage.cases." + department, body(c, values, HostileCase.base("cases-queue")),
                        c.body() != null && c.body().contains("%{byte"));
                awaitTaken(before, "CASES", "'ACCEPTED', 'REJECTED', 'DUPLICATE'");
                yield null;
            }
            case "oa" -> {
                drop(c, values);
                yield null;
            }
            case "hall" -> {
                walkHall(c, values);
                yield null;
            }
            case "market" -> {
                pollMarket(c, values);
                yield null;
            }
            case "http" -> http(c, values);
            default -> throw new IllegalArgumentException("no intake " + c.intake() + " in this test");
        };
        HostileCase.Expect expect = c.expect();
        if (expect.status() != null) {
            assertThat(status).as("answer").isEqualTo(expect.status());
        }
        if (c.intake().equals("http")) {
            return;
        }
        List<Long> raws = c.verifyStored(jdbc, before);
        if (!expect.accepted()) {
            refusedRaw.addAll(raws);
        }
        String ids = raws.stream().map(String::valueOf).collect(Collectors.joining(","));
        if (c.intake().equals("oa") && c.file() != null && (c.file().containsKey("link") || c.file().containsKey("hardlink"))) {
            linkQuarantine.addAll(jdbc.queryForList("select id from quarantine where raw_input_id in (" + ids + ")",
                    Long.class));
        }
    }

    // --- the intakes

    private byte[] body(HostileCase c, HostileCase.Values values, Map<String, Object> base) {
        return c.body() != null ? values.bytes(c.body(), charset(c))
                : HostileCase.json(values.apply(base, c.set())).getBytes(StandardCharsets.UTF_8);
    }

    private static Charset charset(HostileCase c) {
        return c.file() != null && c.file().containsKey("charset") ? Charset.forName(c.file().get("charset"))
                : StandardCharsets.UTF_8;
    }

    private static byte[] csv(Map<String, Object> row) {
        List<String> header = new ArrayList<>(row.keySet());
        String line = header.stream().map(h -> cell(String.valueOf(row.get(h)))).collect(Collectors.joining(","));
        return (String.join(",", header) + "\n" + line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String cell(String value) {
        return value.matches("(?s).*[\",\\n\\r].*") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    /** Waits until the hub has taken the queue message this row sent: its raw input has one of these outcomes. */
    private void awaitTaken(long before, String source, String outcomes) {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                select count(*) from raw_input where id > ? and source = ? and transport = 'queue'
                and outcome in (""" + outcomes + ")", Integer.class, before, source) > 0);
    }

    /** Sends as the delivery's department (ZJ) to one of its own addresses, as text or, for raw bytes, as bytes. */
    private void sendTo(String address, byte[] body, boolean bytes) throws JMSException {
        String user = department.toLowerCase(Locale.ROOT);
        try (Connection connection = departmentConnection(user, "demo-" + user);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(address))) {
            Message message;
            if (bytes) {
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(body);
                message = m;
            } else {
                message = session.createTextMessage(new String(body, StandardCharsets.UTF_8));
            }
            producer.send(message);
        }
    }

    private void drop(HostileCase c, HostileCase.Values values) throws IOException {
        Map<String, String> file = c.file() == null ? Map.of() : c.file();
        Path target = INBOX.resolve(c.fileName(values));
        long before = maxRawId();
        if (file.containsKey("link")) {
            Files.createSymbolicLink(target, Path.of(file.get("link").replace("canary", OUTSIDE.resolve("canary.txt").toString())));
        } else if (file.containsKey("hardlink")) {
            Files.createLink(target, OUTSIDE.resolve("canary.txt"));
        } else {
            Path tmp = OUTSIDE.resolve(values.id + ".tmp");
            Files.write(tmp, c.oaContent(values));
            Files.move(tmp, target);
        }
        HostileCase.awaitTaken(jdbc, target, before);
    }

    private void walkHall(HostileCase c, HostileCase.Values values) {
        ONLINE_HALL.clear();
        cursors.reset(OnlineHallPoller.SOURCE);
        if (c.body() != null) {
            String page = values.expand(c.body());
            // a page the hub cannot read is asked for twice: it must be stored and quarantined once
            ONLINE_HALL.answerOnPage(1, 2, page);
            long before = maxRawId();
            hall.poll();
            hall.poll();
            assertThat(jdbc.queryForObject("""
                    select count(*) from raw_input where id > ? and source = 'online-hall' and sha256 = ?""",
                    Integer.class, before, sha256(page.getBytes(StandardCharsets.UTF_8))))
                    .as("a page the hub cannot read is kept once, not on every poll").isEqualTo(1);
        } else {
            int n;
            do {
                n = ThreadLocalRandom.current().nextInt(100_000, 9_000_000);
            } while (n % 9 == 0 || n % 13 == 0 || n % 7 == 0);
            Map<String, Object> record = new LinkedHashMap<>(OnlineHallSimulator.newCase(n, "2026-11-20 16:30:00"));
            record.put("PFWH", "%{doc}");
            Map<String, String> strings = new LinkedHashMap<>();
            values.apply(record, c.set()).forEach((k, v) -> strings.put(k, String.valueOf(v)));
            ONLINE_HALL.complete(List.of(strings));
            hall.poll();
        }
        ONLINE_HALL.clear();
    }

    private void pollMarket(HostileCase c, HostileCase.Values values) {
        viewJdbc.execute("truncate xk_gs");
        cursors.reset(MarketSupervisionPoller.SOURCE);
        Map<String, Object> row = new LinkedHashMap<>(MarketViewDatabase.sampleRows().get(0));
        row.put("ID", Long.toString(ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000_000L)));
        row.put("XK_WSH", "%{doc}");
        row.put("SJC", LocalDateTime.now().withNano(0).format(MarketViewDatabase.SJC_TEXT));
        Map<String, String> strings = new LinkedHashMap<>();
        values.apply(row, c.set()).forEach((k, v) -> strings.put(k, v == null ? null : String.valueOf(v)));
        view.upsert(List.of(strings));
        market.poll();
    }

    private Integer http(HostileCase c, HostileCase.Values values) {
        Map<String, String> set = c.set();
        String auth = switch (set.getOrDefault("auth", "none")) {
            case "operator" -> basic("operator", "operator");
            case "department" -> bearer("demo-" + department.toLowerCase(Locale.ROOT));
            default -> null;
        };
        byte[] body = c.body() == null ? null : values.bytes(c.body(), StandardCharsets.UTF_8);
        HttpResponse<String> answer = send(set.getOrDefault("method", "GET"), values.expand(set.get("path")), auth,
                set.getOrDefault("contentType", "application/json"), body);
        if (set.get("path").startsWith("/actuator/health") && auth == null) {
            assertThat(answer.body()).as("anonymous health: the status only").doesNotContain("components", "details");
        }
        return answer(answer);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every answer: no 5xx, no Java names, no secret. */
    private Integer answer(HttpResponse<String> answer) {
        // a health group answers 503 when DOWN: that is its contract with load balancers, not an error
        boolean health = answer.uri().getPath().startsWith("/actuator/health");
        if (answer.statusCode() >= 500 && !health) {
            fiveHundreds.add(answer.uri() + " " + answer.statusCode() + " " + answer.body());
        }
        if (!health) {
            assertThat(answer.statusCode()).as("no 5xx: %s", answer.body()).isLessThan(500);
        }
        if (!answer.uri().getPath().equals("/actuator/prometheus")) {
            // the scrape's labels name the main class; nothing else may name Java
            assertThat(answer.body()).as("no Java names in the answer").doesNotContainPattern(JAVA);
        }
        assertThat(answer.body()).doesNotContain(CANARY);
        return answer.statusCode();
    }

    // --- the global checks

    private void nothingRefusedDelivered() {
        if (refusedRaw.isEmpty()) {
            return;
        }
        String ids = refusedRaw.stream().map(String::valueOf).collect(Collectors.joining(","));
        assertThat(jdbc.queryForObject("""
                select count(*) from delivery d join decision c on c.id = d.decision_id where c.raw_input_id in (""" + ids
                + ")", Integer.class)).isZero();
    }

    private void filesStayed(Set<String> before) throws IOException {
        assertThat(Files.readString(OUTSIDE.resolve("canary.txt"))).isEqualTo(CANARY + "\n");
        Set<String> after = tree(DATA_DIR.resolve("inbox"));
        after.removeAll(before);
        assertThat(after).as("new files under the inbox's parent").allMatch(p -> p.startsWith("oa/.done/")
                || p.startsWith("oa/.failed/") || p.equals("oa/.done") || p.equals("oa/.failed"));
        try (Stream<Path> outside = Files.list(OUTSIDE)) {
            assertThat(outside.map(p -> p.getFileName().toString())).containsExactly("canary.txt");
        }
        try (Stream<Path> root = Files.list(DATA_DIR)) {
            assertThat(root.map(p -> p.getFileName().toString()).filter(n -> n.contains("reason") || n.endsWith(".xml")))
                    .isEmpty();
        }
    }

    private void noSecretServed() {
        assertThat(linkQuarantine).as("the link rows were quarantined").isNotEmpty();
        for (long id : linkQuarantine) {
            HttpResponse<String> detail = get("/api/v1/quarantine/" + id, basic("auditor", "auditor"));
            assertThat(detail.statusCode()).isEqualTo(200);
            assertThat(detail.body()).doesNotContain(CANARY, "root:x:0:0");
        }
        assertThat(jdbc.queryForObject("select count(*) from raw_input where position(?::bytea in body) > 0", Integer.class,
                CANARY.getBytes(StandardCharsets.UTF_8))).as("no stored body holds the file behind a link").isZero();
        assertThat(jdbc.queryForObject("select count(*) from raw_input where position('root:x:0:0'::bytea in body) > 0",
                Integer.class)).isZero();
        assertThat(get("/actuator/info", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/env", null).statusCode()).isEqualTo(401);
    }

    private void healthy() throws Exception {
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).path("status").asText()).isEqualTo("UP");
        HostileCase.Values values = new HostileCase.Values(null);
        HttpResponse<String> answer = postSigned(HostileCase.json(values.apply(HostileCase.base("webhook"), null)));
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode message = receiveDocument("zj", "demo-zj", "linkage.dept.ZJ", values.doc);
        assertThat(message.path("documentNumber").asText()).isEqualTo(values.doc);
    }

    private long maxRawId() {
        Long id = jdbc.queryForObject("select coalesce(max(id), 0) from raw_input", Long.class);
        return id == null ? 0 : id;
    }

    private static Set<String> tree(Path root) throws IOException {
        Set<String> paths = new TreeSet<>();
        if (!Files.exists(root)) {
            return paths;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).forEach(p -> paths.add(root.relativize(p).toString()));
        }
        return paths;
    }
}
