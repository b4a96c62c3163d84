package org.linkagehub.canonical;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
     * lineages and the departments of those lineages, one statement each.
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
     * The decisions of one chunk, by their index in {@link #lookUp}'s list, and those of them written so far. A
     * decision related to an earlier one of the same chunk (a version of it) is looked up only after the earlier
     * one is written, so the lookup sees it: the methods that may need that take what writes the chunk's pending
     * rows (its decisions and whatever the caller writes beside them).
     */
    public final class Chunk {
        private final List<Decision> candidates;
        private final List<String> hashes;
        private final Map<String, UUID> stored;
        private final Map<Integer, DecisionStore.Lineage> lineagesBefore;
        /** The departments of the lineages the chunk's first lookup found, as they were before the chunk. */
        private final Map<UUID, List<String[]>> departmentsBefore;
        private final Set<UUID> lineages = new HashSet<>();
        private final List<Object[]> rows = new ArrayList<>();
        private final Map<String, UUID> facts = new HashMap<>();
        private final Set<String> numbers = new HashSet<>();
        private final Set<String> superseded = new HashSet<>();
        private final Set<String> records = new HashSet<>();

        private Chunk(List<Decision> candidates, List<String> hashes, Map<String, UUID> stored,
                Map<Integer, DecisionStore.Lineage> lineagesBefore, Map<UUID, List<String[]>> departmentsBefore) {
            this.candidates = candidates;
            this.hashes = hashes;
            this.stored = stored;
            this.lineagesBefore = lineagesBefore;
            this.departmentsBefore = departmentsBefore;
        }

        /** The decision already stored, or accepted earlier in this chunk, with the same number and fact. */
        public Optional<UUID> duplicateOf(int i) {
            String factKey = factKey(i);
            UUID same = facts.containsKey(factKey) ? facts.get(factKey) : stored.get(factKey);
            return Optional.ofNullable(same);
        }

        /**
         * The decision with its identity in its lineage ({@link DecisionStore#identify}); if it relates to a
         * decision of this chunk, the pending rows are written first and its lineage looked up again.
         */
        public Decision identify(int i, Runnable writePending) {
            Decision decision = candidates.get(i);
            DecisionStore.Lineage lineage = lineagesBefore.get(i);
            if (relatesTo(decision)) {
                writePending.run();
                lineage = store.lineages(List.of(decision)).get(0);
            }
            return DecisionStore.identify(decision, lineage);
        }

        /**
         * The departments that had earlier versions of a lineage: from the chunk's first lookup, unless this chunk
         * has itself added a version to the lineage (or found the lineage only later); then the pending rows are
         * written and the departments asked for.
         */
        public List<String[]> earlierDepartments(UUID lineageId, Runnable writePending) {
            if (!lineages.contains(lineageId) && departmentsBefore.containsKey(lineageId)) {
                return departmentsBefore.get(lineageId);
            }
            writePending.run();
            return store.lineageDepartments(List.of(lineageId)).get(lineageId);
        }

        /**
         * Adds decision {@code i}, identified, to the rows written by {@link #write}, and returns its payload as
         * stored ({@link DecisionStore#payload}), which its deliveries are planned from too.
         */
        public String add(int i, Decision identified, long rawInputId, boolean routed, MappingRef mapping,
                Instant now) {
            String payload = store.payload(identified);
            rows.add(store.row(identified, payload, hashes.get(i), rawInputId, routed, mapping, now));
            lineages.add(UUID.fromString(identified.lineageId()));
            facts.put(factKey(i), UUID.fromString(identified.decisionId()));
            numbers.add(identified.documentNumber());
            if (identified.supersedes() != null) {
                superseded.add(identified.supersedes());
            }
            records.add(recordKey(identified));
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

        /** Whether the lineage lookup of {@code d} could find a decision of this chunk (the same conditions). */
        private boolean relatesTo(Decision d) {
            return numbers.contains(d.documentNumber()) || numbers.contains(DecisionStore.lockKey(d))
                    || superseded.contains(d.documentNumber()) || records.contains(recordKey(d));
        }

        private static String recordKey(Decision d) {
            return d.source().system() + "\u0000" + d.source().recordId();
        }
    }
}
