package org.linkagehub.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * A real PostgreSQL started from a jar when no {@code spring.datasource.url} is set, its data kept
 * under {@code <data-dir>/postgres} across restarts. Setting the URL turns it off with no code change.
 * <p>
 * Durable: the server runs with {@code fsync} and {@code synchronous_commit} on (the library's defaults turn both
 * off, which suits throw-away test databases), so a commit the hub acknowledges is on disk. Self-recovering: a
 * server a killed hub left running on this folder is stopped before start-up ({@link StalePostmaster}), and a
 * {@link PostgresWatchdog} stops this run's server should the JVM die without stopping it.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDataSourceUrl.class)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    /** How long a server left running by a killed hub may take to stop before start-up gives up. */
    private static final Duration STALE_SERVER_STOP = Duration.ofSeconds(120);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(LinkageProperties properties) throws IOException {
        Path dataDir = properties.dataDir().resolve("postgres").toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        StalePostmaster.recover(dataDir, STALE_SERVER_STOP);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // stopped by this bean's destroy, after everything that uses the database has stopped: its own JVM
                // shutdown hook ran beside Spring's and took the database away from routes still finishing their
                // work, which then waited out the pool's 30 s connection timeout
                .setRegisterShutdownHook(false)
                .setServerConfig("timezone", BeijingTime.ZONE.getId())
                .setServerConfig("max_connections", "100");
        properties.postgres().settings().forEach(builder::setServerConfig);
        builder
                // the library starts the server with -F (fsync off) and synchronous_commit off: a power cut could then
                // lose or corrupt what the hub had acknowledged. A later -c wins over -F on PostgreSQL's command line.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
        if (properties.postgres().port() > 0) {
            builder.setPort(properties.postgres().port());
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL on port {}, data in {}", postgres.getPort(), dataDir);
        return postgres;
    }

    /** Destroyed before the server (it depends on it): it stands down, then the bean above stops the server. */
    @Bean(destroyMethod = "close")
    EmbeddedPostgresWatch embeddedPostgresWatchdog(EmbeddedPostgres postgres, LinkageProperties properties) {
        Path dataDir = properties.dataDir().resolve("postgres").toAbsolutePath().normalize();
        return new EmbeddedPostgresWatch(PostgresWatchdog.start(dataDir,
                properties.dataDir().resolve("postgres-watchdog.log").toAbsolutePath()));
    }

    /** The watchdog, if one could be started. */
    record EmbeddedPostgresWatch(Optional<PostgresWatchdog> watchdog) implements AutoCloseable {
        @Override
        public void close() {
            watchdog.ifPresent(PostgresWatchdog::close);
        }
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPassword("postgres");
        dataSource.setPoolName("linkage-embedded");
        return dataSource;
    }

    static final class NoDataSourceUrl extends PropertyAbsentCondition {
        NoDataSourceUrl() {
            super("spring.datasource.url");
        }
    }
}
