package org.linkagehub.ingest.hall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.ingest.OnlineHallProperties;
import org.linkagehub.ingest.SourceCursors;
import org.linkagehub.ingest.SourceMonitor;
import org.linkagehub.platform.OutgoingHttp;
import org.linkagehub.raw.RawInputStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The hall polled through its real interface: the simulator serves the legacy samples' records over HTTP with the
 * hall's paging, cursor and in-body errors, and the poller walks it into decisions, deliveries and the cursor.
 * Each test tags its case numbers and document numbers, so the shared database never makes one test's records
 * another's duplicates.
 */
class OnlineHallPollingIT extends HubIntegrationTest {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String SOURCE = OnlineHallPoller.SOURCE;

    @Autowired
    OnlineHallPoller poller;
    @Autowired
    OnlineHallProperties properties;
    @Autowired
    RawInputStore raw;
    @Autowired
    CamelContext camel;
    /** How often a busy page is asked again (routes/error-handling.yaml). */
    @Value("${linkage.intake.redelivery.maximum-redeliveries}")
    int retries;
    @Autowired
    SourceCursors cursors;
    @Autowired
    SourceMonitor monitor;
    @Autowired
    ObjectMapper json;
    @Autowired
    OutgoingHttp http;

    private String tag;
    private long rawBefore;

    @BeforeEach
    void freshHall() {
        ONLINE_HALL.clear();
        cursors.reset(SOURCE);
        tag = "T" + SEQ.incrementAndGet() + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        rawBefore = jdbc.queryForObject("select coalesce(max(id), 0) from raw_input", Long.class);
    }

    @Test
    void theLegacySamplesWalkBecomesDecisionsAndDeliveriesAndOnlyThenMovesTheCursor() throws Exception {
        ONLINE_HALL.complete(sample("page-1.json", "page-2.json"));

        OnlineHallPoller.Walk walk = poller.poll();

        assertThat(walk.outcome()).isEqualTo(OnlineHallPoller.Walk.Outcome.COMPLETE);
        assertThat(walk.pages()).as("page-1, page-2, page-3-empty").isEqualTo(3);
        assertThat(walk.records()).isEqualTo(3);
        assertThat(new String(Base64.getDecoder().decode(walk.nextSince()), StandardCharsets.UTF_8))
                .isEqualTo("2026-11-20 16:30:00|NX6402002026112000013" + tag);
        assertThat(cursors.get(SOURCE)).contains(walk.nextSince());
        assertThat(jdbc.queryForList("""
                select source_ref from raw_input where id > ? and source = 'online-hall' and transport = 'poll'
                order by id""", String.class, rawBefore))
                .containsExactly("since=&pageNo=1", "since=&pageNo=2", "since=&pageNo=3");
        assertThat(jdbc.queryForList("""
                select decision_type || ' ' || routed from decision where source_record_id like ? order by source_record_id""",
                String.class, "%" + tag)).containsExactly("GRANT true", "GRANT true", "DENY false");
        assertThat(decisionMapping("source_record_id like ? and decision_type = 'DENY'", "%" + tag))
                .isEqualTo(packagedMapping("online-hall"));
        assertThat(deliveries("119")).containsExactly("SCJG");
        assertThat(deliveries("120")).containsExactly("JT");
        JsonNode jt = receiveDocument("jt", "demo-jt", "linkage.dept.JT", doc("120"));
        assertThat(jt.path("source").path("system").asText()).isEqualTo("ONLINE_HALL");
        assertThat(jt.path("commitment").asBoolean()).isTrue();
        assertThat(jt.path("decisionDate").asText()).isEqualTo("2026-11-20");

        OnlineHallPoller.Walk nothingNew = poller.poll();
        assertThat(nothingNew.outcome()).isEqualTo(OnlineHallPoller.Walk.Outcome.COMPLETE);
        assertThat(nothingNew.since()).isEqualTo(walk.nextSince());
        assertThat(nothingNew.records()).isZero();
        assertThat(cursors.get(SOURCE)).contains(walk.nextSince());
    }

    /**
     * Go-live: with no cursor stored, the first walk starts at {@code start-from}, so the hall's history before it
     * is never asked for; once a walk is complete its own cursor wins over the setting.
     */
    @Test
    void theFirstWalkWithoutACursorStartsAtTheConfiguredStartPoint() {
        List<Map<String, String>> records = sample("page-1.json", "page-2.json");
        ONLINE_HALL.complete(records);
        Map<String, String> lastOfPage1 = records.get(1);
        String startFrom = Base64.getEncoder().encodeToString((lastOfPage1.get("BJSJ") + "|" + lastOfPage1.get("SBLSH"))
                .getBytes(StandardCharsets.UTF_8));
        OnlineHallPoller goLive = new OnlineHallPoller(new OnlineHallProperties(properties.baseUrl(),
                properties.token(), properties.pollInterval(), properties.pageSize(), startFrom,
                properties.timeout()), raw, cursors, monitor, json, http, camel);

        OnlineHallPoller.Walk first = goLive.poll();

        assertThat(first.outcome()).isEqualTo(OnlineHallPoller.Walk.Outcome.COMPLETE);
        assertThat(first.since()).isEqualTo(startFrom);
        assertThat(first.records()).as("only page-2's refused case lies after the start point").isEqualTo(1);
        assertThat(jdbc.queryForList("select document_number from decision where source_record_id like ?",
                String.class, "%" + tag)).containsExactly("石审批不许〔2026〕12-" + tag + "号");
        assertThat(cursors.get(SOURCE)).contains(first.nextSince());

        ONLINE_HALL.complete(sample("later-voided.json"));
        OnlineHallPoller.Walk next = goLive.poll();
        assertThat(next.since()).as("the stored cursor, not the start point").isEqualTo(first.nextSince());
        assertThat(next.records()).isEqualTo(1);
    }

    @Test
    void aWalkCutShortRepeatsWholeAfterARestartAndItsDuplicatesAreRecognised() {
        ONLINE_HALL.complete(sample("page-1.json", "page-2.json"));
        ONLINE_HALL.answerOnPage(2, retries + 1, null);

        OnlineHallPoller.Walk cut = poller.poll();

        assertThat(cut.outcome()).isEqualTo(OnlineHallPoller.Walk.Outcome.UNREACHABLE);
        assertThat(cut.pages()).isEqualTo(1);
        assertThat(cursors.get(SOURCE)).as("no cursor before the last page").isEmpty();
        assertThat(decisionCount()).isEqualTo(2);
        long deliveriesBefore = deliveryCount();

        // a restarted hub: a new poller with nothing in memory walks again from the same (absent) cursor
        OnlineHallPoller restarted = new OnlineHallPoller(properties, raw, cursors, monitor, json, http, camel);
        OnlineHallPoller.Walk repeated = restarted.poll();

        assertThat(repeated.outcome()).isEqualTo(OnlineHallPoller.Walk.Outcome.COMPLETE);
        assertThat(repeated.records()).isEqualTo(3);
        assertThat(decisionCount()).as("no decision twice").isEqualTo(3);
        assertThat(deliveryCount()).as("no delivery twice").isEqualTo(deliveriesBefore);
        assertThat(jdbc.queryForList("""
                select outcome from raw_input where id > ? and source = 'online-hall' and source_ref = 'since=&pageNo=1'
                order by id""", String.class, rawBefore)).containsExactly("ACCEPTED", "DUPLICATE");
        assertThat(cursors.get(SOURCE)).contains(repeated.nextSince());
    }

    @Test
    void recordsSharingOneSecondAcrossPagesAndWalksAreNeitherLostNorDoubled() {
        String second = "2026-11-27 10:00:00";
        ONLINE_HALL.complete(sameSecond(second, 1, 5));
        assertThat(poller.poll().records()).isEqualTo(5);
        // two more cases completed later within that same second: the cursor names the case, not just the time
        ONLINE_HALL.complete(sameSecond(second, 6, 2));
        OnlineHallPoller.Walk later = poller.poll();

        assertThat(later.records()).isEqualTo(2);
        assertThat(jdbc.queryForList("select source_record_id from decision where source_record_id like ?",
                String.class, "%" + tag)).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void aCaseVoidedLaterRevokesItsGrantInTheSameLineage() {
        ONLINE_HALL.complete(sample("page-1.json", "page-2.json"));
        poller.poll();
        ONLINE_HALL.complete(sample("later-voided.json"));

        OnlineHallPoller.Walk walk = poller.poll();

        assertThat(walk.records()).isEqualTo(1);
        List<Map<String, Object>> versions = jdbc.queryForList("""
                select lineage_id, version, decision_type, decision_date from decision where document_number = ?
                order by version""", doc("120"));
        assertThat(versions).extracting(v -> v.get("decision_type")).containsExactly("GRANT", "REVOKE");
        assertThat(versions).extracting(v -> v.get("version")).containsExactly(1, 2);
        assertThat(versions.get(1).get("lineage_id")).isEqualTo(versions.get(0).get("lineage_id"));
        assertThat(versions.get(1).get("decision_date").toString()).isEqualTo("2026-11-26");
        assertThat(jdbc.queryForList("""
                select d.department from delivery d join decision c on c.id = d.decision_id
                where c.document_number = ? and c.version = 2""", String.class, doc("120"))).containsExactly("JT");
    }

    @Test
    void anAmendedCaseIsTheNextVersionDeliveredAndRepeatingAllWalksCreatesNothing() {
        ONLINE_HALL.complete(sample("page-1.json"));
        poller.poll();
        Map<String, String> amended = new LinkedHashMap<>(sample("page-1.json").get(1));
        amended.put("ZJYXQZHI", "2031-11-19");
        amended.put("BJSJ", "2026-11-24 11:20:05");
        ONLINE_HALL.complete(List.of(amended));
        poller.poll();

        List<Map<String, Object>> versions = jdbc.queryForList("""
                select lineage_id, version, id from decision where document_number = ? order by version""", doc("120"));
        assertThat(versions).extracting(v -> v.get("version")).containsExactly(1, 2);
        assertThat(versions.get(1).get("lineage_id")).isEqualTo(versions.get(0).get("lineage_id"));
        assertThat(jdbc.queryForObject("select count(*) from delivery where decision_id = ?", Integer.class,
                versions.get(1).get("id"))).isEqualTo(1);
        int decisions = decisionCount();
        long deliveries = deliveryCount();

        cursors.reset(SOURCE);
        OnlineHallPoller.Walk again = poller.poll();

        assertThat(again.records()).isEqualTo(3);
        assertThat(decisionCount()).isEqualTo(decisions);
        assertThat(deliveryCount()).isEqualTo(deliveries);
    }

    @Test
    void anExpiredTokenMarksTheSourceDownWithTheReasonAndMovesNothing() throws Exception {
        ONLINE_HALL.complete(sample("page-1.json"));
        String cursor = poller.poll().nextSince();
        ONLINE_HALL.complete(sample("page-2.json"));
        ONLINE_HALL.answerOnPage(0, 1, legacy("error-token-expired.json"));

        OnlineHallPoller.Walk refused = poller.poll();

        assertThat(refused.outcome()).isEqualTo(OnlineHallPoller.Walk.Outcome.UNAUTHORIZED);
        assertThat(refused.failure()).isEqualTo("401 token expired");
        assertThat(cursors.get(SOURCE)).contains(cursor);
        assertThat(decisionCount()).isEqualTo(2);
        assertThat(jdbc.queryForList("select outcome from raw_input where id > ? and source = 'online-hall' order by id",
                String.class, rawBefore)).endsWith("REFUSED");
        assertThat(jdbc.queryForObject("""
                select count(*) from quarantine q join raw_input r on r.id = q.raw_input_id
                where r.id > ? and r.source = 'online-hall'""", Integer.class, rawBefore)).isZero();
        JsonNode hall = json.readTree(get("/actuator/health/sources", basic("operator", "operator")).body())
                .path("components").path("platforms").path("components").path(SOURCE);
        assertThat(hall.path("status").asText()).isEqualTo("DOWN");
        assertThat(hall.path("details").path("lastError").asText()).isEqualTo("401 token expired");

        assertThat(poller.poll().outcome()).isEqualTo(OnlineHallPoller.Walk.Outcome.COMPLETE);
        assertThat(decisionCount()).isEqualTo(3);
        assertThat(json.readTree(get("/actuator/health/sources", basic("operator", "operator")).body())
                .path("components").path("platforms").path("components").path(SOURCE).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void aBusyHallIsAskedAgainWithBackOffUntilItAnswers() {
        ONLINE_HALL.complete(sample("page-1.json", "page-2.json"));
        ONLINE_HALL.answerOnPage(2, retries, legacy("error-busy.json"));

        OnlineHallPoller.Walk walk = poller.poll();

        assertThat(walk.outcome()).isEqualTo(OnlineHallPoller.Walk.Outcome.COMPLETE);
        assertThat(walk.records()).isEqualTo(3);
        assertThat(decisionCount()).isEqualTo(3);
        assertThat(jdbc.queryForList("select outcome from raw_input where id > ? and source = 'online-hall' order by id",
                String.class, rawBefore)).containsExactly("ACCEPTED", "BUSY", "BUSY", "ACCEPTED", "SKIPPED");
    }

    @Test
    void aHallBusyBeyondTheRetriesGivesTheWalkUpAndTheNextPollFinishesIt() {
        ONLINE_HALL.complete(sample("page-1.json", "page-2.json"));
        ONLINE_HALL.answerOnPage(2, retries + 1, legacy("error-busy.json"));

        OnlineHallPoller.Walk busy = poller.poll();

        assertThat(busy.outcome()).isEqualTo(OnlineHallPoller.Walk.Outcome.BUSY);
        assertThat(busy.failure()).startsWith("500 系统繁忙");
        assertThat(cursors.get(SOURCE)).isEmpty();
        assertThat(monitor.status(SOURCE).orElseThrow().status()).isEqualTo("DOWN");

        OnlineHallPoller.Walk next = poller.poll();

        assertThat(next.outcome()).isEqualTo(OnlineHallPoller.Walk.Outcome.COMPLETE);
        assertThat(decisionCount()).isEqualTo(3);
        assertThat(jdbc.queryForObject("""
                select count(*) from raw_input where id > ? and source = 'online-hall' and source_ref = 'since=&pageNo=1'""",
                Integer.class, rawBefore)).as("the identical first page is not stored and mapped twice").isEqualTo(1);
        assertThat(monitor.status(SOURCE).orElseThrow().status()).isEqualTo("UP");
    }

    @Test
    void aPageThatIsNotJsonIsQuarantinedAndTheCursorStays() {
        ONLINE_HALL.complete(sample("page-1.json", "page-2.json"));
        ONLINE_HALL.answerOnPage(2, 1, "<html><body>502 Bad Gateway</body></html>");

        OnlineHallPoller.Walk walk = poller.poll();

        assertThat(walk.outcome()).isEqualTo(OnlineHallPoller.Walk.Outcome.MALFORMED);
        assertThat(cursors.get(SOURCE)).isEmpty();
        assertThat(jdbc.queryForObject("""
                select q.reasons->0->>'rule' from quarantine q join raw_input r on r.id = q.raw_input_id
                where r.id > ? and r.source = 'online-hall'""", String.class, rawBefore)).isEqualTo("malformed");
        assertThat(poller.poll().outcome()).isEqualTo(OnlineHallPoller.Walk.Outcome.COMPLETE);
        assertThat(decisionCount()).isEqualTo(3);
    }

    /** A legacy sample answer as the hall sends it, byte for byte. */
    private String legacy(String file) {
        try (InputStream in = getClass().getResourceAsStream("/legacy/online-hall/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(file, e);
        }
    }

    /**
     * A grant the hall made on a commitment (GZCN 1, issue 13) opens a verification task for its PRIMARY department,
     * which JT reads on its own queue as TASK; the grant beside it, without a commitment, opens none.
     */
    @Test
    void aCommitmentGrantFromTheHallOpensATaskItsDepartmentReadsOnItsQueue() throws Exception {
        ONLINE_HALL.complete(sample("page-1.json"));
        poller.poll();
        List<Map<String, Object>> tasks = jdbc.queryForList(
                "select id::text as id, department from verification_task where document_number = ?", doc("120"));
        assertThat(tasks).as("one task, for JT (PRIMARY of 640200-SPJ-JT-0045)").hasSize(1);
        assertThat(tasks.get(0).get("department")).isEqualTo("JT");
        assertThat(jdbc.queryForObject("select count(*) from verification_task where document_number = ?",
                Integer.class, doc("119"))).as("GZCN 0: no commitment, no task").isZero();
        String taskId = (String) tasks.get(0).get("id");
        try (jakarta.jms.Connection connection = departmentConnection("jt", "demo-jt");
                jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.MessageConsumer consumer = session.createConsumer(
                        session.createQueue(org.linkagehub.platform.Queues.department("JT")),
                        "taskId = '" + taskId + "'")) {
            jakarta.jms.TextMessage task = (jakarta.jms.TextMessage) consumer.receive(20_000);
            assertThat(task).as("TASK on JT's queue").isNotNull();
            assertThat(json.readTree(task.getText()).get("documentNumber").asText()).isEqualTo(doc("120"));
            assertThat(task.getStringProperty("messageType")).isEqualTo("TASK");
        }
    }

    /** The records of legacy sample pages, with this test's tag on case and document numbers. */
    private List<Map<String, String>> sample(String... files) {
        List<Map<String, String>> records = new ArrayList<>();
        for (String file : files) {
            try (InputStream in = getClass().getResourceAsStream("/legacy/online-hall/" + file)) {
                JsonNode page = json.readTree(in);
                for (JsonNode r : page.path("data").path("records")) {
                    Map<String, String> record = json.convertValue(r, new TypeReference<LinkedHashMap<String, String>>() {
                    });
                    records.add(tagged(record));
                }
            } catch (IOException e) {
                throw new IllegalStateException(file, e);
            }
        }
        return records;
    }

    private List<Map<String, String>> sameSecond(String second, int first, int count) {
        List<Map<String, String>> records = new ArrayList<>();
        for (int n = first; n < first + count; n++) {
            Map<String, String> r = new LinkedHashMap<>(sample("page-1.json").get(1));
            r.put("SBLSH", "NX64020020261127" + String.format("%05d", n) + tag);
            r.put("PFWH", doc("9" + n));
            r.put("BJSJ", second);
            records.add(r);
        }
        return records;
    }

    private Map<String, String> tagged(Map<String, String> record) {
        record.put("SBLSH", record.get("SBLSH") + tag);
        record.put("PFWH", record.get("PFWH").replace("号", "-" + tag + "号"));
        return record;
    }

    /** A sample's document number (石审批许〔2026〕119号 → its tagged form). */
    private String doc(String number) {
        return "石审批许〔2026〕" + number + "-" + tag + "号";
    }

    private List<String> deliveries(String number) {
        return jdbc.queryForList("""
                select d.department from delivery d join decision c on c.id = d.decision_id where c.document_number = ?""",
                String.class, doc(number));
    }

    private int decisionCount() {
        return jdbc.queryForObject("select count(*) from decision where source_record_id like ?", Integer.class,
                "%" + tag);
    }

    private long deliveryCount() {
        return jdbc.queryForObject("""
                select count(*) from delivery d join decision c on c.id = d.decision_id where c.source_record_id like ?""",
                Long.class, "%" + tag);
    }
}
