package org.linkagehub.receipt;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.linkagehub.deadlines.DeadlineKind;
import org.linkagehub.platform.BeijingTime;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/escalations}: every missed deadline reported to the oversight office (督查室), newest
 * first, for operators and auditors.
 */
@RestController
@Tag(name = "Escalations", description = "Missed deadlines reported to the oversight office")
public class EscalationController {

    private final NamedParameterJdbcTemplate jdbc;

    public EscalationController(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/escalations")
    @Operation(summary = "List escalations", description = "Filter by department and by period (from, to: Beijing "
            + "dates, inclusive, of the escalation); paged with page (from 0) and size (at most 200). Returns "
            + "{\"items\":[…],\"total\":N}, each item with its deliveryId, department, documentNumber, kind (SIGN or "
            + "START), dueAt, escalatedAt, the delivery's status then and now.")
    public Map<String, Object> list(@RequestParam(required = false) String department,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        StringBuilder where = new StringBuilder(" where true");
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (department != null && !department.isBlank()) {
            where.append(" and e.department = :department");
            params.addValue("department", department.trim().toUpperCase(Locale.ROOT));
        }
        if (from != null) {
            where.append(" and e.escalated_at >= :from");
            params.addValue("from", Timestamp.from(from.atStartOfDay(BeijingTime.ZONE).toInstant()));
        }
        if (to != null) {
            where.append(" and e.escalated_at < :to");
            params.addValue("to", Timestamp.from(to.plusDays(1).atStartOfDay(BeijingTime.ZONE).toInstant()));
        }
        int pageSize = Math.max(1, Math.min(size, 200));
        params.addValue("limit", pageSize).addValue("offset", (long) Math.max(page, 0) * pageSize);
        Long total = jdbc.queryForObject("select count(*) from escalation e" + where, params, Long.class);
        List<Escalation> items = jdbc.query("""
                select e.id, e.delivery_id, e.department, e.document_number, e.matter_code, e.kind, e.due_at,
                       e.escalated_at, e.status, d.status as current_status
                from escalation e join delivery d on d.id = e.delivery_id""" + where
                + " order by e.escalated_at desc, e.id limit :limit offset :offset", params, EscalationController::row);
        return Map.of("items", items, "total", total == null ? 0 : total);
    }

    private static Escalation row(ResultSet rs, int n) throws SQLException {
        return new Escalation(rs.getString("id"), rs.getString("delivery_id"), rs.getString("department"),
                rs.getString("document_number"), rs.getString("matter_code"),
                DeadlineKind.valueOf(rs.getString("kind")), BeijingTime.of(rs.getTimestamp("due_at").toInstant()),
                BeijingTime.of(rs.getTimestamp("escalated_at").toInstant()), rs.getString("status"),
                rs.getString("current_status"));
    }

    /**
     * One missed deadline.
     *
     * @param statusWhenEscalated the delivery's status when the deadline passed
     * @param status              its status now (a late signature shows here)
     */
    public record Escalation(String escalationId, String deliveryId, String department, String documentNumber,
            String matterCode, DeadlineKind kind, OffsetDateTime dueAt, OffsetDateTime escalatedAt,
            String statusWhenEscalated, String status) {
    }
}
