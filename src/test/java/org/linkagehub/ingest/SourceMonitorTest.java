package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.util.unit.DataSize;

class SourceMonitorTest {

    final Clock clock = Clock.fixed(Instant.parse("2026-11-28T02:00:00Z"), ZoneId.of("Asia/Shanghai"));

    @Test
    void aSourceWithoutItsSecretIsDisabledNamingTheProperty() {
        SourceMonitor monitor = new SourceMonitor(clock, new ProjectApprovalProperties(null, Duration.ofMinutes(5),
                DataSize.ofMegabytes(1)));
        Health health = ((HealthIndicator) monitor.getContributor("project-approval")).health();
        assertThat(health.getStatus()).isEqualTo(SourceMonitor.DISABLED);
        assertThat(health.getDetails().get("reason")).isEqualTo("linkage.sources.project-approval.secret is not set");
    }

    @Test
    void theLastErrorMarksTheSourceDownUntilTheNextSuccess() {
        SourceMonitor monitor = new SourceMonitor(clock, new ProjectApprovalProperties("s", Duration.ofMinutes(5),
                DataSize.ofMegabytes(1)));
        HealthIndicator indicator = (HealthIndicator) monitor.getContributor("project-approval");
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        monitor.failure("project-approval", "request refused: bad signature");
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator.health().getDetails()).containsEntry("lastError", "request refused: bad signature");
    }
}
