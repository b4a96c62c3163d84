package org.linkagehub.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.linkagehub.departments.Department;
import org.linkagehub.departments.DepartmentQueues;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.AuditLog;
import org.linkagehub.platform.ConfigFileException;
import org.linkagehub.platform.ConfigFiles;
import org.linkagehub.platform.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts a changed routing table into force without a restart: on an operator's request, or when the file in the
 * operator's config folder changes (the {@code routing-file-watch} route asks every few seconds). Both files are
 * read and checked together, then swapped together; a broken file is refused with its file and line and the
 * table in force stays. Every load — at start-up, by an operator, by the file watch, refused or not — is a row
 * of {@code routing_table_load} with the content's sha256, so a delivery's {@code routing_version} can be traced
 * to the exact bytes that routed it. Departments a reload adds get their broker resources before the new table
 * routes to them ({@link DepartmentQueues}); those it removes keep their queue and messages.
 */
@Service
public class RoutingReloader {

    private static final Logger log = LoggerFactory.getLogger(RoutingReloader.class);
    static final String WATCHER = "file-watch";

    private final ConfigFiles files;
    private final DepartmentRegistry departments;
    private final RoutingTable table;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final AuditLog audit;
    private final DepartmentQueues departmentQueues;
    private final Clock clock;
    private volatile Map<String, String> inForce = Map.of();
    private volatile Map<String, String> lastRefused = Map.of();

    public RoutingReloader(ConfigFiles files, DepartmentRegistry departments, RoutingTable table, JdbcTemplate jdbc,
            TransactionTemplate transaction, AuditLog audit, DepartmentQueues departmentQueues, Clock clock) {
        this.files = files;
        this.departments = departments;
        this.table = table;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.audit = audit;
        this.departmentQueues = departmentQueues;
        this.clock = clock;
    }

    /** Records the files the application started with. */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void recordStartup() {
        Map<String, Snapshot> read = readBoth();
        inForce = hashes(read);
        transaction.executeWithoutResult(tx -> record(read, "LOADED", null, "startup", Map.of(
                DepartmentRegistry.FILE, departments.version(), RoutingTable.FILE, table.version())));
        // names, with the stanza to add, each department a standalone broker lacks
        departmentQueues.prepare(departments.all());
    }

    /** An operator's reload: the versions before and after, audited. Throws when a file is refused. */
    public synchronized Versions reload(String actor) {
        Versions before = versions();
        Map<String, Snapshot> read = readBoth();
        BrokerChanges broker = install(read, actor);
        Versions after = versions();
        transaction.executeWithoutResult(tx -> audit.record(actor, "routing.reload", "routing", before,
                new Audited(after, broker)));
        return after;
    }

    /** Reloads when a file's content changed since it was last loaded or refused; called by the file watch. */
    public synchronized boolean reloadIfChanged() {
        Map<String, Snapshot> read = readBoth();
        Map<String, String> now = hashes(read);
        if (now.equals(inForce) || now.equals(lastRefused)) {
            return false;
        }
        try {
            Versions before = versions();
            BrokerChanges broker = install(read, WATCHER);
            transaction.executeWithoutResult(tx -> audit.record(WATCHER, "routing.reload", "routing", before,
                    new Audited(versions(), broker)));
            return true;
        } catch (ConfigFileException e) {
            log.error("Routing files refused; the table in force ({}) stays: {}", table.version(), e.getMessage());
            return false;
        }
    }

    public Versions versions() {
        return new Versions(table.version(), inForce.get(RoutingTable.FILE), departments.version(),
                inForce.get(DepartmentRegistry.FILE));
    }

    private BrokerChanges install(Map<String, Snapshot> read, String actor) {
        DepartmentRegistry.Loaded nextDepartments;
        RoutingTable.Loaded nextTable;
        try {
            nextDepartments = DepartmentRegistry.load(files, read.get(DepartmentRegistry.FILE).resource());
            nextTable = RoutingTable.load(files, read.get(RoutingTable.FILE).resource(), nextDepartments);
        } catch (ConfigFileException e) {
            lastRefused = hashes(read);
            transaction.executeWithoutResult(tx -> record(read, "REFUSED", e.getMessage(), actor, Map.of()));
            throw e;
        }
        // the broker first: a department's queue exists before the first delivery is routed to it
        DepartmentQueues.Outcome broker = departmentQueues.prepare(nextDepartments.byCode().values());
        List<String> removed = departments.all().stream().map(Department::code)
                .filter(code -> !nextDepartments.byCode().containsKey(code)).sorted().toList();
        // on record before in force: a delivery's routing_version always names a row of routing_table_load (and a
        // reader who sees the new version finds its row)
        transaction.executeWithoutResult(tx -> record(read, "LOADED", null, actor, Map.of(
                DepartmentRegistry.FILE, nextDepartments.version(), RoutingTable.FILE, nextTable.version())));
        departments.install(nextDepartments);
        table.install(nextTable);
        inForce = hashes(read);
        lastRefused = Map.of();
        log.info("Routing table {} (departments {}) in force, loaded by {}; provisioned on the broker: {}; lacking on "
                + "the broker: {}", nextTable.version(), nextDepartments.version(), actor, broker.provisioned(),
                broker.missing() == null ? "unknown (broker not reachable)" : broker.missing());
        if (!removed.isEmpty()) {
            log.info("Departments {} left the routing table: nothing new is routed to them; their broker queues, the "
                    + "messages in them and their broker users stay (nothing is lost)", removed);
        }
        return new BrokerChanges(broker.provisioned(), broker.missing(), removed);
    }

    private void record(Map<String, Snapshot> read, String status, String error, String actor,
            Map<String, String> versions) {
        Timestamp at = Timestamp.from(clock.instant());
        read.forEach((file, s) -> jdbc.update("""
                insert into routing_table_load (file, location, sha256, version, status, error, loaded_by, loaded_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", file, s.location(), s.sha256(), versions.get(file), status, error,
                actor, at));
    }

    private Map<String, Snapshot> readBoth() {
        Map<String, Snapshot> read = new LinkedHashMap<>();
        for (String file : new String[] {DepartmentRegistry.FILE, RoutingTable.FILE}) {
            read.put(file, Snapshot.of(files.mapping(file)));
        }
        return read;
    }

    private static Map<String, String> hashes(Map<String, Snapshot> read) {
        Map<String, String> h = new LinkedHashMap<>();
        read.forEach((file, s) -> h.put(file, s.sha256()));
        return Map.copyOf(h);
    }

    /**
     * What a reload changed for the broker.
     *
     * @param provisioned     departments given their queue, receipts and cases addresses, security and user on the
     *                        embedded broker
     * @param missingOnBroker departments the broker still lacks a queue, receipts or cases address for (their
     *                        deliveries wait in the outbox only while the queue is missing); null when the broker could
     *                        not be asked
     * @param removed         departments no longer in the table: their queues and messages are kept
     */
    record BrokerChanges(List<String> provisioned, List<String> missingOnBroker, List<String> removed) {
    }

    /** The audit record of a reload: the versions now in force, and what changed for the broker. */
    record Audited(@JsonUnwrapped Versions versions, @JsonUnwrapped BrokerChanges broker) {
    }

    /** The versions and content hashes in force. */
    public record Versions(String matters, String mattersSha256, String departments, String departmentsSha256) {
    }

    /** A file's bytes read once, so the hash recorded is of exactly what was parsed. */
    private record Snapshot(Resource resource, String location, String sha256) {
        static Snapshot of(Resource file) {
            try (InputStream in = file.getInputStream()) {
                byte[] bytes = in.readAllBytes();
                String location = ConfigFiles.describe(file);
                Resource copy = new ByteArrayResource(bytes, location) {
                    @Override
                    public String getDescription() {
                        return location;
                    }
                };
                return new Snapshot(copy, location, Json.sha256(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + ConfigFiles.describe(file), e);
            }
        }
    }
}
