package org.linkagehub.delivery;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.linkagehub.deadlines.DeadlineKind;

/**
 * The overdue rule, defined once: a delivery is late when its sign-for deadline passed while it was unsigned, or its
 * start deadline passed before supervision started; a returned or re-routed delivery waits on the operators, not on
 * the department, and is never late. The Java predicate (one delivery at a time) and the SQL fragments (counting and
 * listing) are built from the same two status sets, so they cannot drift apart.
 *
 * <p>The SQL fragments read the {@code delivery} table as {@code d} and take the time of asking as {@code :now}. They
 * test {@code d.phase}, not {@code d.status} ({@link DeliveryStatus#phase()}): both sets hold all three steps of the
 * transport or none, and the phase is what the indexes hold (migration V33).
 */
public final class Lateness {

    /** Waiting for the department's signature: the sign-for deadline applies. */
    static final Set<DeliveryStatus> UNSIGNED = EnumSet.of(DeliveryStatus.PENDING, DeliveryStatus.DISPATCHED,
            DeliveryStatus.DELIVERED);
    /** Supervision not started yet (signed or not): the start deadline applies. */
    static final Set<DeliveryStatus> NOT_STARTED = EnumSet.of(DeliveryStatus.PENDING, DeliveryStatus.DISPATCHED,
            DeliveryStatus.DELIVERED, DeliveryStatus.SIGNED);

    /** {@code d.status} is one of {@link #UNSIGNED}: what the console and the gauges call pending. */
    public static final String IS_UNSIGNED = "d.phase in " + list(UNSIGNED);
    /** {@code d.status} is one of {@link #NOT_STARTED}: every delivery that can be late. */
    public static final String IS_NOT_STARTED = "d.phase in " + list(NOT_STARTED);

    /** Late, for any delivery. */
    public static final String OVERDUE = "((" + IS_UNSIGNED + " and d.sign_due_at < :now) or (" + IS_NOT_STARTED
            + " and d.start_due_at < :now))";

    /**
     * Unsigned past the sign-for deadline, for a delivery already known to satisfy {@link #IS_NOT_STARTED}: there,
     * {@code status in UNSIGNED} is {@code status not in (NOT_STARTED minus UNSIGNED)}, the single status SIGNED.
     */
    public static final String SIGN_LATE_OPEN = "(d.sign_due_at < :now and " + notIn(NOT_STARTED, UNSIGNED) + ")";

    /**
     * {@link #OVERDUE} for a delivery already known to satisfy {@link #IS_NOT_STARTED}, the same truth with no status
     * list to compare per row: counting every open delivery costs about half. Equal because under that condition the
     * start branch's status test is true, and the sign-for branch is {@link #SIGN_LATE_OPEN}.
     */
    public static final String OVERDUE_OPEN = "(d.start_due_at < :now or " + SIGN_LATE_OPEN + ")";

    private Lateness() {
    }

    /** Late at {@code now}: the sign-for deadline passed unsigned, or the start deadline passed before supervision. */
    public static boolean overdue(DeliveryStatus status, Instant signDue, Instant startDue, Instant now) {
        return (UNSIGNED.contains(status) && signDue != null && now.isAfter(signDue))
                || (NOT_STARTED.contains(status) && startDue != null && now.isAfter(startDue));
    }

    /**
     * Whether a delivery in {@code status} still owes the deadline {@code kind}: the deadline watch's question, the
     * same sets as {@link #overdue}. A signed delivery owes only the start; a returned or re-routed one owes nothing.
     */
    public static boolean owes(DeadlineKind kind, DeliveryStatus status) {
        return (kind == DeadlineKind.SIGN ? UNSIGNED : NOT_STARTED).contains(status);
    }

    /** The phases of {@code statuses}, as an SQL list; only whole phases, so that testing the phase is testing the status. */
    private static String list(Set<DeliveryStatus> statuses) {
        return phases(statuses).stream().map(p -> "'" + p + "'").collect(Collectors.joining(", ", "(", ")"));
    }

    private static Set<String> phases(Set<DeliveryStatus> statuses) {
        for (DeliveryStatus s : DeliveryStatus.values()) {
            if (!statuses.contains(s) && statuses.stream().anyMatch(in -> in.phase().equals(s.phase()))) {
                throw new IllegalStateException(statuses + " holds part of the phase " + s.phase());
            }
        }
        return statuses.stream().map(DeliveryStatus::phase).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Within {@code all}, the test that a status is not one of {@code all} minus {@code part}. */
    private static String notIn(Set<DeliveryStatus> all, Set<DeliveryStatus> part) {
        Set<DeliveryStatus> rest = EnumSet.copyOf(all);
        rest.removeAll(part);
        Set<String> phases = phases(rest);
        return phases.size() == 1 ? "d.phase <> '" + phases.iterator().next() + "'" : "d.phase not in " + list(rest);
    }
}
