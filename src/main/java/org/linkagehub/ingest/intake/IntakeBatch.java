package org.linkagehub.ingest.intake;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.Decision;
import org.linkagehub.canonical.DecisionVersions;
import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.canonical.MappingRef;
import org.linkagehub.canonical.MappingResult;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.SourceMapping;
import org.linkagehub.ingest.IntakeOutcome;
import org.linkagehub.raw.RawInput;
import org.linkagehub.routing.Route;

/**
 * One stored payload on its way through the intake route, the body every step takes and returns: the mapping in
 * force when it was read, its records and what the mapping made of them, the chunks still to write, the chunk being
 * written, and the tally of what the chunks written so far came to. Each step fills in its part; nothing here
 * touches the database.
 */
public final class IntakeBatch {

    private final RawInput input;
    private MappingCatalog.InForce inForce;
    private Reason malformed;
    private List<JsonNode> records = List.of();
    private List<MappingResult> results = List.of();
    /** By record: the decision as it is taken in (marked historical when it predates go-live), null if none. */
    private List<Decision> candidates = List.of();
    private final Deque<Chunk> pending = new ArrayDeque<>();
    private Chunk current;
    private final Tally tally = new Tally();

    IntakeBatch(RawInput input) {
        this.input = input;
    }

    public RawInput input() {
        return input;
    }

    /** Whether the payload could not be read at all: it is one chunk with no records, quarantined whole. */
    boolean isMalformed() {
        return malformed != null;
    }

    /** Whether a chunk is still to be written. */
    public boolean isChunksLeft() {
        return !pending.isEmpty();
    }

    /** Whether the chunk being written is the payload's last: its transaction also records the payload's outcome. */
    public boolean isLastChunk() {
        return current != null && pending.isEmpty();
    }

    SourceMapping mapping() {
        return inForce.mapping();
    }

    MappingRef mappingRef() {
        return inForce.ref();
    }

    void read(MappingCatalog.InForce mapping, List<JsonNode> read) {
        this.inForce = mapping;
        this.records = read;
    }

    void unreadable(MappingCatalog.InForce mapping, Reason reason) {
        this.inForce = mapping;
        this.malformed = reason;
    }

    Reason malformedReason() {
        return malformed;
    }

    List<JsonNode> records() {
        return records;
    }

    void validated(List<MappingResult> mapped, List<Decision> taken) {
        this.results = mapped;
        this.candidates = taken;
    }

    List<MappingResult> results() {
        return results;
    }

    List<Decision> candidates() {
        return candidates;
    }

    /** Queues records {@code from} (inclusive) to {@code to} (exclusive) as the next chunk to write. */
    void queue(int from, int to) {
        pending.addLast(new Chunk(from, to));
    }

    /**
     * Makes the next queued chunk the one being written; the tally as it stands is what a failure of this chunk
     * returns to.
     */
    void next() {
        current = pending.removeFirst();
        current.tallyBefore = tally.snapshot();
    }

    Chunk current() {
        return current;
    }

    /** Whether the chunk being written is committed already, with the others of its group ({@link IntakeGroupCommit}). */
    public boolean isChunkCommitted() {
        return current != null && current.committed;
    }

    /**
     * The chunk being written was rolled back with the others of its group: it is to be written again, alone, and
     * the tally forgets what it had added.
     */
    void again() {
        tally.restore(current.tallyBefore);
        current.committed = false;
    }

    /**
     * The chunk being written failed and was rolled back: its records are put back one chunk each, to be written
     * one by one, and the tally forgets what the chunk had added.
     */
    void oneByOne() {
        tally.restore(current.tallyBefore);
        for (int i = current.to - 1; i >= current.from; i--) {
            pending.addFirst(new Chunk(i, i + 1));
        }
    }

    Tally tally() {
        return tally;
    }

    /** The payload's outcome as it stands: MALFORMED, else what its records came to. */
    IntakeOutcome.Status status() {
        return isMalformed() ? IntakeOutcome.Status.MALFORMED : tally.overall();
    }

    /** Records {@code from} to {@code to} of a payload, written in one transaction. */
    static final class Chunk {
        final int from;
        final int to;
        Instant now;
        Tally.Mark tallyBefore;
        /** Written and committed in a group with other payloads' chunks. */
        boolean committed;
        DecisionVersions.Chunk versions;
        /** By record of the chunk: the candidate's index in {@link #versions}' list, -1 for none. */
        int[] index;
        /** By record of the chunk: its outcome, once a step has settled it. */
        IntakeOutcome.Status[] status;
        Optional<UUID>[] decisionId;
        List<Reason>[] reasons;
        Decision[] identified;
        List<Route>[] routes;

        Chunk(int from, int to) {
            this.from = from;
            this.to = to;
        }

        /** Starts writing the chunk, in its transaction, at {@code at}. */
        @SuppressWarnings("unchecked")
        void begin(Instant at) {
            int n = to - from;
            this.now = at;
            this.index = new int[n];
            this.status = new IntakeOutcome.Status[n];
            this.decisionId = new Optional[n];
            this.reasons = new List[n];
            this.identified = new Decision[n];
            this.routes = new List[n];
        }

        int size() {
            return to - from;
        }

        void settle(int k, IntakeOutcome.Status outcome, Optional<UUID> id, List<Reason> why) {
            status[k] = outcome;
            decisionId[k] = id;
            reasons[k] = why;
        }

        /** Record {@code k} is refused with these reasons: it goes to quarantine. */
        void refuse(int k, List<Reason> why) {
            settle(k, IntakeOutcome.Status.QUARANTINED, Optional.empty(), why);
        }
    }

    /** What the records of one payload came to, so far, in record order. */
    static final class Tally {
        private final Set<IntakeOutcome.Status> seen = EnumSet.noneOf(IntakeOutcome.Status.class);
        private final List<UUID> ids = new ArrayList<>();
        private final List<Reason> reasons = new ArrayList<>();

        void add(IntakeOutcome.Status status, Optional<UUID> decisionId, List<Reason> why) {
            seen.add(status);
            decisionId.ifPresent(ids::add);
            reasons.addAll(why);
        }

        List<UUID> ids() {
            return ids;
        }

        List<Reason> reasons() {
            return reasons;
        }

        IntakeOutcome.Status overall() {
            for (IntakeOutcome.Status s : List.of(IntakeOutcome.Status.ACCEPTED, IntakeOutcome.Status.QUARANTINED,
                    IntakeOutcome.Status.DUPLICATE)) {
                if (seen.contains(s)) {
                    return s;
                }
            }
            return IntakeOutcome.Status.SKIPPED;
        }

        Mark snapshot() {
            return new Mark(seen.isEmpty() ? EnumSet.noneOf(IntakeOutcome.Status.class) : EnumSet.copyOf(seen),
                    ids.size(), reasons.size());
        }

        void restore(Mark mark) {
            seen.clear();
            seen.addAll(mark.seen());
            ids.subList(mark.ids(), ids.size()).clear();
            reasons.subList(mark.reasons(), reasons.size()).clear();
        }

        /** The tally at a chunk's start: the lists only grow, so their lengths say what to forget. */
        record Mark(Set<IntakeOutcome.Status> seen, int ids, int reasons) {
        }
    }
}
