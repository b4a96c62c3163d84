package org.linkagehub.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;


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
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDataSourceUrl.class)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(LinkageProperties properties) throws IOException {
        Path dataDir = properties.dataDir().resolve("postgres").toAbsolutePath();
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // stopped by this bean's destroy, after everything that uses the database has stopped: its own JVM
                // shutdown hook ran beside Spring's and took the database away from routes still finishing their
                // work, which then waited out the pool's 30 s connection timeout
                .setRegisterShutdownHook(false)
                .setServerConfig("timezone", BeijingTime.ZONE.getId())
                .setServerConfig("max_connections", "100");
        if (properties.postgres().port() > 0) {
            builder.setPort(properties.postgres().port());
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL on port {}, data in {}", postgres.getPort(), dataDir);
        return postgres;
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
