package org.linkagehub.delivery;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.linkagehub.deadlines.DeadlineKind;
import org.linkagehub.platform.ArchiveRow;
import org.linkagehub.platform.Json;
import org.linkagehub.platform.Queues;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes what other features decide about existing deliveries: the receipts' status changes and the deadline
 * watch's claims, next check times, events and messages (package {@code receipt} keeps the rules, this class the
 * rows). The delivery feature alone writes {@code delivery}, {@code delivery_event} and {@code outbox}
 * (issue 11), so the columns, the triggers they feed (signing figures, escalation counts) and the outbox's order
 * are kept in one place. Every method runs in the caller's transaction, so a scan's batch or a receipt is stored
 * whole or not at all.
 */
@Repository
public class DeliveryLedger {

    /** The statuses after which nothing more happens to a delivery: its history may be archived and pruned. */
    private static final String SETTLED = "('SUPERVISION_STARTED', 'REROUTED')";

    private static final String EVENT = "insert into delivery_event (delivery_id, status, at, actor, note) "
            + "values (?, ?, ?, ?, ?)";

    /** A delivery claimed by the deadline watch, with what its messages name. */
    public record Due(UUID id, String department, String channel, DeliveryStatus status, Instant dueAt,
            UUID decisionId, UUID lineageId, String documentNumber, String matterCode) {
    }

    /** When the deadline watch must next look at a delivery for one deadline; null: never again. */
    public record NextCheck(UUID deliveryId, Instant at) {
    }

    /** One entry in a delivery's history: a {@link DeliveryStatus} or a deadline's WARNED, REMINDED, ESCALATED. */
    public record Event(UUID deliveryId, String status, Instant at, String actor, String note) {
    }

    /**
     * A message about a delivery to a department (its own or the oversight office), sent on {@code channel} as
     * the department registry names it; {@code duplicateId} must be unique for all time (the broker drops a
     * second message with the same id for ever).
     */
    public record Message(UUID deliveryId, UUID lineageId, String department, String channel, String kind,
            String duplicateId, Map<String, ?> body, Instant at) {
    }

    /** A delivery locked for a status change. */
    public record Locked(DeliveryStatus status, String department, Instant createdAt) {
    }

    private final JdbcTemplate jdbc;
    private final Json json;
    private final OutboxDispatcher outbox;

    public DeliveryLedger(JdbcTemplate jdbc, Json json, OutboxDispatcher outbox) {
        this.jdbc = jdbc;
        this.json = json;
        this.outbox = outbox;
    }

    /**
     * Claims up to {@code limit} deliveries whose next check for {@code kind} has come, oldest first, locked until
     * the caller's transaction ends; {@code skip locked}, so two hubs scanning at once never claim the same one.
     */
    public List<Due> claimDue(DeadlineKind kind, Instant now, int limit) {
        requireTransaction();
        return jdbc.query("""
                select d.id, d.department, d.channel, d.status, d.%1$s_due_at as due_at, d.decision_id, c.lineage_id,
                       c.document_number, c.matter_code
                from delivery d join decision c on c.id = d.decision_id
                where d.%1$s_check_at <= ? order by d.%1$s_check_at limit ?
                for update of d skip locked""".formatted(kind.column()),
                (rs, n) -> new Due(rs.getObject("id", UUID.class), rs.getString("department"), rs.getString("channel"),
                        DeliveryStatus.valueOf(rs.getString("status")), rs.getTimestamp("due_at").toInstant(),
                        rs.getObject("decision_id", UUID.class), rs.getObject("lineage_id", UUID.class),
                        rs.getString("document_number"), rs.getString("matter_code")),
                Timestamp.from(now), limit);
    }

    /** Sets each delivery's next check time for {@code kind}, in one statement (the figures' trigger fires once). */
    public void setNextChecks(DeadlineKind kind, List<NextCheck> checks) {
        if (checks.isEmpty()) {
            return;
        }
        Object[] ids = new Object[checks.size()];
        Timestamp[] at = new Timestamp[checks.size()];
        for (int i = 0; i < checks.size(); i++) {
            ids[i] = checks.get(i).deliveryId();
            at[i] = checks.get(i).at() == null ? null : Timestamp.from(checks.get(i).at());
        }
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("update delivery d set " + kind.column() + "_check_at = c.at "
                    + "from unnest(?::uuid[], ?::timestamptz[]) c(id, at) where d.id = c.id");
            ps.setArray(1, con.createArrayOf("uuid", ids));
            ps.setArray(2, con.createArrayOf("timestamptz", at));
            return ps;
        });
    }

    /** Appends events to the deliveries' histories, in one batch and in the order given. */
    public void appendEvents(List<Event> events) {
        List<Object[]> rows = new ArrayList<>(events.size());
        for (Event e : events) {
            rows.add(new Object[] {e.deliveryId(), e.status(), Timestamp.from(e.at()), e.actor(), e.note()});
        }
        jdbc.batchUpdate(EVENT, rows);
    }

    /**
     * Puts messages in the outbox, in one batch and in the order given; when one goes by the broker, the dispatcher
     * is woken once the caller's transaction commits (at once without a transaction).
     */
    public void queueMessages(List<Message> messages) {
        List<Object[]> rows = new ArrayList<>(messages.size());
        boolean queued = false;
        for (Message m : messages) {
            String channel = OutboxChannel.of(m.channel());
            queued |= OutboxChannel.QUEUE.equals(channel);
            rows.add(new Object[] {m.deliveryId(), m.lineageId(), Queues.department(m.department()), m.duplicateId(),
                m.kind(), json.write(m.body()), Timestamp.from(m.at()), m.department(), channel});
        }
        jdbc.batchUpdate("""
                insert into outbox (delivery_id, lineage_id, destination, duplicate_id, kind, body, created_at,
                    department, channel)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        if (queued) {
            outbox.wakeUpAfterCommit();
        }
    }

    /**
     * Locks deliveries for status changes until the caller's transaction ends, in id order, so two batches locking
     * overlapping sets wait for each other instead of deadlocking; ids with no delivery are left out of the answer.
     */
    public Map<UUID, Locked> lockAll(Collection<UUID> deliveryIds) {
        requireTransaction();
        Map<UUID, Locked> locked = new HashMap<>();
        if (deliveryIds.isEmpty()) {
            return locked;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    select id, status, department, created_at from delivery where id = any(?) order by id for update""");
            ps.setArray(1, con.createArrayOf("uuid", deliveryIds.toArray()));
            return ps;
        }, rs -> {
            locked.put(rs.getObject("id", UUID.class), new Locked(DeliveryStatus.valueOf(rs.getString("status")),
                    rs.getString("department"), rs.getTimestamp("created_at").toInstant()));
        });
        return locked;
    }

    /**
     * Records a batch of receipts: moves each delivery to its status in one statement, then appends the
     * events (one batch, in order). A delivery signed for here gets its {@code signed_at} and
     * {@code sign_working_days} in the same statement, by the rule of V13's trigger on {@code delivery_event} (the
     * first SIGNED counts): the trigger then finds them set and writes nothing, where otherwise every receipt wrote
     * its delivery row twice (each write rewrites the row's index entries and the signing figures' changes).
     * {@code updated_at} moves only with the phase ({@link DeliveryStatus#phase()}): a receipt that says DELIVERED
     * changes no indexed column, like the transport's own steps (migration V33).
     */
    public void advanceAll(List<Event> events, Map<UUID, DeliveryStatus> statuses, Instant at) {
        if (statuses.isEmpty()) {
            return;
        }
        Map<UUID, Timestamp> signed = new HashMap<>();
        for (Event e : events) {
            if (DeliveryStatus.SIGNED.name().equals(e.status())) {
                signed.merge(e.deliveryId(), Timestamp.from(e.at()), (a, b) -> a.before(b) ? a : b);
            }
        }
        List<UUID> ids = new ArrayList<>(statuses.keySet());
        List<String> names = new ArrayList<>(ids.size());
        List<String> phases = new ArrayList<>(ids.size());
        List<Timestamp> signedAt = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            names.add(statuses.get(id).name());
            phases.add(statuses.get(id).phase());
            signedAt.add(signed.get(id));
        }
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    update delivery d set status = u.status,
                        updated_at = case when u.phase = d.phase then d.updated_at else ? end,
                        signed_at = least(d.signed_at, u.signed_at),
                        sign_working_days = case when u.signed_at < coalesce(d.signed_at, 'infinity')
                            then delivery_sign_working_days(d.created_at, u.signed_at) else d.sign_working_days end
                    from unnest(?::uuid[], ?::text[], ?::text[], ?::timestamptz[]) u(id, status, phase, signed_at)
                    where d.id = u.id""");
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setArray(2, con.createArrayOf("uuid", ids.toArray()));
            ps.setArray(3, con.createArrayOf("text", names.toArray()));
            ps.setArray(4, con.createArrayOf("text", phases.toArray()));
            ps.setArray(5, con.createArrayOf("timestamptz", signedAt.toArray()));
            return ps;
        });
        appendEvents(events);
    }

    /**
     * The highest id among the delivery events recorded before {@code cutoff}, 0 if there is none: the retention job
     * walks the ids up to it.
     */
    public long lastEventIdBefore(Instant cutoff) {
        Long id = jdbc.queryForObject("select max(id) from delivery_event where at < ?", Long.class,
                Timestamp.from(cutoff));
        return id == null ? 0 : id;
    }

    /**
     * Up to {@code limit} delivery events past their retention, ids in {@code (afterId, upToId]}, in id order, each as
     * the whole row. An event is past it when it was recorded before {@code cutoff} and its delivery is settled
     * ({@value #SETTLED}: nothing more can happen to it, no deadline is owed) and has not changed since
     * {@code cutoff}: a delivery's history goes whole, and an open delivery keeps all of its own, since the deadline
     * watch, the returned list and the return visits read it. The delivery row itself stays.
     */
    public List<ArchiveRow> eventsPastRetention(Instant cutoff, long afterId, long upToId, int limit) {
        Timestamp before = Timestamp.from(cutoff);
        return jdbc.query("""
                select e.id, e.at, row_to_json(e)::text as line
                from delivery_event e join delivery d on d.id = e.delivery_id
                where e.id > ? and e.id <= ? and e.at < ? and d.status in %s and d.updated_at < ?
                order by e.id limit ?""".formatted(SETTLED), (rs, n) -> new ArchiveRow(rs.getLong("id"),
                        rs.getTimestamp("at").toInstant(), rs.getString("line")),
                afterId, upToId, before, before, limit);
    }

    /**
     * Deletes the delivery events with the given ids (archived by the caller) that are still past their retention,
     * in one statement (one short transaction of its own outside the caller's); returns how many rows went.
     */
    public int pruneEvents(long[] ids, Instant cutoff) {
        Long[] boxed = Arrays.stream(ids).boxed().toArray(Long[]::new);
        Timestamp before = Timestamp.from(cutoff);
        return jdbc.update(con -> {
            PreparedStatement delete = con.prepareStatement("""
                    delete from delivery_event e using delivery d
                    where e.id = any(?) and d.id = e.delivery_id and e.at < ? and d.status in %s and d.updated_at < ?"""
                    .formatted(SETTLED));
            delete.setArray(1, con.createArrayOf("bigint", boxed));
            delete.setTimestamp(2, before);
            delete.setTimestamp(3, before);
            return delete;
        });
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a delivery is locked only inside a transaction");
        }
    }
}
