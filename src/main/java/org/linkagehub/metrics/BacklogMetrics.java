package org.linkagehub.metrics;

import java.time.Clock;
import java.util.Map;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.linkagehub.delivery.DeliveryOversight;
import org.linkagehub.departments.Department;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.quarantine.QuarantineStore;
import org.springframework.stereotype.Component;

/**
 * What waits on the departments and on the operators: per department the deliveries not yet signed for
 * ({@code linkage_deliveries_pending}) and those past a deadline ({@code linkage_deliveries_overdue}), as the delivery
 * feature counts them ({@link DeliveryOversight#backlog()}, lateness as {@code delivery.Lateness} defines it), and the
 * open quarantine ({@code linkage_quarantine_open}). One grouped query serves every department's gauges, at most once
 * per {@code linkage.metrics.refresh}.
 */
@Component
class BacklogMetrics implements MeterBinder {

    private final DepartmentRegistry departments;
    private final Cached<Backlog> backlog;

    BacklogMetrics(DeliveryOversight deliveries, QuarantineStore quarantine, DepartmentRegistry departments,
            MetricsProperties properties, Clock clock) {
        this.departments = departments;
        this.backlog = new Cached<>(() -> new Backlog(Map.copyOf(deliveries.backlog()), quarantine.countOpen()),
                properties.refresh(), clock);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Department d : departments.all()) {
            gauge(registry, "linkage.deliveries.pending", "Deliveries not yet signed for, by department", d.code(),
                    DeliveryOversight.Backlog::pending);
            gauge(registry, "linkage.deliveries.overdue", "Deliveries past their sign-for or start deadline, by department",
                    d.code(), DeliveryOversight.Backlog::overdue);
        }
        Gauge.builder("linkage.quarantine.open", backlog, b -> {
            Backlog current = b.get();
            return current == null ? Double.NaN : current.openQuarantine();
        }).description("Quarantined inputs not yet replayed or released").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, String department,
            ToLongFunction<DeliveryOversight.Backlog> value) {
        Gauge.builder(name, backlog, b -> {
            Backlog current = b.get();
            return current == null ? Double.NaN : value.applyAsLong(current.of(department));
        }).description(description).tag("department", department).register(registry);
    }

    private record Backlog(Map<String, DeliveryOversight.Backlog> byDepartment, long openQuarantine) {
        DeliveryOversight.Backlog of(String department) {
            return byDepartment.getOrDefault(department, new DeliveryOversight.Backlog(0, 0));
        }
    }
}
