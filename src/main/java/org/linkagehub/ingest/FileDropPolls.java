package org.linkagehub.ingest;

import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.springframework.stereotype.Component;

/**
 * Camel's own poll strategy under a name: the default {@code pollStrategy} of the file-drop templates, for a source
 * that needs nothing done before each poll ({@link FolderSweep} is the other choice).
 */
@Component("fileDropPolls")
public class FileDropPolls extends DefaultPollingConsumerPollStrategy {
}
