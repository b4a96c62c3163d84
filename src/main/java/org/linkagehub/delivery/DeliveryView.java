package org.linkagehub.delivery;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A delivery as the API shows it: where it went, where it stands, its deadlines and whether it is late.
 *
 * @param overdue true when a deadline has passed before the department reached it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryView(String deliveryId, String decisionId, String department, String role, String channel,
        DeliveryStatus status, String routingRule, String routingVersion, OffsetDateTime signDueAt,
        OffsetDateTime startDueAt, boolean overdue, List<Event> history) {

    /**
     * One entry of the history, with its time and actor: a status change, or a deadline event of the scanner
     * ({@code WARNED}, {@code REMINDED}, {@code ESCALATED}) that leaves the status as it was.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String status, OffsetDateTime at, String actor, String note) {
    }
}
