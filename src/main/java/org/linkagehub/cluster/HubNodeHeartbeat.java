package org.linkagehub.cluster;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.linkagehub.platform.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes this hub's row of {@code hub_node}: that it is up, where operators reach it and what it leads (route
 * {@code hub-node-heartbeat}, every {@code linkage.cluster.heartbeat}); a hub that stops cleanly removes its row, a
 * killed one drops off the list once its heartbeat is old.
 */
@Component
public class HubNodeHeartbeat implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HubNodeHeartbeat.class);

    private final JdbcTemplate jdbc;
    private final ThisHub hub;
    private final Leadership leadership;
    private final Json json;
    private final Clock clock;
    private final Instant startedAt;

    HubNodeHeartbeat(JdbcTemplate jdbc, ThisHub hub, Leadership leadership, Json json, Clock clock) {
        this.jdbc = jdbc;
        this.hub = hub;
        this.leadership = leadership;
        this.json = json;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** Says this hub is up, and what it leads now. */
    public void beat() {
        Map<String, String> leads = new LinkedHashMap<>();
        leadership.leads().forEach((namespace, since) -> leads.put(namespace, since.toString()));
        jdbc.update("""
                insert into hub_node (node_id, base_url, started_at, heartbeat_at, leads)
                values (?, ?, ?, ?, cast(? as jsonb))
                on conflict (node_id) do update set base_url = excluded.base_url, started_at = excluded.started_at,
                    heartbeat_at = excluded.heartbeat_at, leads = excluded.leads""",
                hub.nodeId(), hub.baseUrl(), Timestamp.from(startedAt), Timestamp.from(clock.instant()),
                json.write(leads));
    }

    @Override
    public void destroy() {
        try {
            jdbc.update("delete from hub_node where node_id = ?", hub.nodeId());
        } catch (RuntimeException e) {
            // the row ages out of the list by itself
            log.warn("Could not remove this hub ({}) from hub_node at shutdown: {}", hub.nodeId(), e.toString());
        }
    }
}
