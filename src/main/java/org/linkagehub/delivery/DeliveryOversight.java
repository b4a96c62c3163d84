package org.linkagehub.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import org.linkagehub.deadlines.Deadlines;
import org.linkagehub.deadlines.WorkingDayCalendar;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.BeijingTime;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The oversight office's figures per department, read-only: today's load (pending, oldest unsigned in working days,
 * overdue), the backlog the gauges show, and a period's scorecard (delivered, signed on time, median working days to
 * sign, overdue, escalations), plus a department's own deliveries. Lateness is {@link Lateness}: unsigned past the
 * sign-for deadline, or supervision not started past the start deadline. The console shows these and the metrics
 * count them; neither reads the delivery tables itself.
 *
 * <p>Escalations are counted from {@code delivery_event} rows of status ESCALATED, which the deadline
 * watcher writes beside its {@code escalation} rows, so the figures hold with and without that table.
 */
@Repository
public class DeliveryOversight {

    private final NamedParameterJdbcTemplate jdbc;
    private final WorkingDayCalendar calendar;
    private final DepartmentRegistry departments;
    private final Clock clock;
    private final DeliveryFigures figures;

    DeliveryOversight(NamedParameterJdbcTemplate jdbc, Deadlines deadlines, DepartmentRegistry departments, Clock clock,
            DeliveryFigures figures) {
        this.jdbc = jdbc;
        this.figures = figures;
        this.calendar = deadlines.calendar();
        this.departments = departments;
        this.clock = clock;
    }

    /** Overdue deliveries of every department, now. */
    public long overdueCount() {
        Long n = jdbc.queryForObject("select count(*) from delivery d where " + Lateness.IS_NOT_STARTED + " and "
                + Lateness.OVERDUE_OPEN, now(), Long.class);
        return n == null ? 0 : n;
    }

    /** Today's load of every department in the registry, by code (zeros for one with nothing open). */
    public Map<String, Load> load() {
        Map<String, Load> byDepartment = new TreeMap<>();
        departments.all().forEach(d -> byDepartment.put(d.code(), new Load(0, null, 0)));
        byDepartment.putAll(loads(null));
        return byDepartment;
    }

    /** Today's load of one department. */
    public Load load(String department) {
        return loads(Objects.requireNonNull(department)).getOrDefault(department, new Load(0, null, 0));
    }

    /** Load by department, of one department or (null) of all that have open deliveries. */
    private Map<String, Load> loads(String department) {
        LocalDate today = LocalDate.now(clock.withZone(BeijingTime.ZONE));
        MapSqlParameterSource params = now();
        String only = "";
        if (department != null) {
            only = " and d.department = :dept";
            params.addValue("dept", department);
        }
        Map<String, Load> byDepartment = new LinkedHashMap<>();
        jdbc.query("select d.department, count(*) filter (where " + Lateness.IS_UNSIGNED + ") as pending, "
                + "min(d.created_at) filter (where " + Lateness.IS_UNSIGNED + ") as oldest, "
                + "count(*) filter (where " + Lateness.OVERDUE_OPEN + ") as overdue from delivery d "
                + "where " + Lateness.IS_NOT_STARTED + only + " group by d.department",
                params, rs -> {
                    Timestamp oldest = rs.getTimestamp("oldest");
                    Integer days = oldest == null ? null : calendar.workingDaysBetween(
                            BeijingTime.of(oldest.toInstant()).toLocalDate(), today);
                    byDepartment.put(rs.getString("department"),
                            new Load(rs.getLong("pending"), days, rs.getLong("overdue")));
                });
        return byDepartment;
    }

    /**
     * Per department that has any, by code, the deliveries not yet signed for and those overdue, now: what the backlog
     * gauges show. Today's {@link #load()} without the oldest delivery's age, so a scrape pays for no calendar.
     */
    public Map<String, Backlog> backlog() {
        Map<String, Backlog> byDepartment = new HashMap<>();
        jdbc.query("select d.department, count(*) filter (where " + Lateness.IS_UNSIGNED + ") as pending, "
                + "count(*) filter (where " + Lateness.OVERDUE_OPEN + ") as overdue from delivery d "
                + "where " + Lateness.IS_NOT_STARTED + " group by d.department", now(), rs -> {
                    byDepartment.put(rs.getString("department"), new Backlog(rs.getLong("pending"), rs.getLong("overdue")));
                });
        return byDepartment;
    }

    /**
     * Per department, by code, the deliveries that left the hub in the period of Beijing days {@code from} to
     * {@code to}, both included; returned ones are excluded (they
     * were not the department's to sign). Delivered, signed on time, escalations and the histogram of working days
     * to sign come from the figures the database keeps per department and Beijing day (migration V14), so a quarter
     * costs what a day does; the median of working days to sign is read off the histogram as {@code percentile_cont(0.5)}
     * would compute it: the middle value, or the mean of the two middle ones for an even count. Overdue depends on
     * the time of asking and is counted from the period's open deliveries.
     *
     * <p>The on-time rate counts only the deliveries that have come to the test: those signed for, and those still
     * unsigned past their sign-for deadline (from the same open deliveries as overdue). A delivery not yet due is
     * neither on time nor late, so a department that received everything an hour ago has no rate rather than 0 %.
     */
    public List<Scorecard> scorecards(LocalDate from, LocalDate to) {
        figures.fold();
        Map<String, Tally> tallies = new TreeMap<>();
        departments.all().forEach(d -> tallies.put(d.code(), new Tally()));
        MapSqlParameterSource days = new MapSqlParameterSource("from", from).addValue("to", to);
        jdbc.query("""
                select department, sign_working_days, sum(delivered) as delivered, sum(on_time) as on_time,
                       sum(escalations) as escalations
                from (select department, sign_working_days, delivered, on_time, escalations from delivery_figures
                      where day between :from and :to
                      union all
                      select department, sign_working_days, delivered, on_time, escalations from delivery_figures_change
                      where day between :from and :to) f
                group by department, sign_working_days""", days, rs -> {
                    tallies.computeIfAbsent(rs.getString("department"), code -> new Tally()).add(
                            rs.getObject("sign_working_days", Integer.class), rs.getLong("delivered"),
                            rs.getLong("on_time"), rs.getLong("escalations"));
                });
        Map<String, long[]> late = new TreeMap<>();
        MapSqlParameterSource span = now()
                .addValue("from", Timestamp.from(from.atStartOfDay(BeijingTime.ZONE).toInstant()))
                .addValue("to", Timestamp.from(to.plusDays(1).atStartOfDay(BeijingTime.ZONE).toInstant()));
        // From the partial index delivery_open (V33) alone, which a prepared statement's generic plan uses too; unsigned
        // past the sign-for deadline is a part of overdue, so one walk gives both. The scorecards count the deliveries
        // that left the hub, and whether one has is transport state, which no index holds: the PENDING ones, whose
        // message is still in the outbox (a handful, however many deliveries there are), are taken off again.
        jdbc.query("select department, sum(overdue) as overdue, sum(unsigned_late) as unsigned_late from ("
                + "select d.department, count(*) as overdue, count(*) filter (where " + Lateness.SIGN_LATE_OPEN
                + ") as unsigned_late from delivery d where " + Lateness.IS_NOT_STARTED + " and d.created_at >= :from "
                + "and d.created_at < :to and " + Lateness.OVERDUE_OPEN + " group by d.department "
                + "union all select d.department, -count(*), -count(*) filter (where " + Lateness.SIGN_LATE_OPEN
                + ") from delivery d where d.id in (select o.delivery_id from outbox o where o.kind = 'DECISION') "
                + "and d.status = 'PENDING' and d.created_at >= :from and d.created_at < :to and "
                + Lateness.OVERDUE_OPEN + " group by d.department) f group by department",
                span, rs -> {
                    late.put(rs.getString("department"), new long[] {rs.getLong("overdue"), rs.getLong("unsigned_late")});
                });
        List<Scorecard> cards = new ArrayList<>();
        tallies.forEach((code, tally) -> {
            // a code no longer in the registry shows only while it has deliveries in the period
            if (tally.delivered > 0 || departments.find(code).isPresent()) {
                long[] overdue = late.getOrDefault(code, new long[2]);
                cards.add(tally.card(code, overdue[0], overdue[1]));
            }
        });
        return cards;
    }

    /** A department's deliveries, newest first; {@code filter} is {@code open}, {@code overdue} or anything else for all. */
    public Listed deliveries(String department, String filter, int page, int size) {
        MapSqlParameterSource params = now().addValue("dept", department);
        String where = " where d.department = :dept" + switch (filter == null ? "" : filter) {
            case "open" -> " and " + Lateness.IS_UNSIGNED;
            case "overdue" -> " and " + Lateness.IS_NOT_STARTED + " and " + Lateness.OVERDUE_OPEN;
            default -> "";
        };
        Long total = jdbc.queryForObject("select count(*) from delivery d" + where, params, Long.class);
        params.addValue("limit", size).addValue("offset", (long) page * size);
        List<DeliveryRow> rows = jdbc.query("""
                select d.id, d.role, d.status, d.created_at, d.sign_due_at, d.start_due_at, %s as overdue,
                       x.lineage_id, x.document_number, x.subject_name, x.matter_code, x.decision_type
                from delivery d join decision x on x.id = d.decision_id""".formatted(Lateness.OVERDUE) + where
                + " order by d.created_at desc, d.id limit :limit offset :offset", params, (rs, n) -> new DeliveryRow(
                        rs.getObject("id", UUID.class), rs.getObject("lineage_id", UUID.class),
                        rs.getString("document_number"), rs.getString("subject_name"), rs.getString("matter_code"),
                        rs.getString("decision_type"), rs.getString("role"), rs.getString("status"),
                        time(rs.getTimestamp("created_at")), time(rs.getTimestamp("sign_due_at")),
                        time(rs.getTimestamp("start_due_at")), rs.getBoolean("overdue")));
        return new Listed(rows, total == null ? 0 : total);
    }

    private MapSqlParameterSource now() {
        return new MapSqlParameterSource("now", Timestamp.from(clock.instant()));
    }

    private static OffsetDateTime time(Timestamp t) {
        return t == null ? null : BeijingTime.of(t.toInstant());
    }

    /** One department's buckets of a period, added up; the histogram maps working days to sign to deliveries. */
    private static final class Tally {
        private final NavigableMap<Integer, Long> histogram = new TreeMap<>();
        private long delivered;
        private long onTime;
        private long escalations;

        void add(Integer signWorkingDays, long deliveries, long signedOnTime, long escalated) {
            delivered += deliveries;
            onTime += signedOnTime;
            escalations += escalated;
            if (signWorkingDays != null && deliveries > 0) {
                histogram.merge(signWorkingDays, deliveries, Long::sum);
            }
        }

        /** The card, given the period's overdue deliveries and those of them still unsigned past the sign-for deadline. */
        Scorecard card(String department, long overdue, long unsignedLate) {
            long signed = histogram.values().stream().mapToLong(Long::longValue).sum();
            return new Scorecard(department, delivered, onTime, signed + unsignedLate,
                    Scorecard.percent(onTime, signed + unsignedLate), median(), overdue, escalations);
        }

        /** {@code percentile_cont(0.5)}: the values at positions ⌊(n−1)/2⌋ and ⌈(n−1)/2⌉, interpolated half-way. */
        private Double median() {
            long n = histogram.values().stream().mapToLong(Long::longValue).sum();
            if (n == 0) {
                return null;
            }
            double lower = valueAt((n - 1) / 2);
            double upper = valueAt(n / 2);
            return lower + (upper - lower) * 0.5;
        }

        private int valueAt(long position) {
            long seen = 0;
            for (Map.Entry<Integer, Long> bucket : histogram.entrySet()) {
                seen += bucket.getValue();
                if (position < seen) {
                    return bucket.getKey();
                }
            }
            throw new IllegalStateException("position " + position + " beyond " + seen + " values");
        }
    }

    /** Today's load: unsigned deliveries, the oldest one's age in working days (null when none), overdue ones. */
    public record Load(long pending, Integer oldestUnsignedWorkingDays, long overdue) {
    }

    /**
     * A department's figures for a period. {@code due} is what the on-time rate counts: the deliveries signed for and
     * those unsigned past their sign-for deadline; onTimePercent is null when there are none of these, and
     * medianDaysToSign when none was signed.
     */
    public record Scorecard(String department, long delivered, long signedOnTime, long due, Double onTimePercent,
            Double medianDaysToSign, long overdue, long escalations) {

        /** Signed on time as a percentage of what was due, to one decimal; null when nothing was due. */
        public static Double percent(long signedOnTime, long due) {
            return due == 0 ? null : Math.round(1000.0 * signedOnTime / due) / 10.0;
        }
    }

    /** Deliveries not yet signed for and those overdue, of one department. */
    public record Backlog(long pending, long overdue) {
    }

    /** One page of a department's deliveries and how many there are in all. */
    public record Listed(List<DeliveryRow> items, long total) {
    }

    /** One of a department's deliveries as its page lists it, with the decision it carries. */
    public record DeliveryRow(UUID id, UUID lineageId, String documentNumber, String subjectName, String matterCode,
            String decisionType, String role, String status, OffsetDateTime createdAt, OffsetDateTime signDueAt,
            OffsetDateTime startDueAt, boolean overdue) {

        public boolean signable() {
            return "DISPATCHED".equals(status) || "DELIVERED".equals(status) || "PENDING".equals(status);
        }

        public boolean startable() {
            return signable() || "SIGNED".equals(status);
        }
    }
}
