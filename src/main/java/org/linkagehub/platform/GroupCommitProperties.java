package org.linkagehub.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How far requests that arrive together share their transactions ({@link GroupCommit}): the raw inputs of one group
 * commit together, and so do the chunks of one group.
 *
 * @param maxJobs the most raw inputs, or chunks, one group commits together
 */
@ConfigurationProperties("linkage.intake.group-commit")
public record GroupCommitProperties(@DefaultValue("64") int maxJobs) {
}
