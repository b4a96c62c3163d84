package org.linkagehub.cluster;

import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * The hub's Camel cluster service: a thin adapter that gives each {@code master:} namespace a leader through Spring
 * Integration's JDBC lock registry on the hub's own PostgreSQL (embedded or a server), so several hubs need no other
 * server and no election protocol of their own. A namespace is one lock; the hub that holds it runs the namespace's
 * routes.
 */
public class JdbcLockClusterService extends AbstractCamelClusterService<JdbcLockClusterView> {

    private final LockRegistry locks;
    private final ClusterProperties properties;
    private final Leadership leadership;

    public JdbcLockClusterService(String nodeId, LockRegistry locks, ClusterProperties properties,
            Leadership leadership) {
        super(nodeId);
        this.locks = locks;
        this.properties = properties;
        this.leadership = leadership;
    }

    @Override
    protected JdbcLockClusterView createView(String namespace) {
        return new JdbcLockClusterView(this, namespace, locks, properties, leadership, getId());
    }
}
