package org.linkagehub.visits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;

/**
 * Return visits over the real REST interface (issue 13 item 5): decisions come in by the signed project-approval
 * webhook; one is left unstarted, the others are started at once by ZJ and YJ through their receipts. The window is
 * {@code PT10S} in the tests (HubIntegrationTest) instead of 10 working days, and the sample 50%. The unstarted one is
 * listed NOT_STARTED once its window has passed, the started ones only as the sample the rule draws, the same on every
 * call; the bureau alone records a visit, which the list then shows DONE.
 */
class ReturnVisitsIT extends HubIntegrationTest {

    static final String MATTER = "640200-SPJ-ZJ-0008"; // ZJ primary, YJ assist
    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void theListNamesTheUnstartedAndASampleAndTheBureauRecordsItsVisit() throws Exception {
        String unstarted = approve();
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = approve();
            for (String dept : new String[] {"ZJ", "YJ"}) {
                var r = post("/api/v1/deliveries/" + deliveryOf(id, dept) + "/receipt", bearer("demo-" + dept.toLowerCase()),
                        "{\"status\":\"SUPERVISION_STARTED\",\"note\":\"已启动监管\"}");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            started.add(id);
        }
        String period = mapper.readTree(get("/api/v1/return-visits", bearer("demo-sj")).body()).get("period").asText();
        assertThat(period).isEqualTo(YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).toString());

        // its window (PT10S) passes unstarted: it is listed NOT_STARTED, with both departments' state (before that it
        // is listed only when the sample draws it, as SAMPLE)
        JsonNode item = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                .until(() -> all(period, bearer("demo-sj")).get(unstarted),
                        i -> i != null && "NOT_STARTED".equals(i.get("reason").asText()));
        assertThat(item.get("reason").asText()).isEqualTo("NOT_STARTED");
        assertThat(item.get("visitStatus").asText()).isEqualTo("DUE");
        assertThat(item.get("documentNumber").asText()).startsWith("石审批许〔2026〕V");
        assertThat(item.at("/matter/code").asText()).isEqualTo(MATTER);
        assertThat(item.get("departments").findValuesAsText("department")).containsExactly("ZJ", "YJ");
        assertThat(item.get("departments").findValuesAsText("startedInTime")).containsOnly("false");
        assertThat(item.get("deliveredAt").asText()).contains("+08:00");

        // the started ones: never NOT_STARTED; listed SAMPLE exactly when the rule draws them, the same on every call
        Map<String, JsonNode> first = all(period, basic("operator", "operator"));
        Map<String, JsonNode> second = all(period, basic("auditor", "auditor"));
        for (String id : started) {
            boolean drawn = VisitSample.sampled(UUID.fromString(id), YearMonth.parse(period), 50);
            assertThat(first.containsKey(id)).as("decision %s drawn %s", id, drawn).isEqualTo(drawn);
            assertThat(second.containsKey(id)).isEqualTo(drawn);
            if (drawn) {
                assertThat(first.get(id).get("reason").asText()).isEqualTo("SAMPLE");
                assertThat(first.get(id).get("departments").findValuesAsText("startedInTime")).containsOnly("true");
            }
        }
        assertThat(second.keySet()).containsAll(first.keySet());
        // another month is another list: none of these decisions was delivered then
        Map<String, JsonNode> lastYear = all(YearMonth.parse(period).minusYears(1).toString(), bearer("demo-sj"));
        assertThat(lastYear.keySet()).doesNotContain(unstarted).doesNotContainAnyElementsOf(started);

        // only the bureau, operators and the auditor read the list
        assertThat(get("/api/v1/return-visits", bearer("demo-zj")).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/return-visits", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/return-visits?period=2026-13", bearer("demo-sj")).statusCode()).isEqualTo(400);

        // recording: the bureau alone; operators run the hub, they do not visit
        String today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        String visit = """
                {"decisionId":"%s","visitedOn":"%s","contact":"王科长 13912345678","finding":"已到现场，监管未启动",
                 "followUp":"督促住建局三日内启动监管"}""".formatted(unstarted, today);
        assertThat(post("/api/v1/return-visits", basic("operator", "operator"), visit).statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/return-visits", bearer("demo-zj"), visit).statusCode()).isEqualTo(403);
        var badDate = post("/api/v1/return-visits", bearer("demo-sj"), visit.replace(today, "2026-02-30"));
        assertThat(badDate.statusCode()).as(badDate.body()).isEqualTo(422);
        assertThat(mapper.readTree(badDate.body()).get("reasons").findValuesAsText("field")).containsExactly("visitedOn");
        var future = post("/api/v1/return-visits", bearer("demo-sj"),
                visit.replace(today, LocalDate.parse(today).plusDays(1).toString()));
        assertThat(future.statusCode()).isEqualTo(422);
        assertThat(future.body()).contains("in-the-future");
        var several = post("/api/v1/return-visits", bearer("demo-sj"), """
                {"decisionId":"nope","visitedOn":"2026-12-01","contact":"%s","followup":"x"}""".formatted("李".repeat(201)));
        assertThat(several.statusCode()).isEqualTo(422);
        JsonNode reasons = mapper.readTree(several.body()).get("reasons");
        assertThat(reasons.findValuesAsText("rule")).contains("unknown-field", "malformed", "too-long", "missing");
        assertThat(several.body()).doesNotContain("李李李"); // the contact is personal: no reason repeats it
        assertThat(post("/api/v1/return-visits", bearer("demo-sj"), visit.replace(unstarted, UUID.randomUUID().toString()))
                .statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/return-visits", bearer("demo-sj"), "{\"decisionId\":").statusCode()).isEqualTo(400);

        var recorded = post("/api/v1/return-visits", bearer("demo-sj"), visit);
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        assertThat(mapper.readTree(recorded.body()).get("actor").asText()).isEqualTo("dept:SJ");
        // the same visit again (a retry) is the same visit; other content for the same decision is refused
        var again = post("/api/v1/return-visits", bearer("demo-sj"), visit);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(mapper.readTree(again.body()).get("visitId")).isEqualTo(mapper.readTree(recorded.body()).get("visitId"));
        assertThat(post("/api/v1/return-visits", bearer("demo-sj"), visit.replace("监管未启动", "监管已启动")).statusCode())
                .isEqualTo(409);

        JsonNode done = all(period, bearer("demo-sj")).get(unstarted);
        assertThat(done.get("visitStatus").asText()).isEqualTo("DONE");
        assertThat(done.at("/visit/contact").asText()).isEqualTo("王科长 13912345678");
        assertThat(done.at("/visit/followUp").asText()).isEqualTo("督促住建局三日内启动监管");
        // operators and the auditor see what was found, not whom the bureau spoke to
        JsonNode audited = all(period, basic("auditor", "auditor")).get(unstarted);
        assertThat(audited.at("/visit/contact").asText()).isEqualTo("王***");
        assertThat(audited.at("/visit/finding").asText()).isEqualTo("已到现场，监管未启动");
    }

    /** Every item of the month's list, by decision id, read page by page as the caller. */
    Map<String, JsonNode> all(String period, String authorization) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        for (int page = 0; ; page++) {
            var r = get("/api/v1/return-visits?period=" + period + "&size=200&page=" + page, authorization);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = mapper.readTree(r.body());
            body.get("items").forEach(i -> out.put(i.get("decisionId").asText(), i));
            if ((long) (page + 1) * 200 >= body.get("total").asLong()) {
                return out;
            }
        }
    }

    /** Posts an approval for ZJ and YJ; returns its decision id once its deliveries exist. */
    String approve() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String doc = "石审批许〔2026〕V" + id + "号";
        String body = """
                {"eventId":"EV-V-%s","eventType":"APPROVED","spsxbm":"%s","spsxmc":"建筑工程施工许可证核发",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}"""
                .formatted(id, MATTER, doc);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from delivery d join decision x on x.id = d.decision_id where x.document_number = ?",
                Integer.class, doc) == 2);
        return jdbc.queryForObject("select id::text from decision where document_number = ?", String.class, doc);
    }

    String deliveryOf(String decisionId, String department) {
        return jdbc.queryForObject("select id::text from delivery where decision_id = ?::uuid and department = ?",
                String.class, decisionId, department);
    }
}
