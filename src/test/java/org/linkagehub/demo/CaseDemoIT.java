package org.linkagehub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.ingest.ProjectApprovalProperties;
import org.linkagehub.platform.OutgoingHttp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.client.RestClient;

/**
 * The demo's loop back (issue 12) against a real hub: ZJ files an erroneous approval about a decision the
 * project-approval simulator made, STHJ a penalty; the simulated bureau answers both; the simulator posts the promised
 * revocation through the signed webhook, and the case closes by itself, as a newcomer sees it in the demo.
 */
class CaseDemoIT extends HubIntegrationTest {

    @Autowired
    ProjectApprovalProperties properties;
    @Autowired
    RestClient.Builder builder;
    final ObjectMapper json = new ObjectMapper();

    @Test
    void departmentsFileTheBureauAnswersAndThePromisedRevocationClosesTheCase() throws Exception {
        Clock clock = Clock.systemUTC();
        ProjectApprovalSimulator platform = new ProjectApprovalSimulator(properties, json, clock, Duration.ofHours(1), 0,
                new OutgoingHttp(builder));
        CaseDemo demo = new CaseDemo(builder, json, clock, platform, Duration.ofSeconds(1), Duration.ZERO);
        demo.talkTo(uri("").toString());
        for (int i = 0; i < 30; i++) { // a ZJ and an STHJ approval with a valid USCC among them, all but surely
            Map<String, String> event = platform.nextEvent();
            assertThat(postSigned(json.writeValueAsBytes(event)).statusCode()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(20)).until(demo::fileErroneousApproval);
        await().atMost(Duration.ofSeconds(20)).until(demo::filePenalty);
        String zj = jdbc.queryForObject("select id::text from case_file where department = 'ZJ' and case_ref like "
                + "'DEMO-%' order by filed_at desc limit 1", String.class);
        String sthj = jdbc.queryForObject("select id::text from case_file where department = 'STHJ' and case_ref "
                + "like 'DEMO-%' order by filed_at desc limit 1", String.class);
        assertThat(status(zj)).isEqualTo("OPEN");

        demo.answerDue();
        assertThat(status(zj)).isEqualTo("AWAITING_DECISION");
        assertThat(status(sthj)).isEqualTo("CLOSED");

        Map<String, String> revocation = platform.nextEvent();
        assertThat(revocation).containsEntry("eventType", "REVOKED");
        assertThat(postSigned(json.writeValueAsBytes(revocation)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> "CLOSED".equals(status(zj)));
        assertThat(jdbc.queryForObject("select d.document_number from case_file c join decision d "
                + "on d.id = c.closed_by_decision where c.id = ?::uuid", String.class, zj))
                .isEqualTo(revocation.get("pfwh"));
    }

    private String status(String caseId) {
        return jdbc.queryForObject("select status from case_file where id = ?::uuid", String.class, caseId);
    }
}
