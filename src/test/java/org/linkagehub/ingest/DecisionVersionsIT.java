package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.linkagehub.ingest.ProjectApprovalFlowIT.event;
import static org.linkagehub.ingest.ProjectApprovalFlowIT.unique;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;

/**
 * Versions of one licence, whatever order and shape the platforms send them in: one lineage, the next version
 * number, {@code supersedes} set, and the same fact twice is one decision.
 */
class DecisionVersionsIT extends HubIntegrationTest {

    private static final String MATTER = "640200-SPJ-ZJ-0008";
    private static final String USCC = "91640205MA7K8L9M0M";

    @Test
    void aChangeThatArrivesBeforeItsGrantSharesTheGrantsLineage() {
        String grant = "石审批建许〔2026〕" + unique("G") + "号";
        String change = "石审批建许〔2026〕" + unique("C") + "号";
        assertThat(postSigned(event(unique("EV"), "CHANGED", change, grant, MATTER, USCC)).statusCode()).isEqualTo(200);
        assertThat(postSigned(event(unique("EV"), "APPROVED", grant, null, MATTER, USCC)).statusCode()).isEqualTo(200);

        List<Map<String, Object>> versions = versionsOf(change);
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0)).containsEntry("document_number", change).containsEntry("decision_type", "CHANGE");
        assertThat(versions.get(1)).containsEntry("document_number", grant).containsEntry("decision_type", "GRANT")
                .containsEntry("version", 2);
        assertThat(versions.get(0).get("lineage_id")).isEqualTo(versions.get(1).get("lineage_id"));
    }

    @Test
    void aCaseSentAgainAmendedIsAChangeOfTheSameLineageAndItsRepeatIsADuplicate() {
        String doc = "石审批建许〔2026〕" + unique("A") + "号";
        assertThat(postSigned(event(unique("EV"), "APPROVED", doc, null, MATTER, USCC)).statusCode()).isEqualTo(200);
        String amended = event(unique("EV"), "APPROVED", doc, null, MATTER, USCC)
                .replace("宁夏星光置业有限公司", "宁夏星光置业集团有限公司");
        assertThat(postSigned(amended).statusCode()).isEqualTo(200);
        assertThat(postSigned(amended).statusCode()).isEqualTo(200);

        List<Map<String, Object>> versions = versionsOf(doc);
        assertThat(versions).hasSize(2);
        assertThat(versions.get(1)).containsEntry("decision_type", "CHANGE").containsEntry("version", 2)
                .containsEntry("supersedes", doc);
        assertThat(jdbc.queryForObject("""
                select count(*) from delivery l join decision d on d.id = l.decision_id where d.document_number = ?""",
                Integer.class, doc)).as("two versions to ZJ and YJ each, the repeat to nobody").isEqualTo(4);
    }

    @Test
    void aRevocationWithoutThePreviousNumberSupersedesTheLatestVersion() {
        String doc = "石审批建许〔2026〕" + unique("R") + "号";
        assertThat(postSigned(event(unique("EV"), "APPROVED", doc, null, MATTER, USCC)).statusCode()).isEqualTo(200);
        assertThat(postSigned(event(unique("EV"), "REVOKED", doc, null, MATTER, USCC)).statusCode()).isEqualTo(200);

        List<Map<String, Object>> versions = versionsOf(doc);
        assertThat(versions).hasSize(2);
        assertThat(versions.get(1)).containsEntry("decision_type", "REVOKE").containsEntry("supersedes", doc);
        assertThat(jdbc.queryForList("""
                select distinct l.department from delivery l join decision d on d.id = l.decision_id
                where d.document_number = ? and d.version = 2""", String.class, doc)).containsExactlyInAnyOrder("ZJ", "YJ");
    }

    @Test
    void aDecisionOlderThanTheCutOverIsDeliveredMarkedHistoricalWithNoDeadlines() {
        String doc = "石审批建许〔2019〕" + unique("H") + "号";
        String body = event(unique("EV"), "APPROVED", doc, null, MATTER, USCC).replace("\"20261121\"", "\"20190301\"");
        assertThat(postSigned(body).statusCode()).isEqualTo(200);

        assertThat(jdbc.queryForObject("select historical from decision where document_number = ?", Boolean.class, doc))
                .isTrue();
        List<Map<String, Object>> deliveries = jdbc.queryForList("""
                select l.sign_due_at, l.start_due_at, o.body from delivery l join decision d on d.id = l.decision_id
                left join outbox o on o.delivery_id = l.id where d.document_number = ?""", doc);
        assertThat(deliveries).hasSize(2).allSatisfy(row -> {
            assertThat(row.get("sign_due_at")).isNull();
            assertThat(row.get("start_due_at")).isNull();
        });
        assertThat(jdbc.queryForObject("select payload->>'historical' from decision where document_number = ?",
                String.class, doc)).isEqualTo("true");
    }

    private List<Map<String, Object>> versionsOf(String documentNumber) {
        return jdbc.queryForList("""
                select d.lineage_id, d.version, d.document_number, d.decision_type, d.supersedes from decision d
                where d.lineage_id = (select lineage_id from decision where document_number = ? limit 1)
                order by d.version""", documentNumber);
    }
}
