package org.linkagehub.ingest.oa;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.springframework.stereotype.Component;

/**
 * Before each poll of the inbox ({@code pollStrategy} of the route {@code oa-inbox}), hands the hub the entries
 * Camel's file consumer would pass over without a word: Camel reads a backslash in a name as a folder separator, so
 * such a file would never be read and never be reported. {@link OaFileIntake#sweep} keeps and reports them.
 */
@Component("oaFolderSweep")
public class OaFolderSweep extends DefaultPollingConsumerPollStrategy {

    private final OaFileIntake intake;

    public OaFolderSweep(OaFileIntake intake) {
        this.intake = intake;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        intake.sweep();
        return true;
    }
}
