package org.linkagehub.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.jms.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * {@code /actuator/prometheus} over real HTTP, anonymously as Prometheus scrapes it, after real webhook events,
 * receipts and a dead letter: the hub's {@code linkage_…} series and Camel's per-route series move as they should,
 * and every metric the alert rules and the Grafana dashboard use exists.
 */
class MetricsIT extends HubIntegrationTest {

    private static final String ZJ_MATTER = "640200-SPJ-ZJ-0008";
    private static final String GOOD_USCC = "91640205MA7K8L9M0M";
    private static final String BAD_USCC = "91640205MA7K8L9M0X";
    private static final Path OBSERVABILITY = Path.of("src/main/observability");
    private static final Pattern METRIC = Pattern.compile("\\b((?:linkage|camel)_[a-z0-9_]+)\\b");

    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void decisionsAndQuarantineAreCountedBySourceTypeAndRule() {
        Scrape before = scrape();

        post(GOOD_USCC);
        post(BAD_USCC);

        Scrape after = scrape();
        assertThat(delta(before, after, "linkage_decisions_total", "source", "project-approval", "type", "GRANT"))
                .isEqualTo(1);
        assertThat(delta(before, after, "linkage_quarantined_total", "source", "project-approval", "rule", "uscc-checksum"))
                .isEqualTo(1);
        assertThat(delta(before, after, "camel_exchanges_total", "eventType", "route", "routeId", "project-approval-intake"))
                .isEqualTo(2);
        assertThat(after.value("camel_exchanges_failed_total", "eventType", "route", "routeId", "project-approval-intake"))
                .isZero();
        assertThat(after.value("linkage_source_up", "source", "project-approval")).isEqualTo(1);
        assertThat(after.value("linkage_source_lag_seconds", "source", "project-approval")).isBetween(0.0, 60.0);
        assertThat(after.value("linkage_source_last_success_seconds", "source", "project-approval"))
                .isCloseTo(System.currentTimeMillis() / 1000.0, offset(60.0));
        // a gauge read from the database: up to one refresh interval old
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("linkage_quarantine_open") > 0);
    }

    @Test
    void backlogOverdueAndReceiptLatencyByDepartment() {
        String doc = post(GOOD_USCC);
        String delivery = delivery(doc, "ZJ");
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("linkage_deliveries_pending", "department", "ZJ") >= 1);
        Scrape before = scrape();

        // the deadline passes (moved in the database rather than waiting a working day)
        jdbc.update("update delivery set sign_due_at = now() - interval '1 hour' where id = ?::uuid", delivery);
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("linkage_deliveries_overdue", "department", "ZJ")
                == before.value("linkage_deliveries_overdue", "department", "ZJ") + 1);

        var started = post("/api/v1/deliveries/" + delivery + "/receipt", bearer("demo-zj"),
                "{\"status\":\"SUPERVISION_STARTED\",\"signedBy\":\"王科长\"}");
        assertThat(started.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrape after = scrape();
            assertThat(after.value("linkage_deliveries_pending", "department", "ZJ"))
                    .isEqualTo(before.value("linkage_deliveries_pending", "department", "ZJ") - 1);
            assertThat(after.value("linkage_deliveries_overdue", "department", "ZJ"))
                    .isEqualTo(before.value("linkage_deliveries_overdue", "department", "ZJ"));
            for (String status : new String[] {"SIGNED", "SUPERVISION_STARTED"}) {
                assertThat(delta(before, after, "linkage_receipt_latency_seconds_count", "department", "ZJ", "status", status))
                        .as("receipts %s", status).isEqualTo(1);
                // signed within seconds of the delivery: in the smallest bucket (10 minutes)
                assertThat(delta(before, after, "linkage_receipt_latency_seconds_bucket", "department", "ZJ", "status",
                        status, "le", "600.0")).as("bucket le=600 of %s", status).isEqualTo(1);
            }
        });
    }

    @Test
    void deadLetterDepthComesFromTheBroker() {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(5_000);
        double before = scrape().value("linkage_dead_letter_messages");
        assertThat(before).as("read from the broker, not NaN").isNotNaN();

        String marker = "metrics-it-" + UUID.randomUUID();
        jms.convertAndSend(DeadLetterMetrics.DEAD_LETTER_ADDRESS, marker);
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("linkage_dead_letter_messages") == before + 1);

        assertThat(jms.receiveSelectedAndConvert(DeadLetterMetrics.DEAD_LETTER_ADDRESS, "JMSType IS NULL")).isEqualTo(marker);
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("linkage_dead_letter_messages") == before);
    }

    @Test
    void everyMetricOfTheAlertRulesAndTheDashboardExists() throws IOException {
        String delivery = delivery(post(GOOD_USCC), "ZJ");
        post(BAD_USCC);
        assertThat(post("/api/v1/deliveries/" + delivery + "/receipt", bearer("demo-zj"),
                "{\"status\":\"SUPERVISION_STARTED\"}").statusCode()).isEqualTo(200);

        Set<String> used = new TreeSet<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        yaml.readTree(OBSERVABILITY.resolve("prometheus/alert-rules.yml").toFile()).path("groups")
                .forEach(g -> g.path("rules").forEach(r -> metrics(r.path("expr").asText(), used)));
        JsonNode dashboard = new ObjectMapper().readTree(OBSERVABILITY.resolve("grafana/dashboards/linkage-hub.json").toFile());
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> metrics(t.path("expr").asText(), used)));
        assertThat(used).contains("linkage_deliveries_overdue", "linkage_source_lag_seconds", "linkage_dead_letter_messages",
                "camel_exchanges_failed_total", "linkage_receipt_latency_seconds_bucket");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape().names()).containsAll(used));
    }

    private static void metrics(String expression, Set<String> into) {
        Matcher m = METRIC.matcher(expression);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private Scrape scrape() {
        var response = get("/actuator/prometheus", null);
        assertThat(response.statusCode()).as("anonymous scrape").isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return Scrape.parse(response.body());
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    /** Posts a signed grant for a new document number; returns the number. */
    private String post(String uscc) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String doc = "石审批建许〔2026〕M" + id + "号";
        String body = """
                {"eventId":"EV-M-%s","eventType":"APPROVED","spsxbm":"%s","spsxmc":"建筑工程施工许可证核发",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"%s"}""".formatted(id, ZJ_MATTER, doc, uscc);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        return doc;
    }

    private String delivery(String doc, String department) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select d.id::text from delivery d join decision c on c.id = d.decision_id
                where c.document_number = ? and d.department = ?""", String.class, doc, department).stream()
                .findFirst().orElse(null), id -> id != null);
    }
}
