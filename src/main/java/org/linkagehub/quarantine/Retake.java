package org.linkagehub.quarantine;

import java.util.List;
import java.util.UUID;

import org.linkagehub.canonical.MappingRef;
import org.linkagehub.canonical.Reason;
import org.linkagehub.raw.RawInput;

/**
 * Runs a stored raw input through the intake again, for a replay or a release. The intake implements it: it writes
 * quarantine entries, so quarantine names only this port and never the intake itself.
 */
public interface Retake {

    Result retake(RawInput input);

    /** What became of the input this time, in the words of the quarantine entry's {@code replayed_as}. */
    record Result(String status, List<UUID> decisionIds, List<Reason> reasons, MappingRef mapping) {
    }
}
