package org.linkagehub.quarantine;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.MappingRef;
import org.linkagehub.canonical.Reason;

/**
 * A quarantined input as operators see it.
 *
 * @param sourceRef  the platform's reference: event id, file name, record id
 * @param mapping    the mapping that read it (and refused it, or made what the routing table refused); absent
 *                   when none read it (refused at the door) or when it was quarantined before the hub recorded this
 * @param status     OPEN, REPLAYED, RELEASED, or SUPERSEDED (a payload refused whole, later sent again whole under
 *                   the same reference and taken: a file of the same name)
 * @param raw        the payload as received (text when it decodes as UTF-8, else base64); detail view only
 * @param replayedAs what the replay made of it; absent until replayed. For a SUPERSEDED entry the payload that
 *                   replaced it: {@code {"supersededBy": <raw input id>, "status": "ACCEPTED"}}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuarantineItem(long id, long rawInputId, String source, String sourceRef, List<Reason> reasons,
        MappingRef mapping, String status, OffsetDateTime createdAt, OffsetDateTime resolvedAt, String resolvedBy,
        JsonNode replayedAs, Raw raw) {

    /** The raw payload and how it came. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Raw(String transport, String sha256, int sizeBytes, boolean truncated, String text, String base64,
            JsonNode metadata, OffsetDateTime receivedAt, String outcome) {
    }
}
