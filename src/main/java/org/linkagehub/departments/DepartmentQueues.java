package org.linkagehub.departments;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.linkagehub.platform.BrokerManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether every department in force has its queue, receipts address and cases address on the broker. Before a routing
 * table comes into force ({@link #prepare}) the embedded broker is given what its new departments need; a standalone
 * broker's {@code broker.xml} is the operator's, so for it the hub asks the broker (a management request as the hub's
 * user) and names each department that lacks something, with the stanza to add. Until a department's queue exists its deliveries
 * stay in the outbox ({@link #heldDestinations}): a send would otherwise make the broker auto-create a queue that has
 * no security setting for the department, no tracking divert, and no user to read it. While something is missing the
 * broker is asked again every {@code linkage.broker.queue-check-interval}, so the deliveries leave once it is added.
 */
@Component
public class DepartmentQueues {

    private static final Logger log = LoggerFactory.getLogger(DepartmentQueues.class);

    private final DepartmentRegistry departments;
    private final Credentials credentials;
    private final BrokerManagement management;
    private final ObjectProvider<EmbeddedBrokerProvisioner> embedded;
    private final Clock clock;
    private final Duration recheck;
    private volatile Check last;
    private volatile Instant lastAttempt = Instant.MIN;

    public DepartmentQueues(DepartmentRegistry departments, Credentials credentials, BrokerManagement management,
            ObjectProvider<EmbeddedBrokerProvisioner> embedded, Clock clock,
            @Value("${linkage.broker.queue-check-interval:PT10S}") Duration recheck) {
        this.departments = departments;
        this.credentials = credentials;
        this.management = management;
        this.embedded = embedded;
        this.clock = clock;
        this.recheck = recheck;
    }

    /**
     * Readies the broker for these departments before they come into force: provisions those the embedded broker does
     * not have yet, then checks them all on the broker. Never throws: what cannot be made is reported as missing.
     */
    public synchronized Outcome prepare(Collection<Department> next) {
        List<String> provisioned = new ArrayList<>();
        EmbeddedBrokerProvisioner provisioner = embedded.getIfAvailable();
        if (provisioner != null) {
            for (Department d : next) {
                if (provisioner.has(d.code())) {
                    continue;
                }
                try {
                    provisioner.provision(setup(d));
                    provisioned.add(d.code());
                } catch (Exception e) {
                    log.error("Department {} could not be provisioned on the embedded broker; the next reload tries "
                            + "again: {}", d.code(), e.toString());
                }
            }
        }
        Check check = check(next);
        return new Outcome(provisioned, check == null ? null : List.copyOf(check.missing().keySet()));
    }

    /**
     * The department queues the outbox must not send to yet, as they do not exist on the broker. Asks the broker when
     * the departments in force changed since it last did, or when something was missing a while ago.
     */
    public Set<String> heldDestinations() {
        Check check = current();
        return check == null ? Set.of() : check.absentQueues();
    }

    /** Departments lacking their queue, receipts or cases address on the broker, with their setup; null if unknown. */
    public Map<String, DepartmentBrokerSetup> missing() {
        Check check = current();
        return check == null ? null : check.missing();
    }

    private Check current() {
        Check check = last;
        Collection<Department> inForce = departments.all();
        boolean changed = check == null || !check.codes().equals(codes(inForce));
        boolean due = Duration.between(lastAttempt, clock.instant()).compareTo(recheck) >= 0;
        if ((changed && (check != null || due)) || (due && check != null && !check.missing().isEmpty())) {
            synchronized (this) {
                Check fresh = check(departments.all());
                return fresh == null ? last : fresh;
            }
        }
        return check;
    }

    /** Asks the broker; null (and the reason logged) when it cannot be asked. */
    private Check check(Collection<Department> list) {
        lastAttempt = clock.instant();
        Set<String> queues;
        try {
            queues = queueNames();
        } catch (RuntimeException e) {
            log.warn("Could not ask the broker which department queues exist: {}", e.getMessage());
            return null;
        }
        Map<String, DepartmentBrokerSetup> missing = new TreeMap<>();
        for (Department d : list) {
            DepartmentBrokerSetup setup = setup(d);
            if (!queues.contains(setup.queue()) || !queues.contains(setup.receiptsAddress())
                    || !queues.contains(setup.casesAddress())) {
                missing.put(d.code(), setup);
            }
        }
        Set<String> absent = missing.values().stream().map(DepartmentBrokerSetup::queue)
                .filter(q -> !queues.contains(q)).collect(Collectors.toUnmodifiableSet());
        Check now = new Check(codes(list), Collections.unmodifiableMap(missing), absent);
        report(last, now);
        last = now;
        return now;
    }

    private Set<String> queueNames() {
        Object names = management.attribute(ResourceNames.BROKER, "queueNames");
        if (!(names instanceof Object[] array)) {
            throw new IllegalStateException("unexpected answer for queueNames: " + names);
        }
        return Arrays.stream(array).map(String::valueOf).collect(Collectors.toUnmodifiableSet());
    }

    /** Logs a department once when it starts lacking something, and once when it no longer does. */
    private static void report(Check before, Check now) {
        now.missing().forEach((code, setup) -> {
            if (before == null || !before.missing().containsKey(code)) {
                log.warn("Department {} lacks {} on the broker: its deliveries wait in the outbox, kept, until the "
                        + "broker has it. Add this to the broker's broker.xml (src/main/artemis/broker.xml; then restart "
                        + "the broker) and add its user:\n{}", code, now.absentQueues().contains(setup.queue())
                                ? "its queue " + setup.queue() : "its receipts or cases address ("
                                        + setup.receiptsAddress() + ", " + setup.casesAddress() + ")", setup.stanza());
            }
        });
        if (before != null) {
            before.missing().keySet().stream().filter(code -> now.codes().contains(code)
                    && !now.missing().containsKey(code)).forEach(code -> log.info("Department {} now has its queue, "
                            + "receipts and cases address on the broker: its waiting deliveries go out", code));
        }
    }

    private DepartmentBrokerSetup setup(Department d) {
        return DepartmentBrokerSetup.of(d, credentials.brokerPassword(d.code()));
    }

    private static Set<String> codes(Collection<Department> list) {
        return list.stream().map(Department::code).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * What {@link #prepare} did and found.
     *
     * @param provisioned departments given their queue, receipts and cases addresses, security and user on the embedded
     *                    broker
     * @param missing     departments still lacking their queue, receipts or cases address on the broker; null when the
     *                    broker could not be asked
     */
    public record Outcome(List<String> provisioned, List<String> missing) {
    }

    /** One answer of the broker, for one list of departments. */
    private record Check(Set<String> codes, Map<String, DepartmentBrokerSetup> missing, Set<String> absentQueues) {
    }
}
