package org.linkagehub.departments;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.security.impl.SecurityStoreImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives departments their {@link DepartmentBrokerSetup} on the embedded broker: into its configuration before it
 * starts, and into the running broker for a department a routing reload adds, through Artemis' server API (address,
 * durable queues, security matches, divert, user), so that the department's system can connect at once. Both paths take
 * the same setup; what the running broker gets is kept by it (queues and diverts in its journal) or given again at the
 * next start (security and users, from the departments then in force). Nothing is ever taken away: a department a
 * reload removes keeps its queue, its messages, its user and its rights to read what is left.
 */
class EmbeddedBrokerProvisioner {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerProvisioner.class);

    private final ActiveMQServer server;
    private final BrokerAccounts accounts;
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();

    EmbeddedBrokerProvisioner(ActiveMQServer server, BrokerAccounts accounts, Collection<String> atStartUp) {
        this.server = server;
        this.accounts = accounts;
        this.provisioned.addAll(atStartUp);
    }

    /**
     * A department's setup as broker configuration, which the broker deploys when it starts; and its user. Returns
     * whether the user was added (false: no password, or the user exists).
     */
    static boolean configure(Configuration config, BrokerAccounts accounts, DepartmentBrokerSetup setup) {
        setup.queues().forEach(config::addQueueConfiguration);
        setup.security().forEach(config::putSecurityRoles);
        config.addDivertConfiguration(setup.trackingDivert());
        return setup.password() != null && accounts.add(setup.user(), setup.password(), setup.userRoles());
    }

    /** Whether this department has its setup on the broker already (from start-up or an earlier reload). */
    boolean has(String code) {
        return provisioned.contains(code);
    }

    /**
     * Puts a department's setup into the running broker; what exists already is left as it is, so a second call
     * changes nothing. Throws when the broker refuses a part: what was made stays, and the next reload tries again.
     */
    synchronized void provision(DepartmentBrokerSetup setup) throws Exception {
        // into the configuration too, so that a stop and start of this broker in the same JVM deploys it again
        boolean user = configure(server.getConfiguration(), accounts, setup);
        for (QueueConfiguration queue : setup.queues()) {
            server.addAddressInfo(new AddressInfo(queue.getAddress(), RoutingType.ANYCAST));
            server.createQueue(queue, true);
        }
        // until its own security match is in place the new queue falls under "#", the hub's alone
        setup.security().forEach((address, roles) -> server.getSecurityRepository().addMatch(address, roles));
        DivertConfiguration divert = setup.trackingDivert();
        if (server.getPostOffice().getBinding(SimpleString.of(divert.getName())) == null) {
            server.deployDivert(divert);
        }
        // the broker remembers failed logins too (for security-invalidation-interval): a department system that tried
        // before its user existed must get in now
        if (user && server.getSecurityStore() instanceof SecurityStoreImpl store) {
            store.invalidateAuthenticationCache();
        }
        provisioned.add(setup.code());
        log.info("Department {} provisioned on the embedded broker: queue {}, receipts address {}, cases address {}, "
                + "{}", setup.code(), setup.queue(), setup.receiptsAddress(), setup.casesAddress(),
                user ? "user " + setup.user() + " " + setup.userRoles()
                        : setup.password() == null ? "no user (no broker password configured)" : "its user kept");
    }
}
