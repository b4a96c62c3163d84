package org.linkagehub.receipt;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
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
 * class's; the delivery's rows are written by {@link DeliveryLedger}.
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

    /** Applies a receipt for the owning department; returns the statuses it added (empty when nothing changed). */
    @Transactional
    public List<DeliveryStatus> apply(UUID deliveryId, Receipt receipt, String actor) {
        if (receipt.status() == null || !ACCEPTED.contains(receipt.status())) {
            throw new ReceiptException(HttpStatus.BAD_REQUEST, "status must be one of " + ACCEPTED);
        }
        DeliveryLedger.Locked delivery = ledger.lock(deliveryId)
                .orElseThrow(() -> new ReceiptException(HttpStatus.NOT_FOUND, "no delivery " + deliveryId));
        List<DeliveryStatus> added = transitions(delivery.status(), receipt.status());
        if (added.isEmpty()) {
            return added;
        }
        Instant now = clock.instant();
        String by = receipt.signedBy() == null ? actor : actor + " (" + receipt.signedBy() + ")";
        List<DeliveryLedger.Event> events = new ArrayList<>(added.size());
        for (DeliveryStatus status : added) {
            String note = status == receipt.status() ? receipt.note() : "implied by " + receipt.status();
            events.add(new DeliveryLedger.Event(deliveryId, status.name(), now, by, note));
        }
        ledger.advance(deliveryId, events, added.get(added.size() - 1), now);
        for (DeliveryStatus status : added) {
            if (status.signed()) {
                metrics.receipt(delivery.department(), status.name(), delivery.createdAt(), now);
            }
        }
        return added;
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
