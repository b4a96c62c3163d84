package org.linkagehub.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import org.linkagehub.ingest.SourceStates.SourceState;
import org.linkagehub.platform.BeijingTime;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Each platform's last success, last error and whether it is configured at all, shown by {@link SourceHealth} as
 * the health group {@code sources} ({@code /actuator/health/sources}), apart from the hub's own health.
 * <p>
 * The state survives restarts: a source starts from its row in {@code source_state} when it registers, and
 * {@link #flush()} writes the sources that changed since the last flush (route {@code source-health-flush}, every
 * {@code linkage.sources.health-flush-interval}, and once more at shutdown). Writing behind keeps the hot path — the
 * webhook reports every event — free of a database write; a crash loses at most one interval's changes.
 * <p>
 * Hubs that share the database merge there, and each flush reads the merged rows back: so every hub shows the
 * city's state of every source (the later success, the newer error, all hubs' records) within one flush interval,
 * also a source that another hub polls. Only {@link SourceStatus#recordsHere()} is this hub's alone.
 */
@Component
public class SourceMonitor implements DisposableBean {

    /** A source that cannot run until a property is set. */
    public static final Status DISABLED = new Status("DISABLED");

    private final Clock clock;
    private final SourceStates saved;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, HealthContributor> contributors = new ConcurrentSkipListMap<>();

    public SourceMonitor(Clock clock, ProjectApprovalProperties projectApproval, SourceStates saved) {
        this.clock = clock;
        this.saved = saved;
        register(ProjectApprovalWebhook.SOURCE,
                projectApproval.enabled() ? null : "linkage.sources.project-approval.secret is not set");
    }

    /**
     * Adds a source with the state saved for it before; {@code disabledBecause} names the missing property, or is
     * null when it can run (a disabled source shows DISABLED whatever was saved).
     */
    public final void register(String source, String disabledBecause) {
        State state = new State(disabledBecause);
        saved.load(source).ifPresent(state::restore);
        states.put(source, state);
        contributors.put(source, (HealthIndicator) () -> health(source));
    }

    public void success(String source) {
        success(source, 0, null);
    }

    /**
     * A poll, walk, file or event that went through.
     *
     * @param records       how many platform records it brought (0 for an empty poll)
     * @param newestRecordAt the platform's own time of the newest record seen so far (completion time, change
     *                       time, event time), or null when unknown; the source's lag is measured from it
     */
    public void success(String source, int records, Instant newestRecordAt) {
        State s = states.get(source);
        if (s != null) {
            synchronized (s) {
                s.lastSuccess = clock.instant();
                s.records.addAndGet(records);
                s.unsavedRecords.addAndGet(records);
                s.recordsHere.addAndGet(records);
                if (newestRecordAt != null && (s.newestRecordAt == null || newestRecordAt.isAfter(s.newestRecordAt))) {
                    s.newestRecordAt = newestRecordAt;
                }
                s.changed = true;
            }
        }
    }

    /** A failure that will be retried (a busy platform, a network error): DOWN until the next success. */
    public void failure(String source, String error) {
        State s = states.get(source);
        if (s != null) {
            synchronized (s) {
                s.lastError = error;
                s.lastErrorAt = clock.instant();
                s.changed = true;
            }
        }
    }

    /**
     * Writes each source that changed since the last flush, one upsert each, then reads every source's merged row
     * back (one query), so what other hubs wrote shows here too. A change that comes in while a source is written
     * marks it changed again, so the next flush takes it; a failed write is retried by the next one. Every hub must
     * run it (each writes only its own changes), so it is no singleton job.
     */
    public synchronized void flush() {
        write();
        Map<String, SourceState> stored = saved.loadAll();
        states.forEach((source, s) -> {
            SourceState row = stored.get(source);
            if (row != null) {
                s.merge(row);
            }
        });
    }

    private void write() {
        states.forEach((source, s) -> {
            if (!s.changed) {
                return;
            }
            s.changed = false;
            long records = s.unsavedRecords.getAndSet(0);
            try {
                saved.merge(source, new SourceState(s.lastSuccess, s.lastError, s.lastErrorAt, s.newestRecordAt,
                        records));
            } catch (RuntimeException e) {
                s.unsavedRecords.addAndGet(records);
                s.changed = true;
                throw e;
            }
        });
    }

    /** The last changes, written after every route has stopped and before the database is closed. */
    @Override
    public void destroy() {
        synchronized (this) {
            write();
        }
    }

    /** What the hub knows of one source, for the console and the metrics. */
    public Optional<SourceStatus> status(String source) {
        State s = states.get(source);
        if (s == null) {
            return Optional.empty();
        }
        String status = s.disabledBecause != null ? DISABLED.getCode() : health(source).getStatus().getCode();
        Duration sinceSuccess = s.lastSuccess == null ? null : Duration.between(s.lastSuccess, clock.instant());
        return Optional.of(new SourceStatus(source, status, s.disabledBecause, s.lastSuccess, s.lastErrorAt,
                s.lastError, s.newestRecordAt, sinceSuccess, s.records.get(), s.recordsHere.get()));
    }

    public List<String> sources() {
        return List.copyOf(contributors.keySet());
    }

    /**
     * @param sinceLastSuccess how long since the platform last answered (the source's lag), a restart included; null
     *                         while it never has
     * @param records          platform records the source brought, since the beginning (kept across restarts), by
     *                         every hub on the database: the stored count as of the last flush, plus this hub's
     *                         records since
     * @param recordsHere      platform records the source brought through this hub since it started (no other hub's,
     *                         none from before the start): what this hub adds to {@code records}
     */
    public record SourceStatus(String source, String status, String disabledBecause, Instant lastSuccess,
            Instant lastErrorAt, String lastError, Instant newestRecordAt, Duration sinceLastSuccess, long records,
            long recordsHere) {
    }

    private Health health(String source) {
        State s = states.get(source);
        if (s.disabledBecause != null) {
            return Health.status(DISABLED).withDetail("reason", s.disabledBecause).build();
        }
        Health.Builder builder = s.lastErrorAt != null && (s.lastSuccess == null || s.lastErrorAt.isAfter(s.lastSuccess))
                ? Health.down() : Health.up();
        if (s.lastSuccess != null) {
            builder.withDetail("lastSuccess", BeijingTime.of(s.lastSuccess).toString());
        }
        if (s.lastErrorAt != null) {
            builder.withDetail("lastError", s.lastError).withDetail("lastErrorAt", BeijingTime.of(s.lastErrorAt).toString());
        }
        if (s.newestRecordAt != null) {
            builder.withDetail("newestRecord", BeijingTime.of(s.newestRecordAt).toString());
        }
        if (s.lastSuccess != null) {
            builder.withDetail("lagSeconds", Duration.between(s.lastSuccess, clock.instant()).toSeconds());
        }
        builder.withDetail("records", s.records.get());
        return builder.build();
    }

    /** Each registered source's health, by source name in name order; live, for {@link SourceHealth}. */
    Map<String, HealthContributor> contributors() {
        return contributors;
    }

    private static final class State {
        final String disabledBecause;
        volatile Instant lastSuccess;
        volatile Instant lastErrorAt;
        volatile String lastError;
        volatile Instant newestRecordAt;
        final AtomicLong records = new AtomicLong();
        /** Records counted since the last flush: what this hub adds to the stored count, which others add to too. */
        final AtomicLong unsavedRecords = new AtomicLong();
        /** Records counted by this hub since it started; never restored, never reset. */
        final AtomicLong recordsHere = new AtomicLong();
        /** Set after every change, cleared by the flush before it reads the state. */
        volatile boolean changed;

        State(String disabledBecause) {
            this.disabledBecause = disabledBecause;
        }

        void restore(SourceState saved) {
            lastSuccess = saved.lastSuccess();
            lastError = saved.lastError();
            lastErrorAt = saved.lastErrorAt();
            newestRecordAt = saved.newestRecordAt();
            records.set(saved.records());
        }

        /**
         * Takes in the merged row as the flush read it back: the later times, the newer error, and the stored count
         * (which holds this hub's flushed records) plus this hub's records not yet written.
         */
        synchronized void merge(SourceState stored) {
            if (later(stored.lastSuccess(), lastSuccess)) {
                lastSuccess = stored.lastSuccess();
            }
            if (later(stored.lastErrorAt(), lastErrorAt)) {
                lastErrorAt = stored.lastErrorAt();
                lastError = stored.lastError();
            }
            if (later(stored.newestRecordAt(), newestRecordAt)) {
                newestRecordAt = stored.newestRecordAt();
            }
            records.set(stored.records() + unsavedRecords.get());
        }

        private static boolean later(Instant stored, Instant own) {
            return stored != null && (own == null || stored.isAfter(own));
        }
    }
}
