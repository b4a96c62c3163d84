package org.linkagehub.metrics;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.linkagehub.departments.Department;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.quarantine.QuarantineStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What waits on the departments and on the operators, read from the database: per department the deliveries not
 * yet signed for ({@code linkage_deliveries_pending}) and those past a deadline ({@code linkage_deliveries_overdue}),
 * and the open quarantine ({@code linkage_quarantine_open}). One grouped query serves every department's gauges,
 * at most once per {@code linkage.metrics.refresh}.
 */
@Component
class BacklogMetrics implements MeterBinder {

    /**
     * Overdue as {@code DeliveryQueries.overdue} decides it for one delivery: the sign-for deadline passed
     * unsigned, or the start deadline passed before supervision started; returned deliveries wait on the
     * operators, not on the department.
     */
    private static final String BY_DEPARTMENT = """
            select department,
                   count(*) filter (where status in ('PENDING', 'DISPATCHED', 'DELIVERED')) as pending,
                   count(*) filter (where (status <> 'SIGNED' and sign_due_at < ?) or start_due_at < ?) as overdue
            from delivery
            where status in ('PENDING', 'DISPATCHED', 'DELIVERED', 'SIGNED')
            group by department""";

    private final DepartmentRegistry departments;
    private final Cached<Backlog> backlog;

    BacklogMetrics(JdbcTemplate jdbc, QuarantineStore quarantine, DepartmentRegistry departments,
            MetricsProperties properties, Clock clock) {
        this.departments = departments;
        this.backlog = new Cached<>(() -> read(jdbc, quarantine, clock), properties.refresh(), clock);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Department d : departments.all()) {
            gauge(registry, "linkage.deliveries.pending", "Deliveries not yet signed for, by department", d.code(),
                    Counts::pending);
            gauge(registry, "linkage.deliveries.overdue", "Deliveries past their sign-for or start deadline, by department",
                    d.code(), Counts::overdue);
        }
        Gauge.builder("linkage.quarantine.open", backlog, b -> {
            Backlog current = b.get();
            return current == null ? Double.NaN : current.openQuarantine();
        }).description("Quarantined inputs not yet replayed or released").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, String department,
            ToLongFunction<Counts> value) {
        Gauge.builder(name, backlog, b -> {
            Backlog current = b.get();
            return current == null ? Double.NaN : value.applyAsLong(current.of(department));
        }).description(description).tag("department", department).register(registry);
    }

    private static Backlog read(JdbcTemplate jdbc, QuarantineStore quarantine, Clock clock) {
        Timestamp now = Timestamp.from(clock.instant());
        Map<String, Counts> byDepartment = new HashMap<>();
        jdbc.query(BY_DEPARTMENT, rs -> {
            byDepartment.put(rs.getString("department"), new Counts(rs.getLong("pending"), rs.getLong("overdue")));
        }, now, now);
        return new Backlog(Map.copyOf(byDepartment), quarantine.countOpen());
    }

    private record Counts(long pending, long overdue) {
    }

    private record Backlog(Map<String, Counts> byDepartment, long openQuarantine) {
        Counts of(String department) {
            return byDepartment.getOrDefault(department, new Counts(0, 0));
        }
    }
}
