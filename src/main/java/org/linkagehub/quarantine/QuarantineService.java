package org.linkagehub.quarantine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.Excuses;
import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.canonical.MappingEngine;
import org.linkagehub.canonical.MappingRef;
import org.linkagehub.canonical.MappingResult;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.SourceMapping;
import org.linkagehub.canonical.Text;
import org.linkagehub.platform.AuditLog;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.Json;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * Lists quarantined inputs and replays them from their raw bytes, through the same intake as the first time,
 * after a mapping or routing fix. Requests refused at the door (bad signature, too large) are not replayable:
 * the platform must send them again.
 */
@Service
public class QuarantineService {

    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {
    };

    private static final String COLUMNS = """
            select q.id, q.raw_input_id, q.source, q.source_ref, q.reasons::text as reasons, q.status, q.created_at,
                   q.resolved_at, q.resolved_by, q.replayed_as::text as replayed_as, q.mapping_name, q.mapping_version,
                   q.mapping_sha256 from quarantine q""";

    private final NamedParameterJdbcTemplate jdbc;
    private final Json json;
    private final RawInputStore raw;
    private final Retake intake;
    private final TransactionTemplate transaction;
    private final AuditLog audit;
    private final Clock clock;
    private final CodeExceptions codeExceptions;
    private final MappingCatalog mappings;
    private final MappingEngine engine;

    public QuarantineService(NamedParameterJdbcTemplate jdbc, Json json, RawInputStore raw, Retake intake,
            TransactionTemplate transaction, AuditLog audit, Clock clock, CodeExceptions codeExceptions,
            MappingCatalog mappings, MappingEngine engine) {
        this.jdbc = jdbc;
        this.json = json;
        this.raw = raw;
        this.intake = intake;
        this.transaction = transaction;
        this.audit = audit;
        this.clock = clock;
        this.codeExceptions = codeExceptions;
        this.mappings = mappings;
        this.engine = engine;
    }

    /** Newest first. */
    public Map<String, Object> list(String status, String source, int page, int size) {
        StringBuilder where = new StringBuilder(" where true");
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (status != null && !status.isBlank()) {
            where.append(" and q.status = :status");
            params.addValue("status", status.trim().toUpperCase(Locale.ROOT));
        }
        if (source != null && !source.isBlank()) {
            where.append(" and q.source = :source");
            params.addValue("source", source.trim());
        }
        int pageSize = Math.max(1, Math.min(size, 200));
        params.addValue("limit", pageSize).addValue("offset", (long) Math.max(page, 0) * pageSize);
        Long total = jdbc.queryForObject("select count(*) from quarantine q" + where, params, Long.class);
        List<QuarantineItem> items = jdbc.query(COLUMNS + where + " order by q.id desc limit :limit offset :offset",
                params, (rs, n) -> item(rs, null));
        return Map.of("items", items, "total", total == null ? 0 : total);
    }

    public Optional<QuarantineItem> find(long id) {
        return jdbc.query(COLUMNS + " where q.id = :id", Map.of("id", id), (rs, n) -> item(rs, rawOf(rs.getLong("raw_input_id"))))
                .stream().findFirst();
    }

    /** Re-runs the intake from the raw bytes; the record is REPLAYED, and a new quarantine record says why if it fails again. */
    public QuarantineItem replay(long id, String actor) {
        RawInput input = transaction.execute(tx -> {
            lockOpen(id);
            markResolved(id, "REPLAYED", actor);
            return raw.find(rawInputIdOf(id));
        });
        return rerun(id, input, actor, "quarantine.replay", Map.of());
    }

    /**
     * Excuses the known-bad codes a record was quarantined for — a USCC or ID number whose check character is
     * wrong in the register itself — with the operator's reason, then runs the record again. Only checksum
     * failures can be released; anything else needs a mapping or routing fix and a replay.
     */
    public QuarantineItem release(long id, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "a release needs a reason (e.g. the register's confirmation that the code is issued as it is)");
        }
        Released released = transaction.execute(tx -> {
            Map<String, Object> row = lockOpen(id);
            List<Reason> reasons = json.read(String.valueOf(row.get("reasons")), REASONS);
            List<Reason> blocking = reasons.stream().filter(r -> !Excuses.excusable(r)).toList();
            if (!blocking.isEmpty()) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "quarantine record " + id
                        + " has reasons a release cannot excuse " + blocking.stream().map(r -> r.field() + " " + r.rule()).toList()
                        + "; fix the mapping or routing table and replay it");
            }
            RawInput stored = raw.find(rawInputIdOf(id));
            Map<String, String> excused = excusedCodes(stored, (String) row.get("source_ref"));
            excused.forEach((field, value) -> codeExceptions.add(field, value, reason.trim(), actor, id));
            markResolved(id, "RELEASED", actor);
            return new Released(stored, Map.of("excused", excused.keySet(), "reason", reason.trim()));
        });
        return rerun(id, released.input(), actor, "quarantine.release", released.why());
    }

    /** The fields and values in clear that the record's checksum failures are about, found by mapping it again. */
    private Map<String, String> excusedCodes(RawInput input, String sourceRef) {
        SourceMapping mapping = mappings.get(input.source());
        Map<String, String> excused = new LinkedHashMap<>();
        List<JsonNode> records = engine.records(mapping, input.body());
        for (JsonNode record : records) {
            Map<String, String> found = new LinkedHashMap<>();
            MappingResult result = engine.map(mapping, record, BeijingTime.of(input.receivedAt()), (reason, decision) -> {
                found.put(reason.field(), Excuses.valueOf(reason, decision));
                return true;
            });
            boolean thisRecord = records.size() == 1 || Objects.equals(sourceRef, result.recordId());
            if (thisRecord && result.valid()) {
                found.forEach((field, value) -> {
                    if (value != null) {
                        excused.put(field, value);
                    }
                });
            }
        }
        if (excused.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "the record no longer fails on a checksum with the current mapping; replay it instead");
        }
        return excused;
    }

    private Map<String, Object> lockOpen(long id) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select q.status, q.raw_input_id, q.source_ref, q.reasons::text as reasons, r.outcome
                from quarantine q join raw_input r on r.id = q.raw_input_id where q.id = :id for update of q""",
                Map.of("id", id));
        if (rows.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no quarantine record " + id);
        }
        Map<String, Object> row = rows.get(0);
        if (!"OPEN".equals(row.get("status"))) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "quarantine record " + id + " is " + row.get("status"));
        }
        if ("REJECTED".equals(row.get("outcome"))) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "quarantine record " + id
                    + " is a request refused at the door (signature, size or a disabled source); the platform must send it again");
        }
        return row;
    }

    private long rawInputIdOf(long id) {
        return jdbc.queryForObject("select raw_input_id from quarantine where id = :id", Map.of("id", id), Long.class);
    }

    private void markResolved(long id, String status, String actor) {
        jdbc.update("update quarantine set status = :status, resolved_at = :at, resolved_by = :by where id = :id",
                new MapSqlParameterSource("at", Timestamp.from(clock.instant())).addValue("by", actor).addValue("id", id)
                        .addValue("status", status));
    }

    private QuarantineItem rerun(long id, RawInput input, String actor, String action, Map<String, Object> why) {
        Retake.Result outcome;
        try {
            outcome = intake.retake(input);
        } catch (RuntimeException e) {
            jdbc.update("update quarantine set status = 'OPEN', resolved_at = null, resolved_by = null where id = :id",
                    Map.of("id", id));
            throw e;
        }
        // the mapping in force now, beside the entry's own: which version refused the record, which one took it
        JsonNode result = json.mapper().valueToTree(Map.of("status", outcome.status(), "decisionIds", outcome.decisionIds(),
                "reasons", outcome.reasons(), "mapping", outcome.mapping()));
        Map<String, Object> after = new LinkedHashMap<>(why);
        after.put("result", result);
        transaction.executeWithoutResult(tx -> {
            jdbc.update("update quarantine set replayed_as = cast(:r as jsonb) where id = :id",
                    new MapSqlParameterSource("r", result.toString()).addValue("id", id));
            audit.record(actor, action, "quarantine/" + id, Map.of("status", "OPEN"), after);
        });
        return find(id).orElseThrow();
    }

    private record Released(RawInput input, Map<String, Object> why) {
    }

    private QuarantineItem item(ResultSet rs, QuarantineItem.Raw rawView) throws SQLException {
        Timestamp resolved = rs.getTimestamp("resolved_at");
        String replayedAs = rs.getString("replayed_as");
        return new QuarantineItem(rs.getLong("id"), rs.getLong("raw_input_id"), rs.getString("source"),
                rs.getString("source_ref"), json.read(rs.getString("reasons"), REASONS),
                MappingRef.of(rs), rs.getString("status"),
                BeijingTime.of(rs.getTimestamp("created_at").toInstant()),
                resolved == null ? null : BeijingTime.of(resolved.toInstant()), rs.getString("resolved_by"),
                replayedAs == null ? null : json.tree(replayedAs), rawView);
    }

    private QuarantineItem.Raw rawOf(long rawInputId) {
        RawInput input = raw.find(rawInputId);
        String text = Text.strictUtf8(input.body()).orElse(null);
        String base64 = text == null ? Base64.getEncoder().encodeToString(input.body()) : null;
        String outcome = jdbc.queryForObject("select outcome from raw_input where id = :id", Map.of("id", rawInputId),
                String.class);
        return new QuarantineItem.Raw(input.transport(), input.sha256(), input.body().length, input.truncated(), text,
                base64, json.mapper().valueToTree(input.metadata()), BeijingTime.of(input.receivedAt()), outcome);
    }

}
