package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.linkagehub.delivery.DeliveryOversight;
import org.linkagehub.delivery.Lateness;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.BeijingTime;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The scorecards read per-day figures the database keeps (migration V14) instead of every delivery; they must stay
 * exactly what the definition computes from the deliveries themselves, which this test keeps as the query the
 * scorecards ran before V14. Deliveries are back-dated to March 2025, where no other test writes, and pushed through
 * what moves a delivery between buckets: the period's Beijing midnight, a signature, an earlier signature recorded
 * later, a return after signing, an escalation. The deadline watcher is kept off them (no next check). April 2025
 * holds the on-time rate's deliveries not yet due.
 */
class ScorecardFiguresIT extends ConsoleTestSupport {

    private static final Period MARCH_WEEK = new Period(LocalDate.of(2025, 3, 3), LocalDate.of(2025, 3, 9));
    private static final Period APRIL_WEEK = new Period(LocalDate.of(2025, 4, 7), LocalDate.of(2025, 4, 13));
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL);

    @Autowired
    DeliveryOversight oversight;

    @Autowired
    NamedParameterJdbcTemplate named;

    @Autowired
    DepartmentRegistry departments;

    @Autowired
    Clock clock;

    @Test
    void theFiguresByDayAreTheDefinitionAcrossBoundariesSignaturesReturnsAndEscalations() {
        String firstDay = deliveryOf(approve(BUILDING_PERMIT, "宁夏星光置业有限公司"), "ZJ");
        String lastMinute = deliveryOf(approve(BUILDING_PERMIT, "宁夏星光置业有限公司"), "ZJ");
        String nextWeek = deliveryOf(approve(BUILDING_PERMIT, "宁夏星光置业有限公司"), "ZJ");
        String resigned = deliveryOf(approve(BUILDING_PERMIT, "宁夏星光置业有限公司"), "ZJ");
        String returned = deliveryOf(approve(DISCHARGE_PERMIT, "石嘴山某化工有限公司"), "STHJ");
        String escalated = deliveryOf(approve(DISCHARGE_PERMIT, "石嘴山某化工有限公司"), "STHJ");
        backDate(firstDay, "2025-03-03 00:00+08");
        backDate(lastMinute, "2025-03-09 23:59:59+08");
        backDate(nextWeek, "2025-03-10 00:00+08");
        backDate(resigned, "2025-03-04 10:00+08");
        backDate(returned, "2025-03-05 10:00+08");
        backDate(escalated, "2025-03-06 10:00+08");

        signed(firstDay, "2025-03-04 09:00+08");
        signed(lastMinute, "2025-03-12 09:00+08");
        signed(nextWeek, "2025-03-12 09:00+08");
        signed(resigned, "2025-03-14 09:00+08");
        assertThat(cardOf("ZJ", scorecards(MARCH_WEEK)).medianDaysToSign()).as("1, 3 and 8 working days")
                .isEqualTo(3.0);
        // a signature recorded late but made earlier: the first signature counts, in a lower bucket
        signed(resigned, "2025-03-05 09:00+08");
        signed(returned, "2025-03-06 09:00+08");
        assertThat(post("/api/v1/deliveries/" + returned + "/receipt", bearer("demo-sthj"),
                "{\"status\":\"RETURNED\",\"note\":\"not ours\"}").statusCode()).isEqualTo(200);
        jdbc.update("insert into delivery_event (delivery_id, status, at, actor) values (?::uuid, 'ESCALATED', "
                + "'2025-03-08 09:00+08', 'test')", escalated);

        List<DeliveryOversight.Scorecard> cards = scorecards(MARCH_WEEK);
        assertThat(cards).isEqualTo(definition(MARCH_WEEK));
        DeliveryOversight.Scorecard zj = cardOf("ZJ", cards);
        assertThat(zj.delivered()).as("3 Mar 00:00 and 9 Mar 23:59:59 in, 10 Mar 00:00 out").isEqualTo(3);
        assertThat(zj.medianDaysToSign()).as("1, 1 and 3 working days").isEqualTo(1.0);
        DeliveryOversight.Scorecard sthj = cardOf("STHJ", cards);
        assertThat(sthj.delivered()).as("the returned delivery is not counted").isEqualTo(1);
        assertThat(sthj.escalations()).isEqualTo(1);
        assertThat(sthj.overdue()).isEqualTo(1);
        assertThat(sthj.medianDaysToSign()).isNull();
        Period eightDays = new Period(LocalDate.of(2025, 3, 3), LocalDate.of(2025, 3, 10));
        List<DeliveryOversight.Scorecard> longer = scorecards(eightDays);
        assertThat(longer).isEqualTo(definition(eightDays));
        assertThat(cardOf("ZJ", longer).medianDaysToSign()).as("1, 1, 2 and 3: the mean of the middle two").isEqualTo(1.5);
    }

    /**
     * Issue 12: a department that received its decisions an hour ago, none due yet, showed 0.0 % in red. Deliveries
     * not yet due now count neither way; the page, the notice and the CSV leave the rate empty until one is due.
     */
    @Test
    void theOnTimeRateCountsOnlyDeliveriesSignedOrPastTheirDeadline() throws Exception {
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String delivery = deliveryOf(approve(BUILDING_PERMIT, "宁夏星光置业有限公司"), "ZJ");
            backDate(delivery, "2025-04-08 10:00+08");
            jdbc.update("update delivery set sign_due_at = now() + interval '1 day', start_due_at = now() + interval "
                    + "'3 days' where id = ?::uuid", delivery);
            fresh.add(delivery);
        }
        DeliveryOversight.Scorecard notDue = cardOf("ZJ", scorecards(APRIL_WEEK));
        assertThat(notDue.delivered()).isEqualTo(3);
        assertThat(notDue.due()).isZero();
        assertThat(notDue.onTimePercent()).as("nothing due: no rate, not 0 %").isNull();

        MockMvc mvc = console();
        String range = "?from=" + APRIL_WEEK.from() + "&to=" + APRIL_WEEK.to();
        for (String page : new String[] {"/console/scorecards", "/console/scorecards/print"}) {
            String html = html(mvc, page + range);
            assertThat(cells(row(html, "card-ZJ"))).as(page).containsExactly("石嘴山市住房和城乡建设局", "3", "0", "0", "—",
                    "—", "0", "0", "0", "—", "—", "—", "—", "0");
            assertThat(row(html, "card-ZJ")).as("nothing in red").doesNotContain("bad");
            assertThat(html).as(page).contains("id=\"on-time-counts\"", "尚未到签收期限的不计入");
        }
        assertThat(html(mvc, "/console/departments" + range)).contains("尚未到签收期限的不计入");
        assertThat(csvRow(mvc, range, "ZJ")).isEqualTo("ZJ,石嘴山市住房和城乡建设局,3,0,0,,,0,0,0,,,,0,0,,0");

        // one passes its deadline unsigned, one is signed before its deadline, one is still not due
        jdbc.update("update delivery set sign_due_at = now() - interval '1 hour' where id = ?::uuid", fresh.get(0));
        signed(fresh.get(1), "2025-04-09 09:00+08");
        DeliveryOversight.Scorecard due = cardOf("ZJ", scorecards(APRIL_WEEK));
        assertThat(due.due()).isEqualTo(2);
        assertThat(due.signedOnTime()).isEqualTo(1);
        assertThat(due.onTimePercent()).isEqualTo(50.0);
        assertThat(scorecards(APRIL_WEEK)).isEqualTo(definition(APRIL_WEEK));
        assertThat(cells(row(html(mvc, "/console/scorecards" + range), "card-ZJ"))).containsExactly("石嘴山市住房和城乡建设局",
                "3", "1", "2", "50.0", "1.0", "1", "0", "0", "—", "—", "—", "—", "0");
        assertThat(csvRow(mvc, range, "ZJ")).isEqualTo("ZJ,石嘴山市住房和城乡建设局,3,1,2,50.0,1.0,1,0,0,,,,0,0,,0");
    }

    @Test
    void everyPeriodOfTheSharedDatabaseMatchesTheDefinition() {
        Period all = new Period(LocalDate.of(2020, 1, 1), LocalDate.of(2030, 12, 31));
        assertThat(scorecards(all)).isEqualTo(definition(all));
        Period sinceAutumn = new Period(LocalDate.of(2026, 9, 18), LocalDate.now(clock.withZone(BeijingTime.ZONE)));
        assertThat(scorecards(sinceAutumn)).isEqualTo(definition(sinceAutumn));
    }

    /** A department's signature at the given time (the event the REST receipt would write, at a chosen time). */
    private void signed(String delivery, String at) {
        jdbc.update("insert into delivery_event (delivery_id, status, at, actor) values (?::uuid, 'SIGNED', "
                + "?::timestamptz, 'test')", delivery, at);
        jdbc.update("update delivery set status = 'SIGNED' where id = ?::uuid and status in ('PENDING', 'DISPATCHED', "
                + "'DELIVERED')", delivery);
    }

    private void backDate(String delivery, String createdAt) {
        jdbc.update("update delivery set status = case when status = 'PENDING' then 'DISPATCHED' else status end, "
                + "created_at = ?::timestamptz, sign_due_at = ?::timestamptz + interval '1 day', "
                + "start_due_at = ?::timestamptz + interval '3 days', sign_check_at = null, start_check_at = null "
                + "where id = ?::uuid",
                createdAt, createdAt, createdAt, delivery);
    }

    private String html(MockMvc mvc, String page) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.get(page).with(as("auditor"))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private String csvRow(MockMvc mvc, String range, String department) throws Exception {
        String csv = mvc.perform(MockMvcRequestBuilders.get("/console/scorecards.csv" + range).with(as("auditor"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return csv.lines().filter(line -> line.startsWith(department + ",")).findFirst().orElseThrow();
    }

    /** The table row with that id, up to its end. */
    private static String row(String html, String rowId) {
        int start = html.indexOf("id=\"" + rowId + "\"");
        assertThat(start).as("a row %s", rowId).isNotNegative();
        return html.substring(start, html.indexOf("</tr>", start));
    }

    /** The text of each cell of a table row, tags stripped. */
    private static List<String> cells(String row) {
        Matcher cell = CELL.matcher(row);
        List<String> cells = new ArrayList<>();
        while (cell.find()) {
            cells.add(cell.group(1).replaceAll("<[^>]+>", "").strip());
        }
        return cells;
    }

    private List<DeliveryOversight.Scorecard> scorecards(Period period) {
        return oversight.scorecards(period.from(), period.to());
    }

    private static DeliveryOversight.Scorecard cardOf(String department, List<DeliveryOversight.Scorecard> cards) {
        return cards.stream().filter(c -> c.department().equals(department)).findFirst().orElseThrow();
    }

    /** The scorecards as computed from every delivery of the period, as before migration V14. */
    private List<DeliveryOversight.Scorecard> definition(Period period) {
        Map<String, DeliveryOversight.Scorecard> cards = new TreeMap<>();
        departments.all().forEach(d -> cards.put(d.code(), new DeliveryOversight.Scorecard(d.code(), 0, 0, 0, null, null, 0,
                0)));
        MapSqlParameterSource params = new MapSqlParameterSource("now", Timestamp.from(clock.instant()))
                .addValue("from", Timestamp.from(period.start())).addValue("to", Timestamp.from(period.end()));
        named.query("""
                select d.department, count(*) as delivered,
                       count(*) filter (where d.signed_at <= coalesce(d.sign_due_at, d.signed_at)) as on_time,
                       count(*) filter (where d.signed_at is not null or d.sign_due_at < :now) as due,
                       percentile_cont(0.5) within group (order by d.sign_working_days) as median_days,
                       count(*) filter (where %s) as overdue, sum(d.escalations) as escalations
                from delivery d
                where d.created_at >= :from and d.created_at < :to and d.status not in ('PENDING', 'RETURNED')
                group by d.department""".formatted(Lateness.OVERDUE), params, rs -> {
                    long onTime = rs.getLong("on_time");
                    long due = rs.getLong("due");
                    cards.put(rs.getString("department"), new DeliveryOversight.Scorecard(rs.getString("department"),
                            rs.getLong("delivered"), onTime, due, due == 0 ? null : Math.round(1000.0 * onTime / due) / 10.0,
                            rs.getObject("median_days", Double.class), rs.getLong("overdue"), rs.getLong("escalations")));
                });
        return new ArrayList<>(cards.values());
    }
}
