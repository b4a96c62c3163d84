package org.linkagehub.departments;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.plugin.impl.NotificationActiveMQServerPlugin;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.linkagehub.platform.LinkageProperties;
import org.linkagehub.platform.PropertyAbsentCondition;
import org.linkagehub.platform.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Primary;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * An Artemis broker in the hub's JVM when no {@code spring.artemis.broker-url} is set: journal under
 * {@code <data-dir>/artemis}, one loopback acceptor speaking CORE, AMQP and STOMP so a department's system
 * in any language can connect, and security on. Each department's broker user may consume only its own
 * queue and send only to {@code linkage.receipts}, its own receipts address {@code linkage.receipts.<CODE>}, its own
 * cases address {@code linkage.cases.<CODE>} and {@code linkage.feedback}; the hub has a full-rights user of its own;
 * the credit system's user {@code credit} (when it has a password) may consume and browse {@code linkage.credit} only.
 * The departments in force at start-up are in its configuration; one a routing-table reload adds is provisioned on
 * the running broker by {@link EmbeddedBrokerProvisioner}, with the same {@link DepartmentBrokerSetup}. The standalone broker of
 * {@code docker-compose.yml} is provisioned with the same rules.
 * <p>
 * Its journal syncs to disk before the broker confirms, so what the broker has confirmed survives a power cut.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedBrokerConfiguration.NoBrokerUrl.class)
class EmbeddedBrokerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerConfiguration.class);

    @Bean(initMethod = "start", destroyMethod = "stop")
    EmbeddedActiveMQ embeddedBroker(LinkageProperties properties, DepartmentRegistry departments,
            Credentials credentials, HubBrokerUser hubUser, BrokerAccounts accounts) throws Exception {
        Path dir = properties.dataDir().resolve("artemis").toAbsolutePath();
        LinkageProperties.Broker broker = properties.broker();
        Configuration config = new ConfigurationImpl()
                .setName("linkage-hub")
                .setPersistenceEnabled(true)
                // a send, an acknowledgement and a transaction are confirmed only once the journal is on disk (Artemis'
                // defaults, pinned: the outbox deletes its rows and departments forget their copy on that confirmation).
                // After a crash the broker replays this journal at start-up; its file lock dies with the JVM.
                .setJournalSyncTransactional(true)
                .setJournalSyncNonTransactional(true)
                .setJournalDatasync(true)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setSecurityEnabled(true)
                .setPopulateValidatedUser(true)
                // MESSAGE_DELIVERED notifications tell the hub a department's consumer received a message
                .addDivertConfiguration(new DivertConfiguration().setName("delivered-notifications")
                        .setAddress(Queues.NOTIFICATIONS).setForwardingAddress(Queues.TRACKING)
                        .setFilterString(Queues.DELIVERED_FILTER).setExclusive(false))
                // the duplicate-id cache (per address, persisted) only has to cover one outbox batch re-sent after
                // a crash, so Artemis' default of 20,000 ids per queue is ample
                .addAcceptorConfiguration("in-vm", inVm(broker))
                .addAcceptorConfiguration("network", "tcp://" + broker.host() + ":" + broker.port()
                        + "?protocols=CORE,AMQP,STOMP;supportAdvisory=false;suppressInternalManagementObjects=true");

        AddressSettings departmentQueues = new AddressSettings()
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setAutoCreateDeadLetterResources(true)
                .setMaxDeliveryAttempts(10)
                .setRedeliveryDelay(1_000)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(300_000)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST);
        config.addAddressSetting("#", departmentQueues);
        // as on the standalone broker (broker.xml): the dead-letter address exists before the first dead letter,
        // so its depth (linkage_dead_letter_messages) reads 0 rather than "no such address"
        for (String address : new String[] {"DLQ", "ExpiryQueue"}) {
            config.addQueueConfiguration(QueueConfiguration.of(address).setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true));
        }

        config.putSecurityRoles("#", Set.of(DepartmentBrokerSetup.hubRole()));
        accounts.add(hubUser.name(), hubUser.password(), List.of(DepartmentBrokerSetup.HUB_ROLE));
        for (Department d : departments.all()) {
            EmbeddedBrokerProvisioner.configure(config, accounts,
                    DepartmentBrokerSetup.of(d, credentials.brokerPassword(d.code())));
        }
        config.addQueueConfiguration(DepartmentBrokerSetup.inboundQueue(Queues.RECEIPTS));
        config.addQueueConfiguration(QueueConfiguration.of(Queues.FEEDBACK).setRoutingType(RoutingType.ANYCAST)
                .setDurable(true));
        for (String inbound : new String[] {Queues.RECEIPTS, Queues.FEEDBACK}) {
            config.putSecurityRoles(inbound, Set.of(DepartmentBrokerSetup.hubRole(),
                    DepartmentBrokerSetup.sender(DepartmentBrokerSetup.DEPARTMENTS_ROLE)));
        }
        // wildcard routing: one hub-only queue takes what is sent to linkage.receipts and to every department's receipts
        // address, and each message keeps the address it was sent to, which names the department the broker let send it
        config.addQueueConfiguration(QueueConfiguration.of(Queues.RECEIPTS_INBOX).setAddress(Queues.RECEIPTS_WILDCARD)
                .setRoutingType(RoutingType.ANYCAST).setDurable(true));
        // the same for cases: one hub-only queue takes what is sent to every department's linkage.cases.<CODE>
        config.addQueueConfiguration(QueueConfiguration.of(Queues.CASES_INBOX).setAddress(Queues.CASES_WILDCARD)
                .setRoutingType(RoutingType.ANYCAST).setDurable(true));

        // the city's credit system reads its credit records here, and nobody else but the hub (issue 13)
        config.addQueueConfiguration(QueueConfiguration.of(Queues.CREDIT).setRoutingType(RoutingType.ANYCAST)
                .setDurable(true));
        config.putSecurityRoles(Queues.CREDIT, Set.of(DepartmentBrokerSetup.hubRole(),
                DepartmentBrokerSetup.consumer(Queues.CREDIT_ROLE)));
        String creditPassword = credentials.creditBrokerPassword();
        if (creditPassword != null) {
            accounts.add(Queues.CREDIT_ROLE, creditPassword, List.of(Queues.CREDIT_ROLE));
        }

        config.addQueueConfiguration(QueueConfiguration.of(Queues.TRACKING).setRoutingType(RoutingType.ANYCAST)
                .setDurable(true));
        NotificationActiveMQServerPlugin notifications = new NotificationActiveMQServerPlugin();
        notifications.setSendDeliveredNotifications(true);
        config.registerBrokerPlugin(notifications);

        ActiveMQJAASSecurityManager securityManager = new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(),
                accounts);
        EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(config).setSecurityManager(securityManager);
        log.info("Embedded Artemis broker: CORE, AMQP and STOMP on {}:{}, journal in {}", broker.host(), broker.port(),
                dir);
        return server;
    }

    @Bean
    @Primary
    ConnectionFactory jmsConnectionFactory(EmbeddedActiveMQ embeddedBroker, HubBrokerUser hubUser,
            LinkageProperties properties) {
        ActiveMQConnectionFactory target = new ActiveMQConnectionFactory(inVm(properties.broker()), hubUser.name(),
                hubUser.password());
        // A blocking call made while the client is failing over waits for the failover to end, by default for ever
        // (callFailoverTimeout -1): a broker stopped at the wrong moment could then hang the outbox's drain for
        // good. Bounded like every other blocking call, the drain fails and the next one retries.
        target.setCallFailoverTimeout(target.getCallTimeout());
        CachingConnectionFactory caching = new CachingConnectionFactory(target);
        caching.setSessionCacheSize(10);
        // a cached consumer stays subscribed after its receive and hoards what arrives next on its queue (a DLQ
        // retry then finds nothing to move): producers are worth caching, consumers are not
        caching.setCacheConsumers(false);
        return caching;
    }

    @Bean
    BrokerAccounts brokerAccounts() {
        return new BrokerAccounts();
    }

    /** Provisions departments a routing reload adds; those of start-up are in the broker's configuration. */
    @Bean
    EmbeddedBrokerProvisioner embeddedBrokerProvisioner(EmbeddedActiveMQ embeddedBroker, BrokerAccounts accounts,
            DepartmentRegistry departments) {
        return new EmbeddedBrokerProvisioner(embeddedBroker.getActiveMQServer(), accounts,
                departments.all().stream().map(Department::code).toList());
    }

    @Bean
    HubBrokerUser hubBrokerUser(LinkageProperties properties) {
        String password = properties.broker().hubPassword();
        if (password == null || password.isBlank()) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            password = HexFormat.of().formatHex(random);
        }
        return new HubBrokerUser(properties.broker().hubUser(), password);
    }

    /** The hub's own broker account. */
    record HubBrokerUser(String name, String password) {
    }

    static final class NoBrokerUrl extends PropertyAbsentCondition {
        NoBrokerUrl() {
            super("spring.artemis.broker-url");
        }
    }

    /**
     * The in-VM acceptor's id, unique per broker in one JVM (two hub contexts in one test run would otherwise
     * share vm://0, and the second hub would talk to the first one's broker): the network port is unique already.
     */
    private static String inVm(LinkageProperties.Broker broker) {
        return "vm://" + broker.port();
    }
}
