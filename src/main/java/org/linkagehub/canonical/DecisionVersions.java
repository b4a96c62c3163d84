package org.linkagehub.canonical;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * Recognises what a chunk of new decisions is to the decisions already stored: a duplicate of one (the same
 * document number and fact), or a version in a lineage (the next version number, what it supersedes). The
 * intake asks it per chunk; the statements are {@link DecisionStore}'s, one for the whole chunk each, and run in
 * the caller's transaction.
 */
@Component
public class DecisionVersions {

    private final DecisionStore store;

    public DecisionVersions(DecisionStore store) {
        this.store = store;
    }

    /**
     * Locks the lineages of a chunk's decisions until the transaction ends, and looks up their duplicates, their
     * lineages and the departments of those lineages, one statement each. The candidates are a {@link Run}: no one
     * of them relates to an earlier one, so the store's answer holds for all of them at once.
     */
    public Chunk lookUp(List<Decision> candidates) {
        List<String> hashes = new ArrayList<>(candidates.size());
        for (Decision decision : candidates) {
            hashes.add(store.factHash(decision));
        }
        store.lock(candidates);
        Map<String, UUID> stored = store.sameFacts(candidates, hashes);
        Map<Integer, DecisionStore.Lineage> lineages = store.lineages(candidates);
        Map<UUID, List<String[]>> departmentsBefore = store.lineageDepartments(lineages.values().stream()
                .map(DecisionStore.Lineage::id).collect(Collectors.toSet()));
        return new Chunk(candidates, hashes, stored, lineages, departmentsBefore);
    }

    /**
     * Decisions in payload order, none of which relates to an earlier one of the run: a run can be looked up in one
     * {@link #lookUp}, because no decision of it could find another of it in the store. The intake cuts a payload's
     * records into chunks that are such runs; {@link #relatesTo} is the lineage lookup's own conditions, on what a
     * decision says before the lookup (its number, what it supersedes, its platform record).
     */
    public static final class Run {
        private final Set<String> numbers = new HashSet<>();
        private final Set<String> locked = new HashSet<>();
        private final Set<String> superseded = new HashSet<>();
        private final Set<String> records = new HashSet<>();

        /**
         * Whether the lineage lookup of {@code d} could find a decision of this run once that one is stored, or
         * the two take the same lineage lock (two changes to one licence: the second must see the first).
         */
        public boolean relatesTo(Decision d) {
            String lockKey = DecisionStore.lockKey(d);
            return numbers.contains(d.documentNumber()) || numbers.contains(lockKey) || locked.contains(lockKey)
                    || superseded.contains(d.documentNumber()) || records.contains(recordKey(d));
        }

        public void add(Decision d) {
            numbers.add(d.documentNumber());
            locked.add(DecisionStore.lockKey(d));
            if (d.supersedes() != null) {
                superseded.add(d.supersedes());
            }
            records.add(recordKey(d));
        }

        private static String recordKey(Decision d) {
            return d.source().system() + "\u0000" + d.source().recordId();
        }
    }

    /**
     * Thrown by {@link Chunk#identify} when a decision turns out, only once the store has answered, to belong with
     * an earlier decision of its chunk (the same lineage, or a number that an earlier one supersedes by the
     * lineage's own latest number): the two cannot be versioned in one go. The intake then takes the chunk record
     * by record; it rolls back what the chunk wrote.
     */
    public static final class RelatedInChunkException extends IllegalStateException {
        RelatedInChunkException(int i) {
            super("decision " + i + " of the chunk belongs with an earlier decision of the same chunk");
        }
    }

    /**
     * The decisions of one chunk, by their index in {@link #lookUp}'s list: a {@link Run}, so what the lookup found
     * is all there is to know, and no decision's identity waits for another's row. Each is identified in order,
     * then added; {@link #write} writes the rows added since the last write.
     */
    public final class Chunk {
        private final List<Decision> candidates;
        private final List<String> hashes;
        private final Map<String, UUID> stored;
        private final Map<Integer, DecisionStore.Lineage> lineagesBefore;
        /** The departments of the lineages the chunk's lookup found, as they were before the chunk. */
        private final Map<UUID, List<String[]>> departmentsBefore;
        /** The chunk's decisions identified so far, as identified (with the supersedes a lineage gave them). */
        private final Run identified = new Run();
        private final Set<UUID> lineages = new HashSet<>();
        private final List<Object[]> rows = new ArrayList<>();

        private Chunk(List<Decision> candidates, List<String> hashes, Map<String, UUID> stored,
                Map<Integer, DecisionStore.Lineage> lineagesBefore, Map<UUID, List<String[]>> departmentsBefore) {
            this.candidates = candidates;
            this.hashes = hashes;
            this.stored = stored;
            this.lineagesBefore = lineagesBefore;
            this.departmentsBefore = departmentsBefore;
        }

        /**
         * The decision already stored with the same number and fact. (Two decisions with one number are never in
         * one chunk: the second relates to the first.)
         */
        public Optional<UUID> duplicateOf(int i) {
            return Optional.ofNullable(stored.get(factKey(i)));
        }

        /**
         * The decision with its identity in its lineage ({@link DecisionStore#identify}), from the chunk's lookup.
         *
         * @throws RelatedInChunkException if it belongs with a decision identified earlier in this chunk
         */
        public Decision identify(int i) {
            Decision decision = candidates.get(i);
            DecisionStore.Lineage lineage = lineagesBefore.get(i);
            if (identified.relatesTo(decision) || lineage != null && lineages.contains(lineage.id())) {
                throw new RelatedInChunkException(i);
            }
            Decision identity = DecisionStore.identify(decision, lineage);
            identified.add(identity);
            lineages.add(UUID.fromString(identity.lineageId()));
            return identity;
        }

        /** The departments that had earlier versions of a lineage the chunk's lookup found. */
        public List<String[]> earlierDepartments(UUID lineageId) {
            List<String[]> found = departmentsBefore.get(lineageId);
            if (found == null) {
                throw new IllegalStateException("lineage " + lineageId + " was not found by this chunk's lookup");
            }
            return found;
        }

        /**
         * Adds decision {@code i}, identified, to the rows written by {@link #write}, and returns its payload as
         * stored ({@link DecisionStore#payload}), which its deliveries are planned from too.
         */
        public String add(int i, Decision identified, long rawInputId, boolean routed, MappingRef mapping,
                Instant now) {
            String payload = store.payload(identified);
            rows.add(store.row(identified, payload, hashes.get(i), rawInputId, routed, mapping, now));
            return payload;
        }

        /** Writes the decisions added since the last write. */
        public void write() {
            store.insertAll(rows);
            rows.clear();
        }

        private String factKey(int i) {
            return DecisionStore.factKey(candidates.get(i).documentNumber(), hashes.get(i));
        }
    }
}
