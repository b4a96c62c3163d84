package org.linkagehub.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Deadlines of seconds ({@link #DRILL_MATTER}: sign within PT3S, start within PT6S, scanned every 300 ms): the
 * warning, the reminder to the department, the escalation to the oversight office, and silence when the
 * department acts in time.
 */
class DeadlineEscalationIT extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;
    @Autowired
    DeadlineScanner scanner;

    @Test
    void aMissedDeadlineIsWarnedRemindedAndEscalatedToTheOversightOffice() throws Exception {
        String doc = document();
        String delivery = decisionFor(doc);

        await().atMost(Duration.ofSeconds(20)).until(() -> events(delivery).containsAll(
                List.of("WARNED", "REMINDED", "ESCALATED")));
        assertThat(events(delivery)).as("warned before reminded").containsSubsequence("WARNED", "REMINDED", "ESCALATED");
        // on a slow machine the supervision-start deadline (drill: 6 s) may have passed by now as well
        assertThat(jdbc.queryForList("select kind from escalation where delivery_id = ?::uuid and kind = 'SIGN'",
                String.class, delivery)).hasSize(1);
        assertThat(jdbc.queryForList("select actor from delivery_event where delivery_id = ?::uuid and status in "
                + "('WARNED', 'REMINDED', 'ESCALATED')", String.class, delivery)).containsOnly("hub");

        JsonNode list = json.readTree(get("/api/v1/escalations?department=WJ&size=200", basic("auditor", "auditor")).body());
        JsonNode item = null;
        for (JsonNode i : list.path("items")) {
            if (i.path("deliveryId").asText().equals(delivery) && i.path("kind").asText().equals("SIGN")) {
                item = i;
            }
        }
        assertThat(item).as("escalation listed for auditors").isNotNull();
        assertThat(item.path("department").asText()).isEqualTo("WJ");
        assertThat(item.path("documentNumber").asText()).isEqualTo(doc);
        assertThat(list.path("total").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(get("/api/v1/escalations", bearer("demo-wj")).statusCode()).isEqualTo(403);
        assertThat(json.readTree(get("/api/v1/escalations?department=SW", basic("operator", "operator")).body())
                .path("items").findValuesAsText("deliveryId")).doesNotContain(delivery);

        // the oversight office gets the escalation; the department the reminder, beside the decision itself
        List<Message> toDcs = read("dcs", "linkage.dept.DCS", delivery);
        assertThat(toDcs).extracting(m -> m.getStringProperty("messageType")).containsOnly("ESCALATION");
        assertThat(toDcs).extracting(m -> json.readTree(((TextMessage) m).getText()).path("deadline").asText())
                .containsOnlyOnce("SIGN");
        List<Message> toWj = read("wj", "linkage.dept.WJ", delivery);
        assertThat(toWj).extracting(m -> m.getStringProperty("messageType")).contains("DECISION", "REMINDER");
        assertThat(toWj).extracting(m -> m.getStringProperty("_AMQ_DUPL_ID")).doesNotHaveDuplicates();

        // signed late: the start deadline is still owed and escalated on its own
        assertThat(post("/api/v1/deliveries/" + delivery + "/receipt", bearer("demo-wj"), "{\"status\":\"SIGNED\"}")
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList(
                "select kind from escalation where delivery_id = ?::uuid order by kind", String.class, delivery),
                kinds -> kinds.equals(List.of("SIGN", "START")));
    }

    @Test
    void aDepartmentThatActsInTimeIsNeitherRemindedNorEscalated() {
        String delivery = decisionFor(document());
        assertThat(post("/api/v1/deliveries/" + delivery + "/receipt", bearer("demo-wj"),
                "{\"status\":\"SUPERVISION_STARTED\"}").statusCode()).isEqualTo(200);
        Timestamp startDue = jdbc.queryForObject("select start_due_at from delivery where id = ?::uuid",
                Timestamp.class, delivery);
        await().atMost(Duration.ofSeconds(20)).until(() -> scanner.lastScan() != null
                && scanner.lastScan().isAfter(startDue.toInstant().plusSeconds(1)));
        assertThat(events(delivery)).doesNotContain("REMINDED", "ESCALATED");
        assertThat(jdbc.queryForObject("select count(*) from escalation where delivery_id = ?::uuid", Integer.class,
                delivery)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from delivery where id = ?::uuid and (sign_check_at is not null"
                + " or start_check_at is not null)", Integer.class, delivery)).as("no longer watched").isZero();
    }

    private static String document() {
        return "石卫公许〔2026〕D" + UUID.randomUUID().toString().substring(0, 8) + "号";
    }

    private String decisionFor(String doc) {
        String body = """
                {"eventId":"EV-D-%s","eventType":"APPROVED","spsxbm":"%s","spsxmc":"公共场所卫生许可",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"石嘴山市星海宾馆有限公司","jsdwdm":"91640221MA7D4E5F6N"}"""
                .formatted(UUID.randomUUID(), DRILL_MATTER, doc);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        return await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select d.id::text from delivery d join decision c on c.id = d.decision_id
                where c.document_number = ? and d.department = 'WJ'""", String.class, doc).stream().findFirst()
                .orElse(null), id -> id != null);
    }

    private List<String> events(String delivery) {
        return jdbc.queryForList("select status from delivery_event where delivery_id = ?::uuid order by id",
                String.class, delivery);
    }

    /** What a department's system finds on its queue about one delivery (other tests' messages are left alone). */
    private List<Message> read(String user, String queue, String delivery) throws Exception {
        List<Message> found = new ArrayList<>();
        try (Connection connection = departmentConnection(user, "demo-" + user);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue),
                        "deliveryId = '" + delivery + "'")) {
            Message m;
            while ((m = consumer.receive(found.isEmpty() ? 10_000 : 1_000)) != null) {
                assertThat(json.readTree(((TextMessage) m).getText()).path("deliveryId").asText()).isEqualTo(delivery);
                found.add(m);
            }
        }
        return found;
    }
}
