package org.linkagehub.ingest;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one reconciliation of a day found; {@code listed = new + alreadyKnown + quarantined}.
 *
 * @param fresh        events the webhook had missed that became decisions
 * @param alreadyKnown events already stored with the same content (not stored again), or facts the hub already had
 * @param quarantined  missed events that could not become valid routed decisions; kept in quarantine
 */
public record ReconcileCounts(LocalDate date, int listed, @JsonProperty("new") int fresh, int alreadyKnown,
        int quarantined) {
}
