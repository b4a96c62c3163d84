package org.linkagehub.delivery.push;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Health component {@code push}: per HTTP department, its endpoint or why it has none, how many messages wait
 * and how many are parked. {@value #ATTENTION} when a department cannot be pushed to or a message is parked:
 * its deliveries are kept, not lost, and this says why they do not move. A status of its own rather than DOWN,
 * since one department's endpoint must not take the whole hub out of a load balancer.
 */
@Component
public class PushHealthIndicator implements HealthIndicator {

    public static final String ATTENTION = "ATTENTION";

    private final HttpPusher pusher;
    private final JdbcTemplate jdbc;

    public PushHealthIndicator(HttpPusher pusher, JdbcTemplate jdbc) {
        this.pusher = pusher;
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        Map<String, Map<String, Object>> departments = new LinkedHashMap<>();
        pusher.endpoints().forEach((code, url) -> departments.computeIfAbsent(code, k -> new LinkedHashMap<>())
                .put("endpoint", url));
        pusher.unconfigured().forEach((code, why) -> departments.computeIfAbsent(code, k -> new LinkedHashMap<>())
                .put("problem", why));
        long[] parked = {0};
        jdbc.query("""
                select department, count(*) filter (where parked_at is null) as waiting,
                       count(*) filter (where parked_at is not null) as parked, min(created_at) as oldest
                from outbox where channel = 'http' group by department""", rs -> {
            Map<String, Object> d = departments.computeIfAbsent(rs.getString("department"), k -> new LinkedHashMap<>());
            d.put("waiting", rs.getLong("waiting"));
            d.put("parked", rs.getLong("parked"));
            d.put("oldest", rs.getTimestamp("oldest").toInstant().toString());
            parked[0] += rs.getLong("parked");
        });
        Health.Builder health = pusher.unconfigured().isEmpty() && parked[0] == 0 ? Health.up()
                : Health.status(new Status(ATTENTION, parked[0] > 0 ? parked[0] + " message(s) parked"
                        : "HTTP department(s) without an endpoint: " + pusher.unconfigured().keySet()));
        return health.withDetails(new LinkedHashMap<>(departments)).build();
    }
}
