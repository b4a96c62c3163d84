package org.linkagehub.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.linkagehub.canonical.Decision;
import org.linkagehub.departments.Department;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.AuditLog;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.Json;
import org.linkagehub.routing.Route;
import org.linkagehub.routing.RoutingTable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * The operator's answer to a RETURNED delivery ("not ours"): a new delivery of the same decision to the
 * department the operator names, through the outbox like any other, and the returned one closed as REROUTED
 * pointing at it — in one transaction, audited with the state before and after.
 */
@Service
public class Rerouting {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final DeliveryPlanner planner;
    private final DepartmentRegistry departments;
    private final RoutingTable routing;
    private final AuditLog audit;
    private final Json json;
    private final Clock clock;
    private final OutboxDispatcher outbox;

    public Rerouting(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryPlanner planner,
            DepartmentRegistry departments, RoutingTable routing, AuditLog audit, Json json, Clock clock,
            OutboxDispatcher outbox) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.planner = planner;
        this.departments = departments;
        this.routing = routing;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.outbox = outbox;
    }

    /** How many returned deliveries await an operator. */
    public int returnedCount() {
        return jdbc.queryForObject("select count(*) from delivery where phase = 'RETURNED'", Integer.class);
    }

    /**
     * The {@code limit} oldest returned deliveries awaiting an operator, with the department's note and the names
     * an operator reads (department, matter) beside the codes.
     */
    public List<Map<String, Object>> returned(int limit) {
        return jdbc.query("""
                select d.id, d.decision_id, d.department, d.role, c.document_number, c.matter_code,
                       c.payload -> 'matter' ->> 'name' as matter_name, d.updated_at,
                       (select e.note from delivery_event e where e.delivery_id = d.id and e.status = 'RETURNED'
                        order by e.id desc limit 1) as note
                from delivery d join decision c on c.id = d.decision_id
                where d.phase = 'RETURNED' order by d.updated_at, d.id limit ?""", (rs, n) -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("deliveryId", rs.getString("id"));
                    item.put("decisionId", rs.getString("decision_id"));
                    item.put("department", rs.getString("department"));
                    item.put("departmentName", departments.find(rs.getString("department")).map(Department::name)
                            .orElse(null));
                    item.put("role", rs.getString("role"));
                    item.put("documentNumber", rs.getString("document_number"));
                    item.put("matterCode", rs.getString("matter_code"));
                    item.put("matterName", rs.getString("matter_name"));
                    item.put("returnedAt", BeijingTime.of(rs.getTimestamp("updated_at").toInstant()));
                    item.put("note", rs.getString("note"));
                    return item;
                }, limit);
    }

    /**
     * Re-routes a RETURNED delivery to {@code departmentCode}; returns the new delivery's id. Refuses (400, 404,
     * 409) with a reason an operator can act on, whether the call came from the API or the console.
     */
    public UUID reroute(UUID deliveryId, String departmentCode, String reason, String actor) {
        if (departmentCode == null || departmentCode.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "name the department to send it to");
        }
        if (reason == null || reason.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a reason is required");
        }
        Department target = departments.find(departmentCode).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.BAD_REQUEST, "no department '" + departmentCode + "' in the registry"));
        UUID created = transaction.execute(tx -> {
            List<Map<String, Object>> rows = jdbc.queryForList("""
                    select d.status, d.department, d.role, c.payload::text as payload
                    from delivery d join decision c on c.id = d.decision_id where d.id = ? for update of d""", deliveryId);
            if (rows.isEmpty()) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no delivery " + deliveryId);
            }
            Map<String, Object> row = rows.get(0);
            if (!DeliveryStatus.RETURNED.name().equals(row.get("status"))) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "delivery " + deliveryId + " is "
                        + row.get("status") + "; only a RETURNED delivery can be re-routed");
            }
            if (target.code().equals(row.get("department"))) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "the delivery was returned by "
                        + target.code() + "; name another department");
            }
            Decision decision = json.read((String) row.get("payload"), Decision.class);
            Instant now = clock.instant();
            Route route = new Route(target, Route.Role.valueOf((String) row.get("role")),
                    "re-routed from delivery " + deliveryId + " by " + actor + ": " + reason, routing.version());
            UUID id = planner.plan(decision, List.of(route), now).get(0);
            Timestamp at = Timestamp.from(now);
            jdbc.update("update delivery set status = ?, rerouted_to = ?, updated_at = ? where id = ?",
                    DeliveryStatus.REROUTED.name(), id, at, deliveryId);
            jdbc.update("insert into delivery_event (delivery_id, status, at, actor, note) values (?, ?, ?, ?, ?)",
                    deliveryId, DeliveryStatus.REROUTED.name(), at, actor, "to " + target.code() + " as " + id + ": "
                            + reason);
            audit.record(actor, "delivery.reroute", "delivery/" + deliveryId,
                    Map.of("status", "RETURNED", "department", row.get("department")),
                    Map.of("status", "REROUTED", "reroutedTo", id.toString(), "department", target.code(),
                            "reason", reason));
            return id;
        });
        outbox.wakeUp();
        return created;
    }
}
