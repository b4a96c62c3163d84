package org.linkagehub.delivery;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.platform.Json;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.web.server.ResponseStatusException;

/**
 * A department's deliveries for the pull channel, oldest change first. {@code since} is an opaque cursor: the
 * {@code next} of the previous answer, standing for "the last delivery I saw changed at time T"; an answer holds
 * the deliveries changed after it ((updated_at, id) greater than the cursor's), so a script that keeps {@code next}
 * sees every new delivery and every change of its phase once (signed for, supervision started, returned, re-routed),
 * and nothing twice. The transport's steps (DISPATCHED, DELIVERED) show in a delivery's status and history but do not
 * list it again: they leave {@code updated_at} as it was, so that they change no indexed column (migration V33).
 * Other messages sent to the department ({@link FeedMessages}: the cases' CASE, CASE_REPLY, WARNING, ESCALATION) are
 * listed among them in the same order,
 * each item {@code {"case": {…}, "message": {…}}} instead of {@code {"delivery", "message"}}; a {@code status}
 * filter reads deliveries only.
 */
@Repository
public class DepartmentFeed {

    private final NamedParameterJdbcTemplate jdbc;
    private final DeliveryQueries deliveries;
    private final Json json;
    private final List<FeedMessages> others;

    public DepartmentFeed(NamedParameterJdbcTemplate jdbc, DeliveryQueries deliveries, Json json,
            List<FeedMessages> others) {
        this.jdbc = jdbc;
        this.deliveries = deliveries;
        this.json = json;
        this.others = others;
    }

    public Map<String, Object> read(String department, String status, String since, int size) {
        StringBuilder where = new StringBuilder(" where d.department = :department");
        MapSqlParameterSource params = new MapSqlParameterSource("department", department.toUpperCase(Locale.ROOT));
        if (status != null && !status.isBlank()) {
            // the phase as well: the indexes hold it, not the status
            DeliveryStatus wanted = parseStatus(status);
            where.append(" and d.phase = :phase and d.status = :status");
            params.addValue("phase", wanted.phase()).addValue("status", wanted.name());
        }
        Cursor cursor = null;
        if (since != null && !since.isBlank()) {
            cursor = Cursor.parse(since);
            where.append(" and (d.updated_at, d.id) > (:at, :id)");
            params.addValue("at", Timestamp.from(cursor.at())).addValue("id", cursor.id());
        }
        int limit = Math.max(1, Math.min(size, 500));
        params.addValue("limit", limit);
        Long total = jdbc.queryForObject("select count(*) from delivery d" + where, params, Long.class);
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select d.id, d.updated_at, d.role, d.sign_due_at, d.start_due_at, c.payload::text as payload
                from delivery d join decision c on c.id = d.decision_id""" + where
                + " order by d.updated_at, d.id limit :limit", params);
        List<FeedMessages.Entry> entries = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            UUID id = (UUID) row.get("id");
            JsonNode message = json.tree(DeliveryPlanner.message((String) row.get("payload"), id,
                    department.toUpperCase(Locale.ROOT), (String) row.get("role"), (Timestamp) row.get("sign_due_at"),
                    (Timestamp) row.get("start_due_at")));
            entries.add(new FeedMessages.Entry(((Timestamp) row.get("updated_at")).toInstant(), id, "delivery", null,
                    message));
        }
        long count = total == null ? 0 : total;
        if (status == null || status.isBlank()) {
            String code = department.toUpperCase(Locale.ROOT);
            Instant at = cursor == null ? null : cursor.at();
            UUID after = cursor == null ? null : cursor.id();
            for (FeedMessages source : others) {
                entries.addAll(source.after(code, at, after, limit));
                count += source.count(code, at, after);
            }
            // PostgreSQL orders uuids byte by byte, which is the order of their lower-case text, not UUID.compareTo's
            entries.sort(Comparator.comparing(FeedMessages.Entry::at).thenComparing(e -> e.id().toString()));
        }
        List<Map<String, Object>> items = new ArrayList<>();
        String next = since;
        for (FeedMessages.Entry entry : entries.subList(0, Math.min(limit, entries.size()))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put(entry.key(), entry.about() == null ? deliveries.find(entry.id()).orElseThrow() : entry.about());
            item.put("message", entry.message());
            items.add(item);
            next = new Cursor(entry.at(), entry.id()).toString();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", items);
        answer.put("total", count);
        if (next != null) {
            answer.put("next", next);
        }
        return answer;
    }

    private static DeliveryStatus parseStatus(String status) {
        try {
            return DeliveryStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status must be one of "
                    + List.of(DeliveryStatus.values()));
        }
    }

    /** Where an incremental read resumes: the last delivery seen and the time it last changed. */
    record Cursor(Instant at, UUID id) {
        static Cursor parse(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
                return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException e) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "since must be the 'next' value of an earlier answer");
            }
        }

        @Override
        public String toString() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
        }
    }
}
