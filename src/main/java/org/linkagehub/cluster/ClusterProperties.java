package org.linkagehub.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code linkage.cluster.*}: who this hub is among several, and how fast a dead leader's jobs move. A leader renews
 * its locks every {@code renew-interval}; a lock not renewed for {@code lock-ttl} is taken by a hub that asks for it
 * (every {@code retry-interval} while another holds it), so a killed leader's jobs move within about
 * {@code lock-ttl + retry-interval}. The hubs' clocks must agree to well within {@code lock-ttl} (NTP), since the lock
 * library dates the locks by each hub's own clock.
 *
 * @param nodeId this hub's name among the hubs; blank: host name and server port
 * @param baseUrl where operators reach this hub, shown on the console; blank: {@code http://<host>:<port>}
 * @param lockTtl how long an unrenewed lock stays its holder's
 * @param renewInterval how often a leader renews its locks
 * @param retryInterval how often a hub that does not lead asks again
 * @param heartbeat how often a hub writes that it is up (table {@code hub_node}); one silent for three is not listed
 */
@ConfigurationProperties("linkage.cluster")
public record ClusterProperties(String nodeId, String baseUrl, @DefaultValue("10s") Duration lockTtl,
        @DefaultValue("3s") Duration renewInterval, @DefaultValue("1s") Duration retryInterval,
        @DefaultValue("5s") Duration heartbeat) {

    public ClusterProperties {
        if (renewInterval.compareTo(lockTtl) >= 0) {
            throw new IllegalArgumentException("linkage.cluster.renew-interval (" + renewInterval
                    + ") must be shorter than linkage.cluster.lock-ttl (" + lockTtl + "), or a live leader loses its "
                    + "locks");
        }
    }
}
