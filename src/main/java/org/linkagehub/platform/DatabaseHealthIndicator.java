package org.linkagehub.platform;

import javax.sql.DataSource;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Health component {@code db}: Spring Boot's database check, plus what makes an acknowledgement worth having —
 * {@code fsync} and {@code synchronous_commit} as the server itself reports them, for the embedded server and an
 * external one alike, and {@code durable}: whether a commit the hub acknowledges survives a power cut (both on;
 * {@code synchronous_commit} {@code local} or {@code remote_write} keep that too). A server that is not durable is
 * named here rather than marked DOWN: it works, and the operator who configured it decides.
 * <p>
 * The bean's name replaces Boot's own {@code db} component.
 */
@Component("dbHealthIndicator")
class DatabaseHealthIndicator extends DataSourceHealthIndicator {

    private final JdbcTemplate jdbc;

    DatabaseHealthIndicator(DataSource dataSource) {
        super(dataSource);
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        super.doHealthCheck(builder);
        jdbc.query("select current_setting('fsync'), current_setting('synchronous_commit')", rs -> {
            String fsync = rs.getString(1);
            String synchronousCommit = rs.getString(2);
            builder.withDetail("fsync", fsync).withDetail("synchronous_commit", synchronousCommit)
                    .withDetail("durable", durable(fsync, synchronousCommit));
        });
    }

    static boolean durable(String fsync, String synchronousCommit) {
        return "on".equalsIgnoreCase(fsync) && !"off".equalsIgnoreCase(synchronousCommit);
    }
}
