package org.linkagehub.cluster;

import java.util.List;
import java.util.Optional;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * One namespace's election: a {@link LockRegistryLeaderInitiator} holds the namespace's lock while this hub leads,
 * renewing it every renew interval, and tells Camel (the {@code master:} consumers) when leadership comes or goes. A
 * failed renewal (the database gone) ends the leadership at once, so a hub cut off from the database stops the job
 * before the lock expires for the others. Only the local member is known: who else leads is in {@code hub_node}.
 */
final class JdbcLockClusterView extends AbstractCamelClusterView {

    private final LockRegistry locks;
    private final ClusterProperties properties;
    private final Leadership leadership;
    private final LocalMember local;
    private LockRegistryLeaderInitiator initiator;

    JdbcLockClusterView(CamelClusterService service, String namespace, LockRegistry locks,
            ClusterProperties properties, Leadership leadership, String nodeId) {
        super(service, namespace);
        this.locks = locks;
        this.properties = properties;
        this.leadership = leadership;
        this.local = new LocalMember(nodeId);
    }

    @Override
    protected void doStart() {
        initiator = new LockRegistryLeaderInitiator(locks, new DefaultCandidate(local.getId(), getNamespace()) {
            @Override
            public void onGranted(Context context) {
                local.leader = true;
                leadership.granted(getNamespace());
                fireLeadershipChangedEvent(local);
            }

            @Override
            public void onRevoked(Context context) {
                local.leader = false;
                leadership.revoked(getNamespace());
                fireLeadershipChangedEvent((CamelClusterMember) null);
            }
        });
        initiator.setHeartBeatMillis(properties.renewInterval().toMillis());
        initiator.setBusyWaitMillis(properties.retryInterval().toMillis());
        initiator.start();
    }

    @Override
    protected void doStop() {
        if (initiator != null) {
            // releases the lock, so another hub takes the namespace at once rather than after the time to live
            initiator.destroy();
            initiator = null;
        }
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return local.isLeader() ? Optional.of(local) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        return List.of(local);
    }

    /** This hub in the view. */
    private static final class LocalMember implements CamelClusterMember {
        private final String id;
        private volatile boolean leader;

        LocalMember(String id) {
            this.id = id;
        }

        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public String getId() {
            return id;
        }
    }
}
