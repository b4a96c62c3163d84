package org.linkagehub.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Messages a department's pull channel lists beside its deliveries, which are not deliveries: the cases' messages
 * (CASE, CASE_REPLY, their WARNING and ESCALATION, issue 12). The feature that owns them implements this, so the
 * feed reads no table of another feature. Entries are ordered as the feed orders deliveries: by time, then by id
 * as PostgreSQL orders uuids (their text form, lower case).
 */
public interface FeedMessages {

    /**
     * One message: {@code at} and {@code id} place it in the feed's order; {@code key} names what the item is about
     * ({@code "case"}), {@code about} says it (e.g. the case's id, reference and status now).
     */
    record Entry(Instant at, UUID id, String key, Map<String, Object> about, JsonNode message) {
    }

    /** The department's messages after ({@code at}, {@code id}) (both null: from the start), at most {@code limit}. */
    List<Entry> after(String department, Instant at, UUID id, int limit);

    /** How many messages the department has after ({@code at}, {@code id}), as {@link #after} would list them. */
    long count(String department, Instant at, UUID id);
}
