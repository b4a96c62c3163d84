package org.linkagehub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.canonical.Decision.DecisionType;
import org.linkagehub.canonical.Reason;
import org.linkagehub.delivery.DeliveryStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class HubMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HubMetrics metrics = new HubMetrics(registry);

    @AfterEach
    void clearSynchronization() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void countsOnlyOnceTheTransactionCommits() {
        TransactionSynchronizationManager.initSynchronization();
        metrics.decisionAccepted("oa", DecisionType.GRANT.name());
        assertThat(decisions("oa", "GRANT")).as("before commit").isZero();

        TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
        assertThat(decisions("oa", "GRANT")).isEqualTo(1);
    }

    @Test
    void aRolledBackRecordIsNotCounted() {
        TransactionSynchronizationManager.initSynchronization();
        metrics.quarantined("oa", List.of(Reason.of("subject.uscc", "x", "uscc-checksum", "bad").rule()));
        TransactionSynchronizationManager.getSynchronizations()
                .forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));
        TransactionSynchronizationManager.clearSynchronization();

        assertThat(registry.find("linkage.quarantined").counter()).isNotNull();
        assertThat(registry.get("linkage.quarantined").counter().count()).isZero();
    }

    @Test
    void aRecordFailingTwoRulesCountsOnceUnderEach() {
        metrics.quarantined("online-hall", List.of("missing", "missing", "unknown-code"));

        assertThat(registry.get("linkage.quarantined").tag("rule", "missing").counter().count()).isEqualTo(1);
        assertThat(registry.get("linkage.quarantined").tag("rule", "unknown-code").counter().count()).isEqualTo(1);
    }

    @Test
    void receiptLatencyIsRecordedByDepartmentAndStatus() {
        Instant created = Instant.parse("2026-11-27T01:00:00Z");
        metrics.receipt("ZJ", DeliveryStatus.SIGNED.name(), created, created.plus(Duration.ofHours(3)));

        Timer signed = registry.get("linkage.receipt.latency").tags("department", "ZJ", "status", "SIGNED").timer();
        assertThat(signed.count()).isEqualTo(1);
        assertThat(signed.totalTime(TimeUnit.HOURS)).isEqualTo(3.0);
    }

    private double decisions(String source, String type) {
        var counter = registry.find("linkage.decisions").tags("source", source, "type", type).counter();
        return counter == null ? 0 : counter.count();
    }
}
