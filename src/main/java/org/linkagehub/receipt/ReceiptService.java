package org.linkagehub.receipt;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.linkagehub.delivery.DeliveryStatus;
import org.linkagehub.platform.HubMetrics;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies receipts to deliveries. Idempotent (the same receipt twice changes nothing) and tolerant of order
 * (SUPERVISION_STARTED before SIGNED implies SIGNED); a receipt that would move a delivery backwards is
 * acknowledged without change, one that contradicts it (anything after RETURNED) is refused.
 */
@Service
public class ReceiptService {

    static final Set<DeliveryStatus> ACCEPTED = EnumSet.of(DeliveryStatus.SIGNED, DeliveryStatus.SUPERVISION_STARTED,
            DeliveryStatus.RETURNED);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final HubMetrics metrics;

    public ReceiptService(JdbcTemplate jdbc, Clock clock, HubMetrics metrics) {
        this.jdbc = jdbc;
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
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select status, department, created_at from delivery where id = ? for update", deliveryId);
        if (rows.isEmpty()) {
            throw new ReceiptException(HttpStatus.NOT_FOUND, "no delivery " + deliveryId);
        }
        DeliveryStatus current = DeliveryStatus.valueOf((String) rows.get(0).get("status"));
        List<DeliveryStatus> added = transitions(current, receipt.status());
        if (added.isEmpty()) {
            return added;
        }
        Timestamp now = Timestamp.from(clock.instant());
        String by = receipt.signedBy() == null ? actor : actor + " (" + receipt.signedBy() + ")";
        for (DeliveryStatus status : added) {
            String note = status == receipt.status() ? receipt.note() : "implied by " + receipt.status();
            jdbc.update("insert into delivery_event (delivery_id, status, at, actor, note) values (?, ?, ?, ?, ?)",
                    deliveryId, status.name(), now, by, note);
            if (status.signed()) {
                metrics.receipt((String) rows.get(0).get("department"), status.name(),
                        ((Timestamp) rows.get(0).get("created_at")).toInstant(), now.toInstant());
            }
        }
        jdbc.update("update delivery set status = ?, updated_at = ? where id = ?", added.get(added.size() - 1).name(),
                now, deliveryId);
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
