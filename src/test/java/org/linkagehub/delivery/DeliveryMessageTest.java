package org.linkagehub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The delivery message is the decision's JSON text extended in place: it must be the same JSON as the decision
 * object with the delivery's fields added, whether the text comes from the intake (compact) or from PostgreSQL's
 * jsonb (spaced, as the pull channel reads it).
 */
class DeliveryMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID DELIVERY = UUID.fromString("7d0c4c1e-0b3a-4d59-9a57-5f0a1e2b3c4d");

    @Test
    void addsTheDeliveryFieldsToTheDecisionObject() throws Exception {
        String decision = "{\"decisionId\":\"d1\",\"matter\":{\"code\":\"640200-SPJ-SP-0031\"},\"subject\":{\"name\":\"宁夏\\\"星光\\\"}\"}}";
        Timestamp signDue = Timestamp.from(Instant.parse("2026-11-24T02:00:00Z"));
        Timestamp startDue = Timestamp.from(Instant.parse("2026-12-01T02:00:00Z"));

        JsonNode body = JSON.readTree(DeliveryPlanner.message(decision, DELIVERY, "SC\"JG", "PRIMARY", signDue,
                startDue));

        JsonNode expected = JSON.readTree(decision);
        ((ObjectNode) expected).put("deliveryId", DELIVERY.toString())
                .put("department", "SC\"JG").put("role", "PRIMARY").put("signDueAt", "2026-11-24T10:00+08:00")
                .put("startDueAt", "2026-12-01T10:00+08:00");
        assertThat(body).isEqualTo(expected);
    }

    @Test
    void historicalDeliveriesHaveNoDeadlinesAndJsonbTextWorksToo() throws Exception {
        JsonNode body = JSON.readTree(DeliveryPlanner.message("{\"version\": 2, \"historical\": true}", DELIVERY, "ZJ",
                "ASSIST", null, null));

        assertThat(body.fieldNames()).toIterable().containsExactly("version", "historical", "deliveryId", "department",
                "role");
    }

    @Test
    void refusesWhatIsNotADecisionObject() {
        assertThatThrownBy(() -> DeliveryPlanner.message("{ }", DELIVERY, "ZJ", "ASSIST", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeliveryPlanner.message("[1]", DELIVERY, "ZJ", "ASSIST", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
