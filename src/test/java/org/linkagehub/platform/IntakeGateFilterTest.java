package org.linkagehub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import jakarta.servlet.ServletException;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures under an intake request mean "the database is not answering" (503) rather than a fault (500). */
class IntakeGateFilterTest {

    @Test
    void aLostOrUnobtainableConnectionIsUnavailabilityWhateverWrapsIt() {
        // as the webhook saw them while an external server restarted
        assertThat(IntakeGateFilter.databaseUnavailable(new ServletException("Request processing failed",
                new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed")))))
                .isTrue();
        assertThat(IntakeGateFilter.databaseUnavailable(new ServletException("Request processing failed",
                new CamelExecutionException("on the exchange", null, new SQLException("Connection is closed")))))
                .isTrue();
        assertThat(IntakeGateFilter.databaseUnavailable(new CannotGetJdbcConnectionException("pool timed out")))
                .isTrue();
        assertThat(IntakeGateFilter.databaseUnavailable(new RuntimeException(new SQLException("An I/O error", "08006"))))
                .isTrue();
        assertThat(IntakeGateFilter.databaseUnavailable(new SQLException("terminating connection", "57P01"))).isTrue();
    }

    @Test
    void aBugStaysA500() {
        assertThat(IntakeGateFilter.databaseUnavailable(new BadSqlGrammarException("insert", "insert into x",
                new SQLException("relation does not exist", "42P01")))).isFalse();
        assertThat(IntakeGateFilter.databaseUnavailable(new IllegalStateException("no mapping"))).isFalse();
    }
}
