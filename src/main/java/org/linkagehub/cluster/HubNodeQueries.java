package org.linkagehub.cluster;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import org.linkagehub.platform.Json;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads {@code hub_node}: the hubs that are up (heartbeat within three intervals) and what each leads. */
@Component
public class HubNodeQueries {

    private static final TypeReference<Map<String, String>> LEADS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ThisHub hub;
    private final ClusterProperties properties;
    private final Json json;
    private final Clock clock;

    HubNodeQueries(JdbcTemplate jdbc, ThisHub hub, ClusterProperties properties, Json json, Clock clock) {
        this.jdbc = jdbc;
        this.hub = hub;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** The hubs that are up, by node id. */
    public List<HubNodeStatus> up() {
        Instant oldest = clock.instant().minus(properties.heartbeat().multipliedBy(3));
        return jdbc.query("""
                select node_id, base_url, started_at, heartbeat_at, leads::text as leads from hub_node
                where heartbeat_at >= ? order by node_id""",
                (rs, n) -> new HubNodeStatus(rs.getString("node_id"), rs.getString("base_url"),
                        rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("heartbeat_at").toInstant(),
                        leads(rs.getString("leads")), hub.nodeId().equals(rs.getString("node_id"))),
                Timestamp.from(oldest));
    }

    private Map<String, Instant> leads(String text) {
        Map<String, Instant> leads = new TreeMap<>();
        json.read(text, LEADS).forEach((namespace, since) -> leads.put(namespace, Instant.parse(since)));
        return leads;
    }
}
