package org.linkagehub.canonical;

import java.util.List;

/**
 * What a mapping made of one record.
 *
 * @param recordId the platform's own id of the record, when it could be read
 * @param decision the canonical decision; null when there are reasons or the record is skipped
 * @param reasons  every reason it is not a valid decision; empty when valid
 * @param skipped  why a well-formed record is not a decision at all (e.g. a withdrawn case), else null
 */
public record MappingResult(String recordId, Decision decision, List<Reason> reasons, String skipped) {

    public boolean valid() {
        return decision != null && reasons.isEmpty();
    }

    static MappingResult invalid(String recordId, List<Reason> reasons) {
        return new MappingResult(recordId, null, List.copyOf(reasons), null);
    }
}
