package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.routing.DepartmentRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The scorecards read per-day figures the database keeps (migration V14) instead of every delivery; they must stay
 * exactly what the definition computes from the deliveries themselves, which this test keeps as the query the
 * scorecards ran before V14. Deliveries are back-dated to March 2025, where no other test writes, and pushed through
 * what moves a delivery between buckets: the period's Beijing midnight, a signature, an earlier signature recorded
 * later, a return after signing, an escalation. The deadline watcher is kept off them (no next check).
 */
class ScorecardFiguresIT extends ConsoleTestSupport {

    private static final Period MARCH_WEEK = new Period(LocalDate.of(2025, 3, 3), LocalDate.of(2025, 3, 9));

    @Autowired
    OversightQueries oversight;

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
        assertThat(cardOf("ZJ", oversight.scorecards(MARCH_WEEK)).medianDaysToSign()).as("1, 3 and 8 working days")
                .isEqualTo(3.0);
        // a signature recorded late but made earlier: the first signature counts, in a lower bucket
        signed(resigned, "2025-03-05 09:00+08");
        signed(returned, "2025-03-06 09:00+08");
        assertThat(post("/api/v1/deliveries/" + returned + "/receipt", bearer("demo-sthj"),
                "{\"status\":\"RETURNED\",\"note\":\"not ours\"}").statusCode()).isEqualTo(200);
        jdbc.update("insert into delivery_event (delivery_id, status, at, actor) values (?::uuid, 'ESCALATED', "
                + "'2025-03-08 09:00+08', 'test')", escalated);

        List<OversightQueries.Scorecard> cards = oversight.scorecards(MARCH_WEEK);
        assertThat(cards).isEqualTo(definition(MARCH_WEEK));
        OversightQueries.Scorecard zj = cardOf("ZJ", cards);
        assertThat(zj.delivered()).as("3 Mar 00:00 and 9 Mar 23:59:59 in, 10 Mar 00:00 out").isEqualTo(3);
        assertThat(zj.medianDaysToSign()).as("1, 1 and 3 working days").isEqualTo(1.0);
        OversightQueries.Scorecard sthj = cardOf("STHJ", cards);
        assertThat(sthj.delivered()).as("the returned delivery is not counted").isEqualTo(1);
        assertThat(sthj.escalations()).isEqualTo(1);
        assertThat(sthj.overdue()).isEqualTo(1);
        assertThat(sthj.medianDaysToSign()).isNull();
        Period eightDays = new Period(LocalDate.of(2025, 3, 3), LocalDate.of(2025, 3, 10));
        List<OversightQueries.Scorecard> longer = oversight.scorecards(eightDays);
        assertThat(longer).isEqualTo(definition(eightDays));
        assertThat(cardOf("ZJ", longer).medianDaysToSign()).as("1, 1, 2 and 3: the mean of the middle two").isEqualTo(1.5);
    }

    @Test
    void everyPeriodOfTheSharedDatabaseMatchesTheDefinition() {
        Period all = new Period(LocalDate.of(2020, 1, 1), LocalDate.of(2030, 12, 31));
        assertThat(oversight.scorecards(all)).isEqualTo(definition(all));
        Period sinceAutumn = new Period(LocalDate.of(2026, 9, 18), LocalDate.now(clock.withZone(BeijingTime.ZONE)));
        assertThat(oversight.scorecards(sinceAutumn)).isEqualTo(definition(sinceAutumn));
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

    private static OversightQueries.Scorecard cardOf(String department, List<OversightQueries.Scorecard> cards) {
        return cards.stream().filter(c -> c.department().equals(department)).findFirst().orElseThrow();
    }

    /** The scorecards as computed from every delivery of the period, as before migration V14. */
    private List<OversightQueries.Scorecard> definition(Period period) {
        Map<String, OversightQueries.Scorecard> cards = new TreeMap<>();
        departments.all().forEach(d -> cards.put(d.code(), new OversightQueries.Scorecard(d.code(), 0, 0, null, null, 0, 0)));
        MapSqlParameterSource params = new MapSqlParameterSource("now", Timestamp.from(clock.instant()))
                .addValue("from", Timestamp.from(period.start())).addValue("to", Timestamp.from(period.end()));
        named.query("""
                select d.department, count(*) as delivered,
                       count(*) filter (where d.signed_at <= coalesce(d.sign_due_at, d.signed_at)) as on_time,
                       percentile_cont(0.5) within group (order by d.sign_working_days) as median_days,
                       count(*) filter (where %s) as overdue, sum(d.escalations) as escalations
                from delivery d
                where d.created_at >= :from and d.created_at < :to and d.status not in ('PENDING', 'RETURNED')
                group by d.department""".formatted(OversightQueries.OVERDUE), params, rs -> {
                    long delivered = rs.getLong("delivered");
                    long onTime = rs.getLong("on_time");
                    cards.put(rs.getString("department"), new OversightQueries.Scorecard(rs.getString("department"),
                            delivered, onTime, Math.round(1000.0 * onTime / delivered) / 10.0,
                            rs.getObject("median_days", Double.class), rs.getLong("overdue"), rs.getLong("escalations")));
                });
        return new ArrayList<>(cards.values());
    }
}
