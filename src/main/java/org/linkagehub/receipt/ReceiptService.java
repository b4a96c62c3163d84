package org.linkagehub.receipt;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.linkagehub.delivery.DeliveryLedger;
import org.linkagehub.delivery.DeliveryStatus;
import org.linkagehub.platform.HubMetrics;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies receipts to deliveries. Idempotent (the same receipt twice changes nothing) and tolerant of order
 * (SUPERVISION_STARTED before SIGNED implies SIGNED); a receipt that would move a delivery backwards is
 * acknowledged without change, one that contradicts it (anything after RETURNED) is refused. The rules are this
 * class's; the delivery's rows are written by {@link DeliveryLedger}. Receipts are applied in sets
 * ({@link #applyAll}: the queue's batches; the API and the console send a batch of one), so a receipt costs a share
 * of a few statements and one commit instead of its own round trips (issue 17).
 */
@Service
public class ReceiptService {

    static final Set<DeliveryStatus> ACCEPTED = EnumSet.of(DeliveryStatus.SIGNED, DeliveryStatus.SUPERVISION_STARTED,
            DeliveryStatus.RETURNED);

    private final JdbcTemplate jdbc;
    private final DeliveryLedger ledger;
    private final Clock clock;
    private final HubMetrics metrics;

    public ReceiptService(JdbcTemplate jdbc, DeliveryLedger ledger, Clock clock, HubMetrics metrics) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The department that owns a delivery, or null when there is no such delivery. */
    public String ownerOf(UUID deliveryId) {
        List<String> owner = jdbc.queryForList("select department from delivery where id = ?", String.class, deliveryId);
        return owner.isEmpty() ? null : owner.get(0);
    }

    /**
     * Applies a receipt for the owning department; returns the statuses it added (empty when nothing changed). A
     * batch of one of {@link #applyAll}, so the API and the queue share every rule and statement.
     *
     * @throws ReceiptException when the receipt is refused; nothing is written then
     */
    @Transactional
    public List<DeliveryStatus> apply(UUID deliveryId, Receipt receipt, String actor) {
        Outcome outcome = applyAll(List.of(new Request(deliveryId, null, null, receipt, actor))).get(0);
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        return outcome.added();
    }

    /**
     * One receipt of a batch.
     *
     * @param owner    the department the sender speaks for, which must own the delivery; null when the caller has
     *                 checked that already
     * @param notFound the refusal's message when the delivery is not the owner's (or is gone), null for the default
     */
    public record Request(UUID deliveryId, String owner, String notFound, Receipt receipt, String actor) {
    }

    /** What became of one receipt: the statuses it added (empty when nothing changed), or why it was refused. */
    public record Outcome(List<DeliveryStatus> added, ReceiptException refusal) {
    }

    /**
     * Applies receipts in one transaction with set-based statements: every delivery named is locked once, in id
     * order; each receipt is judged against the status the ones before it in the batch left (so a repeat or an
     * out-of-order receipt in the same batch is treated exactly as it would be alone); then the events are appended
     * in one batch and each delivery's status is set in one statement. A refused receipt writes nothing and does not
     * stop the others; the outcomes come back in the order given.
     */
    @Transactional
    public List<Outcome> applyAll(List<Request> requests) {
        Set<UUID> ids = new LinkedHashSet<>();
        requests.forEach(r -> ids.add(r.deliveryId()));
        Map<UUID, DeliveryLedger.Locked> locked = ledger.lockAll(ids);
        Map<UUID, DeliveryStatus> current = new HashMap<>();
        locked.forEach((id, delivery) -> current.put(id, delivery.status()));
        Map<UUID, DeliveryStatus> changed = new LinkedHashMap<>();
        List<DeliveryLedger.Event> events = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        List<Runnable> signings = new ArrayList<>();
        Instant now = clock.instant();
        for (Request request : requests) {
            try {
                List<DeliveryStatus> added = judge(request, locked.get(request.deliveryId()),
                        current.get(request.deliveryId()));
                if (!added.isEmpty()) {
                    Receipt receipt = request.receipt();
                    String by = receipt.signedBy() == null ? request.actor()
                            : request.actor() + " (" + receipt.signedBy() + ")";
                    for (DeliveryStatus status : added) {
                        String note = status == receipt.status() ? receipt.note() : "implied by " + receipt.status();
                        events.add(new DeliveryLedger.Event(request.deliveryId(), status.name(), now, by, note));
                    }
                    DeliveryStatus last = added.get(added.size() - 1);
                    current.put(request.deliveryId(), last);
                    changed.put(request.deliveryId(), last);
                    DeliveryLedger.Locked delivery = locked.get(request.deliveryId());
                    for (DeliveryStatus status : added) {
                        if (status.signed()) {
                            signings.add(() -> metrics.receipt(delivery.department(), status.name(),
                                    delivery.createdAt(), now));
                        }
                    }
                }
                outcomes.add(new Outcome(added, null));
            } catch (ReceiptException e) {
                outcomes.add(new Outcome(List.of(), e));
            }
        }
        ledger.advanceAll(events, changed, now);
        signings.forEach(Runnable::run);
        return outcomes;
    }

    /** The statuses one receipt adds to a delivery now {@code current}; the checks in the order the API makes them. */
    private static List<DeliveryStatus> judge(Request request, DeliveryLedger.Locked delivery, DeliveryStatus current) {
        Receipt receipt = request.receipt();
        String notFound = request.notFound() != null ? request.notFound() : "no delivery " + request.deliveryId();
        if (request.owner() != null && (delivery == null || !request.owner().equals(delivery.department()))) {
            throw new ReceiptException(HttpStatus.NOT_FOUND, notFound);
        }
        if (receipt.status() == null || !ACCEPTED.contains(receipt.status())) {
            throw new ReceiptException(HttpStatus.BAD_REQUEST, "status must be one of " + ACCEPTED);
        }
        if (delivery == null) {
            throw new ReceiptException(HttpStatus.NOT_FOUND, notFound);
        }
        return transitions(current, receipt.status());
    }

    static List<DeliveryStatus> transitions(DeliveryStatus current, DeliveryStatus wanted) {
        if (current == DeliveryStatus.REROUTED) {
            throw new ReceiptException(HttpStatus.CONFLICT,
                    "the delivery was returned and re-routed to another department; it is closed");
        }
        if (current == DeliveryStatus.RETURNED) {
            if (wanted == DeliveryStatus.RETURNED) {
                return List.of();
            }
            throw new ReceiptException(HttpStatus.CONFLICT,
                    "the delivery was returned (退回); it awaits an operator's re-routing");
        }
        List<DeliveryStatus> added = new ArrayList<>();
        switch (wanted) {
            case RETURNED -> {
                if (current == DeliveryStatus.SUPERVISION_STARTED) {
                    throw new ReceiptException(HttpStatus.CONFLICT,
                            "supervision has already started; a delivery can be returned only before that");
                }
                added.add(DeliveryStatus.RETURNED);
            }
            case SIGNED -> {
                if (!current.signed()) {
                    added.add(DeliveryStatus.SIGNED);
                }
            }
            case SUPERVISION_STARTED -> {
                if (!current.signed()) {
                    added.add(DeliveryStatus.SIGNED);
                }
                if (current != DeliveryStatus.SUPERVISION_STARTED) {
                    added.add(DeliveryStatus.SUPERVISION_STARTED);
                }
            }
            default -> throw new IllegalArgumentException(wanted.name());
        }
        return added;
    }
}
