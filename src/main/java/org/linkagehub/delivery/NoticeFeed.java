package org.linkagehub.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.linkagehub.platform.Json;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The notices on a department's pull channel ({@code GET /api/v1/departments/{code}/deliveries}): every message
 * {@link Notices} sent the department, whatever its channel, so a browser department reads the bureau's reply or its
 * verification task as it reads its decisions. Each item is keyed by what it is about ({@code "case"},
 * {@code "task"}; {@code "notice"} for a message about nothing kept) and names it, with what its feature says of it
 * now ({@link NoticeDetails}).
 */
@Repository
class NoticeFeed implements FeedMessages {

    private final NamedParameterJdbcTemplate jdbc;
    private final Json json;
    private final Map<String, NoticeDetails> details;

    NoticeFeed(NamedParameterJdbcTemplate jdbc, Json json, List<NoticeDetails> details) {
        this.jdbc = jdbc;
        this.json = json;
        this.details = details.stream().collect(Collectors.toMap(NoticeDetails::about, Function.identity()));
    }

    private record Row(UUID id, Instant at, String type, String about, UUID aboutId, String body) {
    }

    @Override
    public List<Entry> after(String department, Instant at, UUID id, int limit) {
        MapSqlParameterSource p = params(department, at, id).addValue("limit", limit);
        List<Row> rows = jdbc.query("select id, created_at, message_type, about, about_id, body::text as body "
                + "from notice n " + where(at) + " order by n.created_at, n.id limit :limit", p, (rs, n) -> new Row(
                        rs.getObject("id", UUID.class), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("message_type"), rs.getString("about"), rs.getObject("about_id", UUID.class),
                        rs.getString("body")));
        Map<String, Map<UUID, Map<String, Object>>> described = new LinkedHashMap<>();
        rows.stream().filter(r -> r.about() != null && details.containsKey(r.about()))
                .collect(Collectors.groupingBy(Row::about, Collectors.mapping(Row::aboutId, Collectors.toSet())))
                .forEach((about, ids) -> described.put(about, details.get(about).describe(ids)));
        List<Entry> entries = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> item = new LinkedHashMap<>();
            if (r.about() != null) {
                item.put(r.about() + "Id", r.aboutId());
                item.putAll(described.getOrDefault(r.about(), Map.of()).getOrDefault(r.aboutId(), Map.of()));
            }
            item.put("messageType", r.type());
            entries.add(new Entry(r.at(), r.id(), r.about() == null ? "notice" : r.about(), item, json.tree(r.body())));
        }
        return entries;
    }

    @Override
    public long count(String department, Instant at, UUID id) {
        Long n = jdbc.queryForObject("select count(*) from notice n " + where(at), params(department, at, id),
                Long.class);
        return n == null ? 0 : n;
    }

    private static String where(Instant at) {
        return "where n.department = :department" + (at == null ? "" : " and (n.created_at, n.id) > (:at, :id)");
    }

    private static MapSqlParameterSource params(String department, Instant at, UUID id) {
        MapSqlParameterSource p = new MapSqlParameterSource("department", department);
        if (at != null) {
            p.addValue("at", Timestamp.from(at)).addValue("id", id);
        }
        return p;
    }
}
