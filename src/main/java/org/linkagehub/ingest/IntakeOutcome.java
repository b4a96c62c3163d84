package org.linkagehub.ingest;

import java.util.List;
import java.util.UUID;

import org.linkagehub.canonical.MappingRef;
import org.linkagehub.canonical.Reason;

/**
 * What became of one stored payload.
 *
 * @param decisionIds the decisions it created, or the existing ones it duplicated
 * @param mapping     the mapping that read it (a quarantine replay's result names the mapping in force then)
 */
public record IntakeOutcome(Status status, long rawInputId, List<UUID> decisionIds, List<Reason> reasons,
        MappingRef mapping) {

    public enum Status {
        /** at least one new decision was stored */
        ACCEPTED,
        /** every record was a fact the hub already had */
        DUPLICATE,
        /** well-formed, but no record became a valid routed decision; kept in quarantine */
        QUARANTINED,
        /** the payload could not be read at all; kept in quarantine */
        MALFORMED,
        /** well-formed records that are not decisions to keep (e.g. withdrawn cases) */
        SKIPPED
    }
}
