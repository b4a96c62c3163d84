package org.linkagehub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.linkagehub.deadlines.DeadlineKind;

/** The overdue rule: its Java predicate, and the SQL the figures and gauges count with, kept as they were written. */
class LatenessTest {

    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
    private static final Instant PAST = NOW.minusSeconds(1);
    private static final Instant FUTURE = NOW.plusSeconds(1);

    @Test
    void lateWhenUnsignedPastTheSignForDeadlineOrNotStartedPastTheStartDeadline() {
        for (DeliveryStatus status : DeliveryStatus.values()) {
            for (Instant signDue : new Instant[] {null, PAST, NOW, FUTURE}) {
                for (Instant startDue : new Instant[] {null, PAST, NOW, FUTURE}) {
                    assertThat(Lateness.overdue(status, signDue, startDue, NOW))
                            .as("%s, sign-for due %s, start due %s", status, signDue, startDue)
                            .isEqualTo(asFirstWritten(status, signDue, startDue, NOW));
                }
            }
        }
    }

    @Test
    void theSqlIsTheFormTheFiguresAndGaugesCountedWithOnThePhase() {
        assertThat(Lateness.IS_UNSIGNED).isEqualTo("d.phase in ('UNSIGNED')");
        assertThat(Lateness.IS_NOT_STARTED).isEqualTo("d.phase in ('SIGNED', 'UNSIGNED')");
        assertThat(Lateness.OVERDUE).isEqualTo("((d.phase in ('UNSIGNED') and d.sign_due_at < :now) or (d.phase in "
                + "('SIGNED', 'UNSIGNED') and d.start_due_at < :now))");
        assertThat(Lateness.OVERDUE_OPEN)
                .isEqualTo("(d.start_due_at < :now or (d.sign_due_at < :now and d.phase <> 'SIGNED'))");
    }

    /** V33's generated column: the transport's three steps are one phase, every other status its own. */
    @Test
    void thePhaseFoldsTheTransportsStepsOnly() {
        for (DeliveryStatus status : DeliveryStatus.values()) {
            boolean transport = status == DeliveryStatus.PENDING || status == DeliveryStatus.DISPATCHED
                    || status == DeliveryStatus.DELIVERED;
            assertThat(status.phase()).as(status.name()).isEqualTo(transport ? "UNSIGNED" : status.name());
        }
    }

    /** The rule as DeliveryQueries first wrote it. */
    private static boolean asFirstWritten(DeliveryStatus status, Instant signDue, Instant startDue, Instant now) {
        if (status == DeliveryStatus.RETURNED || status == DeliveryStatus.REROUTED
                || status == DeliveryStatus.SUPERVISION_STARTED) {
            return false;
        }
        return (!status.signed() && signDue != null && now.isAfter(signDue))
                || (startDue != null && now.isAfter(startDue));
    }

    @Test
    void theDeadlineWatchChasesExactlyWhatCanBeLate() {
        for (DeliveryStatus status : DeliveryStatus.values()) {
            Instant now = Instant.parse("2026-12-03T02:00:00Z");
            Instant past = now.minusSeconds(60);
            assertThat(Lateness.owes(DeadlineKind.SIGN, status)).as("sign-for owed in " + status)
                    .isEqualTo(Lateness.overdue(status, past, null, now));
            assertThat(Lateness.owes(DeadlineKind.START, status)).as("start owed in " + status)
                    .isEqualTo(Lateness.overdue(status, null, past, now));
        }
        assertThat(Lateness.owes(DeadlineKind.SIGN, DeliveryStatus.REROUTED)).as("a re-routed delivery is closed").isFalse();
        assertThat(Lateness.owes(DeadlineKind.START, DeliveryStatus.SIGNED)).isTrue();
    }
}
