package org.linkagehub.cases;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.linkagehub.delivery.FeedMessages;
import org.linkagehub.platform.Json;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The cases' messages on a department's pull channel ({@code GET /api/v1/departments/{code}/deliveries}): every CASE,
 * CASE_REPLY, WARNING and ESCALATION the hub sent the department, whatever its channel, so a browser department
 * reads the bureau's reply as it reads its decisions. Each item names the case and its status now.
 */
@Repository
class CaseFeed implements FeedMessages {

    private final NamedParameterJdbcTemplate jdbc;
    private final Json json;

    CaseFeed(NamedParameterJdbcTemplate jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public List<Entry> after(String department, Instant at, UUID id, int limit) {
        MapSqlParameterSource p = params(department, at, id).addValue("limit", limit);
        return jdbc.query("""
                select m.id, m.created_at, m.message_type, m.body::text as body, c.id as case_id, c.case_ref, c.status
                from case_message m join case_file c on c.id = m.case_id
                """ + where(at) + " order by m.created_at, m.id limit :limit", p, (rs, n) -> {
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("caseId", rs.getObject("case_id", UUID.class));
            about.put("caseRef", rs.getString("case_ref"));
            about.put("messageType", rs.getString("message_type"));
            about.put("status", rs.getString("status"));
            return new Entry(rs.getTimestamp("created_at").toInstant(), rs.getObject("id", UUID.class), "case", about,
                    json.tree(rs.getString("body")));
        });
    }

    @Override
    public long count(String department, Instant at, UUID id) {
        Long n = jdbc.queryForObject("select count(*) from case_message m " + where(at), params(department, at, id),
                Long.class);
        return n == null ? 0 : n;
    }

    private static String where(Instant at) {
        return "where m.department = :department" + (at == null ? "" : " and (m.created_at, m.id) > (:at, :id)");
    }

    private static MapSqlParameterSource params(String department, Instant at, UUID id) {
        MapSqlParameterSource p = new MapSqlParameterSource("department", department);
        if (at != null) {
            p.addValue("at", Timestamp.from(at)).addValue("id", id);
        }
        return p;
    }
}
