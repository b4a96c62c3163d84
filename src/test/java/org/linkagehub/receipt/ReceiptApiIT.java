package org.linkagehub.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/** Receipts over REST: who may send them, and how they move a delivery. */
class ReceiptApiIT extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    private String zjDelivery;
    private String yjDelivery;

    @BeforeEach
    void aDecisionForZjAndYj() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String doc = "石审批建许〔2026〕R" + id + "号";
        String body = """
                {"eventId":"EV-R-%s","eventType":"APPROVED","spsxbm":"640200-SPJ-ZJ-0008","spsxmc":"建筑工程施工许可证核发",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}""".formatted(id, doc);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        zjDelivery = delivery(doc, "ZJ");
        yjDelivery = delivery(doc, "YJ");
    }

    @Test
    void supervisionStartedBeforeSignedImpliesSignedAndRepeatsChangeNothing() throws Exception {
        var started = post(receipt(zjDelivery), bearer("demo-zj"), "{\"status\":\"SUPERVISION_STARTED\"}");
        assertThat(started.statusCode()).isEqualTo(200);
        JsonNode view = json.readTree(started.body());
        assertThat(view.path("status").asText()).isEqualTo("SUPERVISION_STARTED");
        assertThat(view.path("history").findValuesAsText("status")).endsWith("SIGNED", "SUPERVISION_STARTED");
        assertThat(view.path("history").get(view.path("history").size() - 2).path("note").asText())
                .isEqualTo("implied by SUPERVISION_STARTED");

        var signedLate = post(receipt(zjDelivery), bearer("demo-zj"), "{\"status\":\"SIGNED\"}");
        assertThat(signedLate.statusCode()).isEqualTo(200);
        assertThat(json.readTree(signedLate.body()).path("status").asText()).isEqualTo("SUPERVISION_STARTED");
        assertThat(jdbc.queryForObject("select count(*) from delivery_event where delivery_id = ?::uuid", Integer.class,
                zjDelivery)).isEqualTo(json.readTree(signedLate.body()).path("history").size());

        var returned = post(receipt(zjDelivery), bearer("demo-zj"), "{\"status\":\"RETURNED\"}");
        assertThat(returned.statusCode()).isEqualTo(409);
    }

    @Test
    void anotherDepartmentCannotTellTheDeliveryExistsEvenWithAGoodBody() {
        var response = post(receipt(zjDelivery), bearer("demo-yj"), "{\"status\":\"SIGNED\"}");
        assertThat(response.statusCode()).isEqualTo(404);
        var garbage = post(receipt(zjDelivery), bearer("demo-yj"), "not json at all");
        assertThat(garbage.statusCode()).as("authorised before the body is read").isEqualTo(404);
        assertThat(jdbc.queryForObject("select status from delivery where id = ?::uuid", String.class, zjDelivery))
                .isNotEqualTo("SIGNED");
    }

    @Test
    void anUnknownTokenIs401AndNoCredentialsIs401() {
        assertThat(post(receipt(zjDelivery), bearer("demo-nobody"), "{\"status\":\"SIGNED\"}").statusCode())
                .isEqualTo(401);
        assertThat(post(receipt(zjDelivery), null, "{\"status\":\"SIGNED\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void anOperatorIsNotADepartment() {
        assertThat(post(receipt(zjDelivery), basic("operator", "operator"), "{\"status\":\"SIGNED\"}").statusCode())
                .isEqualTo(403);
    }

    @Test
    void aBadBodyFromTheOwnerIsA400ThatSaysWhy() throws Exception {
        var response = post(receipt(yjDelivery), bearer("demo-yj"), "{\"status\":\"DONE\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("message").asText()).contains("SIGNED");
        var returned = post(receipt(yjDelivery), bearer("demo-yj"), "{\"status\":\"RETURNED\",\"note\":\"不属于本部门\"}");
        assertThat(returned.statusCode()).isEqualTo(200);
        assertThat(json.readTree(returned.body()).path("status").asText()).isEqualTo("RETURNED");
    }

    @Test
    void theDecisionQueryNeedsOperatorCredentials() {
        assertThat(get("/api/v1/decisions?documentNumber=x", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/decisions?documentNumber=x", basic("operator", "wrong")).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/decisions?documentNumber=x", bearer("demo-zj")).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/decisions?documentNumber=x", basic("operator", "operator")).statusCode()).isEqualTo(200);
    }

    @Test
    void healthIsAnonymousAndUpWhileOpenApiIsPublished() throws Exception {
        var health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).has("components")).as("anonymous: the status only").isFalse();
        JsonNode body = json.readTree(get("/actuator/health", basic("auditor", "auditor")).body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("components").has("db")).isTrue();
        assertThat(body.path("components").has("jms")).isTrue();
        assertThat(body.path("components").has("platforms")).as("sources live in their own group").isFalse();
        assertThat(json.readTree(get("/actuator/health/sources", basic("auditor", "auditor")).body()).path("components")
                .path("platforms")
                .path("components").has("project-approval")).isTrue();
        JsonNode api = json.readTree(get("/v3/api-docs", null).body());
        assertThat(api.path("paths").has("/api/v1/deliveries/{deliveryId}/receipt")).isTrue();
        assertThat(api.path("paths").has("/ingest/project-approval")).isTrue();
    }

    @Test
    void aDepartmentMayNotReadAnotherDepartmentsQueue() throws Exception {
        try (Connection connection = departmentConnection("yj", "demo-yj");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> session.createConsumer(session.createQueue("linkage.dept.ZJ")))
                    .isInstanceOf(JMSException.class).hasMessageContaining("AMQ229213");
        }
    }

    private String delivery(String doc, String department) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select d.id::text from delivery d join decision c on c.id = d.decision_id
                where c.document_number = ? and d.department = ?""", String.class, doc, department).stream()
                .findFirst().orElse(null), id -> id != null);
    }

    private static String receipt(String deliveryId) {
        return "/api/v1/deliveries/" + deliveryId + "/receipt";
    }
}
