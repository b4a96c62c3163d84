package org.linkagehub.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.StringUtils;

/**
 * The cluster service the {@code master:} routes find in Camel's registry, on the lock table {@code cluster_lock}
 * (Flyway V31). Each hub process holds its locks under a fresh client id, so a restarted hub, or two hubs given the
 * same node id by mistake, never take a lock for held.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    /** Spring Integration's lock table is {@code <prefix>LOCK}: {@code cluster_lock}. */
    static final String LOCK_TABLE_PREFIX = "CLUSTER_";

    @Bean
    ThisHub thisHub(ClusterProperties properties, Environment environment) {
        String host = hostName();
        String port = environment.getProperty("server.port", "8080");
        String nodeId = StringUtils.hasText(properties.nodeId()) ? properties.nodeId().strip() : host + ":" + port;
        String baseUrl = StringUtils.hasText(properties.baseUrl()) ? properties.baseUrl().strip()
                : "http://" + host + ":" + port;
        return new ThisHub(nodeId, baseUrl);
    }

    @Bean
    DefaultLockRepository clusterLockRepository(DataSource dataSource, PlatformTransactionManager transactions,
            ClusterProperties properties) {
        DefaultLockRepository repository = new DefaultLockRepository(dataSource);
        repository.setPrefix(LOCK_TABLE_PREFIX);
        repository.setTimeToLive(Math.toIntExact(properties.lockTtl().toMillis()));
        repository.setTransactionManager(transactions);
        return repository;
    }

    @Bean
    JdbcLockRegistry clusterLockRegistry(DefaultLockRepository clusterLockRepository, ClusterProperties properties) {
        JdbcLockRegistry registry = new JdbcLockRegistry(clusterLockRepository);
        // how often a hub that does not lead asks for the lock: the database load of a standby hub
        registry.setIdleBetweenTries(properties.retryInterval());
        return registry;
    }

    @Bean
    Leadership leadership(MeterRegistry meters, Clock clock, ThisHub hub) {
        return new Leadership(meters, clock, hub.nodeId());
    }

    /**
     * Camel's {@code master:} component finds its cluster service among the context's services (not its registry);
     * added there, it is also stopped with Camel, after the routes.
     */
    @Bean
    JdbcLockClusterService jdbcLockClusterService(ThisHub hub, JdbcLockRegistry clusterLockRegistry,
            ClusterProperties properties, Leadership leadership, CamelContext camel) throws Exception {
        JdbcLockClusterService service = new JdbcLockClusterService(hub.nodeId(), clusterLockRegistry, properties,
                leadership);
        camel.addService(service, true, true);
        return service;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
