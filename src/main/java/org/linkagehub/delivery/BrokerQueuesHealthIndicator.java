package org.linkagehub.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

import org.linkagehub.delivery.push.PushHealthIndicator;
import org.linkagehub.departments.DepartmentBrokerSetup;
import org.linkagehub.departments.DepartmentQueues;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Health component {@code brokerQueues}: each department in force that lacks its queue, receipts or cases address on
 * the broker — what it lacks, how many deliveries wait for it in the outbox (kept, not lost) and the
 * {@code broker.xml} stanza that gives it them. {@code ATTENTION} rather than DOWN, like the push component: one department's missing
 * queue must not take the hub out of a load balancer. Only a standalone broker can lack one: the embedded broker is
 * provisioned by the hub.
 */
@Component
public class BrokerQueuesHealthIndicator implements HealthIndicator {

    private final DepartmentQueues departmentQueues;
    private final JdbcTemplate jdbc;

    public BrokerQueuesHealthIndicator(DepartmentQueues departmentQueues, JdbcTemplate jdbc) {
        this.departmentQueues = departmentQueues;
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        Map<String, DepartmentBrokerSetup> missing = departmentQueues.missing();
        if (missing == null) {
            return Health.unknown().withDetail("reason", "the broker could not be asked which queues exist").build();
        }
        if (missing.isEmpty()) {
            return Health.up().build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        missing.forEach((code, setup) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("queue", setup.queue());
            d.put("receiptsAddress", setup.receiptsAddress());
            d.put("casesAddress", setup.casesAddress());
            jdbc.query("""
                    select count(*) as waiting, min(created_at) as oldest from outbox
                    where channel = 'queue' and destination = ?""", rs -> {
                d.put("waiting", rs.getLong("waiting"));
                if (rs.getTimestamp("oldest") != null) {
                    d.put("oldest", rs.getTimestamp("oldest").toInstant().toString());
                }
            }, setup.queue());
            d.put("brokerXml", setup.stanza());
            details.put(code, d);
        });
        return Health.status(new Status(PushHealthIndicator.ATTENTION, "department(s) lacking their queue, receipts or "
                + "cases address on the broker, deliveries kept in the outbox: " + missing.keySet()))
                .withDetails(details).build();
    }
}
