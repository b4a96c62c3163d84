package org.linkagehub.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.cluster.CamelClusterService;
import org.springframework.stereotype.Component;

/**
 * For a job that is not a route (a Java timer, such as the demo's simulated platforms) and must run on one hub at a
 * time: asks whether this hub leads a namespace of the same elections the {@code master:} routes use. The first ask
 * enters this hub in that namespace's election, so it may answer false until the lock is taken (within a retry
 * interval); a job asks on every tick and does nothing while the answer is false.
 */
@Component
public class Elections {

    private final CamelClusterService service;
    private final Leadership leadership;
    private final Set<String> joined = ConcurrentHashMap.newKeySet();

    Elections(JdbcLockClusterService service, Leadership leadership) {
        this.service = service;
        this.leadership = leadership;
    }

    /** Whether this hub leads the namespace now. */
    public boolean leads(String namespace) {
        if (joined.add(namespace)) {
            try {
                // held for the hub's life: the view stops with the cluster service
                service.getView(namespace);
            } catch (Exception e) {
                joined.remove(namespace);
                throw new IllegalStateException("cannot join the election " + namespace, e);
            }
        }
        return leadership.leads(namespace);
    }
}
