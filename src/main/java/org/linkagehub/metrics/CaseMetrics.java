package org.linkagehub.metrics;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.linkagehub.cases.CaseQueries;
import org.linkagehub.cases.CaseType;
import org.linkagehub.departments.Department;
import org.linkagehub.departments.DepartmentRegistry;
import org.springframework.stereotype.Component;

/**
 * Cases waiting (issue 12): {@code linkage_cases_open} (not closed) and {@code linkage_cases_overdue} (unanswered past
 * the reply deadline), by filing department and type; one grouped query per {@code linkage.metrics.refresh}.
 */
@Component
class CaseMetrics implements MeterBinder {

    private final DepartmentRegistry departments;
    private final Cached<Map<String, CaseQueries.Backlog>> backlog;

    CaseMetrics(CaseQueries cases, DepartmentRegistry departments, MetricsProperties properties, Clock clock) {
        this.departments = departments;
        this.backlog = new Cached<>(() -> index(cases.backlog()), properties.refresh(), clock);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Department d : departments.all()) {
            for (CaseType t : CaseType.values()) {
                gauge(registry, "linkage.cases.open", "Cases not closed, by filing department and type", d.code(), t,
                        CaseQueries.Backlog::open);
                gauge(registry, "linkage.cases.overdue", "Cases unanswered past their reply deadline, by filing "
                        + "department and type", d.code(), t, CaseQueries.Backlog::overdue);
            }
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, String department, CaseType type,
            ToLongFunction<CaseQueries.Backlog> value) {
        Gauge.builder(name, backlog, b -> {
            Map<String, CaseQueries.Backlog> current = b.get();
            if (current == null) {
                return Double.NaN;
            }
            CaseQueries.Backlog row = current.get(department + "/" + type.name());
            return row == null ? 0 : value.applyAsLong(row);
        }).description(description).tag("department", department).tag("type", type.name()).register(registry);
    }

    private static Map<String, CaseQueries.Backlog> index(List<CaseQueries.Backlog> rows) {
        Map<String, CaseQueries.Backlog> out = new HashMap<>();
        rows.forEach(r -> out.put(r.department() + "/" + r.type(), r));
        return out;
    }
}
