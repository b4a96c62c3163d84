package org.linkagehub.cases;

import java.util.List;
import java.util.UUID;

import org.linkagehub.canonical.Decision;
import org.linkagehub.ingest.DecisionsStored;
import org.springframework.stereotype.Component;

/**
 * Follows the intake: each later version of a lineage may keep a promise the bureau made in a reply (WILL_REVOKE,
 * WILL_CHANGE, WILL_TERMINATE), which closes the case waiting for it, in the intake's transaction.
 */
@Component
class PromisesKept implements DecisionsStored {

    private final CaseService cases;

    PromisesKept(CaseService cases) {
        this.cases = cases;
    }

    @Override
    public void stored(List<Stored> decisions) {
        for (Stored s : decisions) {
            Decision d = s.decision();
            if (d.version() != null && d.version() > 1) {
                cases.decisionStored(UUID.fromString(d.decisionId()), UUID.fromString(d.lineageId()),
                        d.decisionType());
            }
        }
    }
}
