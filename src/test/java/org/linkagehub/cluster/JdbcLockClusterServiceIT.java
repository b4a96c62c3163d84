package org.linkagehub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Two hubs in one JVM on one embedded PostgreSQL (the hub's own migrations), each a Camel context with a
 * {@code master:} route on the same namespace: exactly one runs it; when the leader stops, or loses its database, the
 * other takes the route within the lock's time to live. Short lease periods keep the test fast; the production
 * defaults are the same arithmetic at 10 s.
 */
class JdbcLockClusterServiceIT {

    private static final ClusterProperties FAST = new ClusterProperties(null, null, Duration.ofSeconds(2),
            Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(5));

    @TempDir
    Path dir;

    private EmbeddedPostgres postgres;
    private Hub a;
    private Hub b;

    @BeforeEach
    void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load()
                .migrate();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Hub hub : new Hub[] {a, b}) {
            if (hub != null) {
                hub.close();
            }
        }
        postgres.close();
    }

    @Test
    void oneHubLeadsAndTheOtherTakesOverWhenItStops() throws Exception {
        a = new Hub("hub-a");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.runs.get() > 0);
        b = new Hub("hub-b");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> b.runs.get() == 0);
        assertThat(a.leadership.leads()).containsOnlyKeys("job");
        assertThat(b.leadership.leads()).isEmpty();
        assertThat(a.meters.get("linkage.leadership.changes").tag("namespace", "job").tag("change", "granted")
                .counter().count()).isEqualTo(1.0);

        long stoppedAt = System.nanoTime();
        a.camel.stop();
        await().atMost(FAST.lockTtl()).until(() -> b.runs.get() > 0);
        // a clean stop releases the lock: the other hub need not wait out the time to live
        System.out.printf("take-over after a clean stop: %d ms%n", (System.nanoTime() - stoppedAt) / 1_000_000);
        assertThat(a.leadership.leads()).isEmpty();
        assertThat(b.leadership.leads()).containsOnlyKeys("job");
    }

    @Test
    void aLeaderThatLosesItsDatabaseStopsAndTheOtherTakesOverWithinTheLease() throws Exception {
        a = new Hub("hub-a");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.runs.get() > 0);
        b = new Hub("hub-b");

        long cutAt = System.nanoTime();
        a.dataSource.close();
        // the leader notices at its next renewal and stops the route
        await().atMost(FAST.renewInterval().multipliedBy(4)).until(() -> a.leadership.leads().isEmpty());
        int runsWhenStopped = a.runs.get();
        // the lock's time to live, a retry, and the master consumer's start (about a second)
        await().atMost(FAST.lockTtl().plusSeconds(2)).until(() -> b.runs.get() > 0);
        System.out.printf("take-over after the leader lost its database: %d ms%n",
                (System.nanoTime() - cutAt) / 1_000_000);
        assertThat(a.runs.get()).as("the cut-off hub ran nothing more").isLessThanOrEqualTo(runsWhenStopped + 1);
        assertThat(b.leadership.leads()).containsOnlyKeys("job");
    }

    /** One hub: its own pool, lock repository, cluster service and Camel context with one master: route. */
    private final class Hub implements AutoCloseable {
        final AtomicInteger runs = new AtomicInteger();
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final Leadership leadership;
        final HikariDataSource dataSource = new HikariDataSource();
        final DefaultCamelContext camel = new DefaultCamelContext();

        Hub(String nodeId) throws Exception {
            dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            dataSource.setMaximumPoolSize(2);
            dataSource.setConnectionTimeout(1000);
            DefaultLockRepository repository = new DefaultLockRepository(dataSource);
            repository.setPrefix(ClusterConfiguration.LOCK_TABLE_PREFIX);
            repository.setTimeToLive(Math.toIntExact(FAST.lockTtl().toMillis()));
            repository.setTransactionManager(new DataSourceTransactionManager(dataSource));
            repository.afterPropertiesSet();
            repository.afterSingletonsInstantiated();
            JdbcLockRegistry locks = new JdbcLockRegistry(repository);
            locks.setIdleBetweenTries(FAST.retryInterval());
            leadership = new Leadership(meters, Clock.systemUTC(), nodeId);
            JdbcLockClusterService service = new JdbcLockClusterService(nodeId, locks, FAST, leadership);
            camel.addService(service);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("master:job:timer:job?period=100&delay=0").routeId("job").process(e -> runs.incrementAndGet());
                }
            });
            camel.start();
        }

        @Override
        public void close() {
            camel.stop();
            dataSource.close();
        }
    }
}
