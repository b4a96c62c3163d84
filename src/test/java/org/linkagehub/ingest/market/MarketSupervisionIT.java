package org.linkagehub.ingest.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.demo.MarketViewDatabase;
import org.linkagehub.ingest.MarketSupervisionProperties;
import org.linkagehub.ingest.SourceCursors;
import org.linkagehub.ingest.SourceMonitor;
import org.linkagehub.platform.Json;
import org.linkagehub.raw.RawInputStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The market-supervision view through its real interface: a database of the embedded PostgreSQL server with the
 * view {@code "V_XK_GS"}, polled over JDBC by calling the poller (the timer is set to an hour). Batches of two rows
 * (see {@link HubIntegrationTest}) put batch boundaries inside every test's rows.
 */
class MarketSupervisionIT extends HubIntegrationTest {

    private static final String SOURCE = MarketSupervisionPoller.SOURCE;

    @Autowired
    MarketSupervisionPoller poller;
    @Autowired
    SourceCursors cursors;
    @Autowired
    SourceMonitor monitor;
    @Autowired
    ApplicationContext context;
    @Autowired
    ObjectMapper json;

    MarketViewDatabase view;
    JdbcTemplate viewJdbc;

    @BeforeEach
    void emptyView() {
        DataSource viewDatabase = marketViewDatabase();
        view = new MarketViewDatabase(viewDatabase);
        viewJdbc = new JdbcTemplate(viewDatabase);
        viewJdbc.execute("truncate xk_gs");
        cursors.reset(SOURCE);
    }

    @Test
    void everySampleRowBecomesItsDecisionOrQuarantineAndARevocationInPlaceIsVersionTwo() throws Exception {
        List<Map<String, String>> dump = MarketViewDatabase.sampleRows();
        view.upsert(dump.subList(0, 4));

        assertThat(poller.poll().rows()).isEqualTo(4);

        Map<String, Object> grant = decision("10231", 1);
        assertThat(grant).containsEntry("decision_type", "GRANT").containsEntry("document_number", "石审批许〔2026〕101号")
                .containsEntry("subject_uscc", "91640200MA76T7U8WQ");
        assertThat(departments(grant)).containsExactly("SCJG");
        Map<String, Object> lowerCase = decision("10232", 1);
        assertThat(lowerCase).containsEntry("subject_uscc", "91640202MA77C3D4E0");
        JsonNode payload = json.readTree(lowerCase.get("payload").toString());
        assertThat(payload.path("licence").has("validTo")).as("2099-12-31 means no end").isFalse();
        assertThat(departments(lowerCase)).containsExactlyInAnyOrder("SCJG", "YJ");
        assertThat(decision("10233", 1)).containsEntry("subject_uscc", "92640202MA7P1Q2R3X")
                .containsEntry("subject_id_number", "640221197809230032");
        assertThat(jdbc.queryForList("select count(*) from decision where source_record_id = '10234'", Long.class))
                .containsExactly(0L);
        JsonNode reasons = json.readTree(jdbc.queryForObject(
                "select reasons::text from quarantine where source = ? and source_ref = '10234'", String.class, SOURCE));
        assertThat(reasons.get(0).path("field").asText()).isEqualTo("subject.uscc");
        assertThat(reasons.get(0).path("rule").asText()).isEqualTo("uscc-checksum");
        assertThat(cursors.get(SOURCE)).contains("SJC=2026-11-19T11:20:30,ID=10234");
        assertThat(jdbc.queryForObject("""
                select count(*) from raw_input where source = ? and transport = 'jdbc'
                and convert_from(body, 'UTF8') like '%"SJC":"2026-11-18 10:02:11"%'""", Long.class, SOURCE)).isOne();

        // the platform revokes 10231 in place: XK_ZT=2 and a newer SJC on the same row
        view.upsert(dump.subList(4, 5));
        assertThat(poller.poll().rows()).isEqualTo(1);
        Map<String, Object> revoke = decision("10231", 2);
        assertThat(revoke).containsEntry("decision_type", "REVOKE")
                .containsEntry("document_number", grant.get("document_number"))
                .containsEntry("lineage_id", grant.get("lineage_id"));
        assertThat(departments(revoke)).containsExactly("SCJG");
        assertThat(monitor.status(SOURCE).orElseThrow().newestRecordAt())
                .isEqualTo(LocalDateTime.parse("2026-11-27T08:30:00").atZone(java.time.ZoneId.of("Asia/Shanghai"))
                        .toInstant());

        // nothing changed: nothing read; everything re-read (a crash before the cursor was saved): nothing new
        long decisions = count("decision");
        long outbox = count("delivery");
        assertThat(poller.poll().rows()).isZero();
        cursors.reset(SOURCE);
        assertThat(poller.poll().rows()).isEqualTo(4);
        assertThat(count("decision")).isEqualTo(decisions);
        assertThat(count("delivery")).isEqualTo(outbox);
    }

    @Test
    void rowsSharingOneChangeTimeAreNeitherLostNorDoubledAcrossBatchBoundaries() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            rows.add(row(20_000 + i, run, "2026-11-25 09:00:00"));
        }
        rows.add(row(19_999, run, "2026-11-25 09:00:01"));
        view.upsert(rows);

        MarketSupervisionPoller.PollResult result = poller.poll();

        assertThat(result.rows()).isEqualTo(6);
        assertThat(result.batches()).isEqualTo(3);
        assertThat(jdbc.queryForList("select source_record_id from decision where document_number like ? order by 1",
                String.class, "%" + run + "%"))
                .containsExactly("19999", "20001", "20002", "20003", "20004", "20005");
        assertThat(decisionMapping("document_number like ? and source_record_id = '19999'", "%" + run + "%"))
                .isEqualTo(packagedMapping("market-supervision"));
        assertThat(cursors.get(SOURCE)).contains("SJC=2026-11-25T09:00:01,ID=19999");
    }

    /**
     * Go-live: with no cursor stored, the first poll reads from {@code start-from} on (that change time included),
     * so the view's history before it is never taken in; afterwards the stored cursor wins over the setting.
     */
    @Test
    void theFirstPollWithoutACursorStartsAtTheConfiguredChangeTime() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        view.upsert(List.of(row(30_001, run, "2026-10-31 23:59:59"), row(30_002, run, "2026-11-01 00:00:00"),
                row(30_003, run, "2026-11-02 08:00:00")));
        MarketSupervisionProperties configured = context.getBean(MarketSupervisionProperties.class);
        MarketSupervisionPoller goLive = new MarketSupervisionPoller(context.getBean(MarketView.class),
                new MarketSupervisionProperties(configured.url(), configured.username(), configured.password(),
                        configured.pollInterval(), configured.batchSize(), LocalDateTime.parse("2026-11-01T00:00:00"),
                        configured.queryTimeout(), configured.initSql()),
                context.getBean(RawInputStore.class), cursors, monitor, context.getBean(Json.class),
                context.getBean(CamelContext.class));

        assertThat(goLive.poll().rows()).isEqualTo(2);
        assertThat(jdbc.queryForList("select source_record_id from decision where document_number like ? order by 1",
                String.class, "%" + run + "%")).containsExactly("30002", "30003");
        assertThat(cursors.get(SOURCE)).contains("SJC=2026-11-02T08:00,ID=30003");

        view.upsert(List.of(row(30_004, run, "2026-10-30 12:00:00")));
        assertThat(goLive.poll().rows()).as("older than the cursor: the view's past stays unread").isZero();
    }

    @Test
    void aSqlErrorMarksTheSourceDownWithItsReasonUntilAPollSucceeds() throws Exception {
        viewJdbc.execute("alter view \"V_XK_GS\" rename to \"V_XK_GS_AWAY\"");
        try {
            poller.poll();
            SourceMonitor.SourceStatus down = monitor.status(SOURCE).orElseThrow();
            assertThat(down.status()).isEqualTo("DOWN");
            assertThat(down.lastError()).contains("V_XK_GS").contains("42P01");
            JsonNode health = json.readTree(get("/actuator/health/sources", basic("operator", "operator")).body())
                    .path("components").path("platforms").path("components").path(SOURCE);
            assertThat(health.path("status").asText()).isEqualTo("DOWN");
            assertThat(health.path("details").path("lastError").asText()).contains("V_XK_GS");
        } finally {
            viewJdbc.execute("alter view \"V_XK_GS_AWAY\" rename to \"V_XK_GS\"");
        }
        poller.poll();
        assertThat(monitor.status(SOURCE).orElseThrow().status()).isEqualTo("UP");
    }

    @Test
    void theViewsPoolNeverBecomesTheHubsDataSource() {
        view.upsert(List.of(row(30_001, UUID.randomUUID().toString().substring(0, 8), "2026-11-26 10:00:00")));
        poller.poll();

        assertThat(context.getBeansOfType(DataSource.class)).hasSize(1);
        DataSource flywayDataSource = context.getBean(Flyway.class).getConfiguration().getDataSource();
        assertThat(new JdbcTemplate(flywayDataSource).queryForObject("select current_database()", String.class))
                .isEqualTo("postgres");
        assertThat(jdbc.queryForObject("select count(*) from decision where source_record_id = '30001'", Long.class))
                .isOne();
        assertThat(viewJdbc.queryForList("""
                select table_name from information_schema.tables where table_schema = 'public' order by 1""",
                String.class)).containsExactly("V_XK_GS", "xk_gs");
    }

    private static Map<String, String> row(long id, String run, String sjc) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("ID", Long.toString(id));
        row.put("XK_WSH", "石审批许〔2026〕" + run + "-" + id + "号");
        row.put("XK_XKZS", "食品经营许可证");
        row.put("XK_XDR_MC", "石嘴山市贺兰山食品有限公司");
        row.put("XK_XDR_LB", "法人及非法人组织");
        row.put("XK_XDR_SHXYM", "91640200MA76T7U8WQ");
        row.put("XK_JDRQ", "2026-11-25");
        row.put("XK_XKJG", "石嘴山市审批服务管理局");
        row.put("XK_ZT", "1");
        row.put("SXBM", "640200-SPJ-SP-0031");
        row.put("SJC", sjc);
        return row;
    }

    private Map<String, Object> decision(String recordId, int version) {
        return jdbc.queryForMap("""
                select id, lineage_id, version, document_number, decision_type, subject_uscc, subject_id_number,
                       payload::text as payload
                from decision where source_system = 'MARKET_SUPERVISION' and source_record_id = ? and version = ?""",
                recordId, version);
    }

    private List<String> departments(Map<String, Object> decision) {
        return jdbc.queryForList("select department from delivery where decision_id = ? order by 1", String.class,
                decision.get("id"));
    }

    private long count(String table) {
        Long n = jdbc.queryForObject("select count(*) from " + table, Long.class);
        return n == null ? 0 : n;
    }
}
