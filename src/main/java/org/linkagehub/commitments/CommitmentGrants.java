package org.linkagehub.commitments;

import java.util.List;

import org.linkagehub.ingest.DecisionsStored;
import org.springframework.stereotype.Component;

/** Follows the intake: commitment grants open verification tasks, revocations and cancellations close them. */
@Component
class CommitmentGrants implements DecisionsStored {

    private final TaskService tasks;

    CommitmentGrants(TaskService tasks) {
        this.tasks = tasks;
    }

    @Override
    public void stored(List<Stored> decisions) {
        for (Stored s : decisions) {
            tasks.decisionStored(s.decision(), s.routes());
        }
    }
}
