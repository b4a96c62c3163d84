package org.linkagehub.cluster;

import java.time.Instant;
import java.util.Map;

/**
 * One hub that is up, as the console lists it.
 *
 * @param nodeId its name among the hubs
 * @param baseUrl where operators reach it
 * @param startedAt when it started
 * @param heartbeatAt when it last said it is up
 * @param leads the namespaces (the {@code master:} routes' elections) it leads, with the instant it took each
 * @param self whether it is the hub answering
 */
public record HubNodeStatus(String nodeId, String baseUrl, Instant startedAt, Instant heartbeatAt,
        Map<String, Instant> leads, boolean self) {
}
