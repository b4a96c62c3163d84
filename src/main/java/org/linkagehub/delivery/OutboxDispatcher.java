package org.linkagehub.delivery;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException;
import org.linkagehub.departments.DepartmentQueues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the outbox's queue-channel rows to the broker (rows for departments with an HTTP endpoint are the
 * pusher's, {@code delivery.push}, and never slow this path down). One drainer at a time in the whole cluster (a PostgreSQL advisory
 * lock), in outbox order, so the versions of one lineage leave in order. Each batch is sent in one
 * transacted JMS session and only then deleted from the outbox; a crash in between re-sends the batch
 * with the same {@code _AMQ_DUPL_ID}s, and the broker drops the copies.
 */
@Component
public class OutboxDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    /** Artemis' duplicate-detection header. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    private static final long DRAIN_LOCK = 0x4c696e6b616765L;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ConnectionFactory connectionFactory;
    private final DepartmentQueues departmentQueues;
    private final Clock clock;
    private final int batchSize;
    private final ReentrantLock localLock = new ReentrantLock();
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    /**
     * Queues by name, reused: Artemis checks a destination object with the broker once, but a new object per
     * message costs three blocking round trips each. Used only under {@link #localLock}.
     */
    private final Map<String, Queue> destinations = new HashMap<>();
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-wake-up");
        t.setDaemon(true);
        return t;
    });

    public OutboxDispatcher(JdbcTemplate jdbc, TransactionTemplate transaction, ConnectionFactory connectionFactory,
            DepartmentQueues departmentQueues, Clock clock, @Value("${linkage.outbox.batch-size:500}") int batchSize) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.connectionFactory = connectionFactory;
        this.departmentQueues = departmentQueues;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /** Asks for a drain soon, without waiting: called after a decision's transaction commits. */
    public void wakeUp() {
        if (wakeUpPending.compareAndSet(false, true)) {
            wakeUps.execute(() -> {
                wakeUpPending.set(false);
                localLock.lock();
                try {
                    drainAll();
                } catch (RuntimeException e) {
                    log.warn("Outbox drain failed; the periodic drain will retry: {}", e.getMessage());
                } finally {
                    localLock.unlock();
                }
            });
        }
    }

    /**
     * Asks for a drain once the caller's transaction commits (at once when there is no transaction): rows still
     * uncommitted are invisible to the drainer.
     */
    public void wakeUpAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            wakeUp();
        } else if (!TransactionSynchronizationManager.getSynchronizations().contains(wakeUpOnCommit)) {
            TransactionSynchronizationManager.registerSynchronization(wakeUpOnCommit);
        }
    }

    /** Registered at most once per transaction: however much it queued, one wake-up after it commits is enough. */
    private final TransactionSynchronization wakeUpOnCommit = new TransactionSynchronization() {
        @Override
        public void afterCommit() {
            wakeUp();
        }
    };

    /**
     * Sends everything in the outbox; the periodic route calls this so nothing waits for a wake-up that a
     * crash swallowed. Returns how many messages were sent; 0 when another drain is running.
     */
    public int drain() {
        if (!localLock.tryLock()) {
            return 0;
        }
        try {
            return drainAll();
        } finally {
            localLock.unlock();
        }
    }

    private int drainAll() {
        int total = 0;
        int sent;
        do {
            sent = drainBatch();
            total += sent;
        } while (sent == batchSize);
        return total;
    }

    private int drainBatch() {
        Integer sent;
        // rows for a department whose queue the broker lacks stay, in order, until it has it (DepartmentQueues)
        String[] held = departmentQueues.heldDestinations().toArray(String[]::new);
        try {
            sent = transaction.execute(tx -> sendBatch(held));
        } catch (OutboxSendException e) {
            destinations.clear();
            // A shared connection that broke without telling its exception listener would fail every later
            // drain the same way (each after the full call timeout): the next drain connects afresh.
            if (connectionFactory instanceof SingleConnectionFactory shared) {
                shared.resetConnection();
            }
            recordFailure(e.firstRowId, e.getCause());
            throw e;
        }
        return sent == null ? 0 : sent;
    }

    private int sendBatch(String[] held) {
        Boolean mine = jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, DRAIN_LOCK);
        if (!Boolean.TRUE.equals(mine)) {
            return 0;
        }
        List<Row> rows = jdbc.query("""
                select o.id, o.delivery_id, n.about, n.about_id, o.lineage_id, o.destination,
                       o.duplicate_id, o.kind, o.body
                from outbox o left join notice n on n.id = o.notice_id
                where o.channel = 'queue' and o.destination <> all(?) order by o.id limit ?""",
                (rs, n) -> new Row(rs.getLong("id"), rs.getObject("delivery_id", UUID.class),
                        rs.getString("about"),
                        rs.getObject("about_id", UUID.class),
                        rs.getObject("lineage_id", UUID.class), rs.getString("destination"),
                        rs.getString("duplicate_id"), rs.getString("kind"), rs.getString("body")),
                held, batchSize);
        if (rows.isEmpty()) {
            return 0;
        }
        long started = System.nanoTime();
        try {
            try {
                send(rows, true);
            } catch (JMSException e) {
                if (!duplicate(e)) {
                    throw e;
                }
                // A crash after an earlier commit: part of this batch is already in the broker. In a transaction
                // Artemis refuses the whole batch for one duplicate; sent one by one, outside a transaction, it
                // drops just the copies.
                log.info("Outbox batch of {} holds messages the broker already has; re-sending one by one",
                        rows.size());
                send(rows, false);
            }
        } catch (JMSException e) {
            throw new OutboxSendException("Broker refused a batch of " + rows.size() + " outbox messages: " + e,
                    e, rows.get(0).id());
        }
        long sent = System.nanoTime();
        markDispatched(rows);
        if (log.isDebugEnabled()) {
            log.debug("Outbox batch of {}: broker {} ms, bookkeeping {} ms", rows.size(), (sent - started) / 1_000_000,
                    (System.nanoTime() - sent) / 1_000_000);
        }
        return rows.size();
    }

    private void send(List<Row> rows, boolean transacted) throws JMSException {
        try (Connection connection = connectionFactory.createConnection();
                Session session = transacted ? connection.createSession(true, Session.SESSION_TRANSACTED)
                        : connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(null)) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            try {
                for (Row row : rows) {
                    TextMessage message = session.createTextMessage(row.body());
                    message.setStringProperty(DUPLICATE_ID, row.duplicateId());
                    message.setStringProperty("JMSXGroupID", row.lineageId().toString());
                    if (row.deliveryId() != null) { // a case's message (CASE, CASE_REPLY) has no delivery
                        message.setStringProperty("deliveryId", row.deliveryId().toString());
                    }
                    if (row.about() != null) { // a notice names what it is about (caseId, taskId), to select by
                        message.setStringProperty(row.about() + "Id", row.aboutId().toString());
                    }
                    message.setStringProperty("lineageId", row.lineageId().toString());
                    message.setStringProperty("messageType", row.kind());
                    message.setIntProperty("schemaVersion", 1);
                    producer.send(destination(session, row.destination()), message);
                }
                if (transacted) {
                    session.commit();
                }
            } catch (JMSException | RuntimeException e) {
                if (transacted) {
                    session.rollback();
                }
                throw e;
            }
        }
    }

    private Queue destination(Session session, String name) throws JMSException {
        Queue queue = destinations.get(name);
        if (queue == null) {
            queue = session.createQueue(name);
            destinations.put(name, queue);
        }
        return queue;
    }

    /** Artemis' refusal of a message whose duplicate id it has already seen. */
    static boolean duplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ActiveMQDuplicateIdException
                    || (t.getMessage() != null && t.getMessage().contains("Duplicate message detected"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Deletes the sent rows and moves their deliveries to DISPATCHED with their history, in one statement for the whole
     * batch (per row, the statement overhead cost more than the rows' own index work; two statements cost a round trip
     * more). The deliveries are locked in id order, as the receipts and the tracking lock theirs, so a drain and a
     * receipts batch wait for each other instead of deadlocking. DISPATCHED changes the status only, no indexed column
     * (migration V33), so PostgreSQL updates each row on its page and writes no index entry.
     */
    private void markDispatched(List<Row> rows) {
        Long[] ids = new Long[rows.size()];
        List<UUID> deliveries = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ids[i] = rows.get(i).id();
            if (rows.get(i).kind().equals("DECISION")) {
                deliveries.add(rows.get(i).deliveryId());
            }
        }
        // the deliveries are found by their ids (an index), not by a join with the deleted rows, whose number the
        // planner cannot know: it read the whole table for some batches
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    with sent as (delete from outbox where id = any(?) returning id, delivery_id, destination, kind),
                    locked as (
                        select id from delivery where id = any(?) and status = 'PENDING' order by id for update),
                    changed as (
                        update delivery d set status = 'DISPATCHED' from locked
                        where d.id = any(?) and d.id = locked.id and d.status = 'PENDING' returning d.id)
                    insert into delivery_event (delivery_id, status, at, actor, note)
                    select sent.delivery_id, 'DISPATCHED', ?, 'broker', 'sent to ' || sent.destination
                    from sent join changed on changed.id = sent.delivery_id where sent.kind = 'DECISION'
                    order by sent.id""");
            Array sentDeliveries = con.createArrayOf("uuid", deliveries.toArray());
            ps.setArray(1, con.createArrayOf("bigint", ids));
            ps.setArray(2, sentDeliveries);
            ps.setArray(3, sentDeliveries);
            ps.setTimestamp(4, Timestamp.from(clock.instant()));
            return ps;
        });
    }

    private void recordFailure(long rowId, Throwable e) {
        // best effort, after the batch's transaction rolled back: operators see why the outbox is not moving
        try {
            jdbc.update("update outbox set attempts = attempts + 1, last_error = ? where id = ?", e.toString(), rowId);
        } catch (RuntimeException ignored) {
            log.debug("could not record the outbox failure", ignored);
        }
    }

    /** Messages waiting for the broker (not those waiting for a department's HTTP endpoint). */
    public long backlog() {
        Long n = jdbc.queryForObject("select count(*) from outbox where channel = 'queue'", Long.class);
        return n == null ? 0 : n;
    }

    @Override
    public void destroy() {
        wakeUps.shutdownNow();
    }

    private record Row(long id, UUID deliveryId, String about, UUID aboutId, UUID lineageId,
            String destination, String duplicateId, String kind, String body) {
    }

    /** The broker did not take a batch; the outbox keeps it for the next drain. */
    public static class OutboxSendException extends RuntimeException {
        private final long firstRowId;

        OutboxSendException(String message, Throwable cause, long firstRowId) {
            super(message, cause);
            this.firstRowId = firstRowId;
        }
    }
}
