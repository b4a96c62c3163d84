package org.linkagehub.retention;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

import org.linkagehub.delivery.DeliveryLedger;
import org.linkagehub.platform.ArchiveRow;
import org.linkagehub.platform.AuditLog;
import org.linkagehub.platform.Json;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Archives, then prunes, the public records past their retention (route {@code retention}). For each kind with a
 * period: pages of {@code batch-size} rows in id order, read by the table's owner, go into a gzip'd JSON-lines file of
 * at most {@code file-rows} rows; the file is fsynced and listed in the run's manifest before exactly its ids are
 * handed back to the owner to delete, {@code batch-size} at a time, each delete its own short transaction. No
 * statement holds a lock for longer than one batch, so intake goes on while a large backlog is pruned.
 * <p>
 * A crash between a file and its deletes loses nothing: the rows are still in their table, and the next run archives
 * them again in its own folder (a row may then be in two runs' archives, identical, never in none). A {@code .part}
 * file or one the manifest does not list is from an interrupted run; none of its rows was deleted on its account.
 */
@Component("retention")
public class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** What one run did; {@code folder} is null when it archived nothing, {@code error} null when it completed. */
    public record RetentionRun(String run, Path folder, Instant startedAt, Instant finishedAt,
            Map<RecordKind, Instant> cutoffs, Map<RecordKind, Long> archived, Map<RecordKind, Long> pruned,
            String error) {
    }

    /** A table's owner seen from here: the bound of a run, the rows past the period, their deletion. */
    /** One kind's rows, through the methods of the package that owns its table. */
    private record Records(ToLongFunction<Instant> lastIds, Pages pages, BiFunction<long[], Instant, Integer> pruner) {
        long lastIdBefore(Instant cutoff) {
            return lastIds.applyAsLong(cutoff);
        }

        List<ArchiveRow> page(Instant cutoff, long afterId, long upToId, int limit) {
            return pages.page(cutoff, afterId, upToId, limit);
        }

        int prune(long[] ids, Instant cutoff) {
            return pruner.apply(ids, cutoff);
        }
    }

    /** A page of a kind's rows past their period, by id. */
    @FunctionalInterface
    private interface Pages {
        List<ArchiveRow> page(Instant cutoff, long afterId, long upToId, int limit);
    }

    private final RetentionProperties properties;
    private final Map<RecordKind, Records> records = new EnumMap<>(RecordKind.class);
    private final AuditLog audit;
    private final Json json;
    private final Clock clock;
    private final AtomicReference<RetentionRun> last = new AtomicReference<>();

    public RetentionJob(RetentionProperties properties, RawInputStore raw, DeliveryLedger deliveries, AuditLog audit,
            Json json, Clock clock) {
        this.properties = properties;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        records.put(RecordKind.RAW_INPUT, new Records(raw::lastIdBefore, raw::pastRetention, raw::prune));
        records.put(RecordKind.DELIVERY_EVENTS, new Records(deliveries::lastEventIdBefore,
                deliveries::eventsPastRetention, deliveries::pruneEvents));
        records.put(RecordKind.AUDIT, new Records(audit::lastIdBefore, audit::pastRetention, audit::prune));
    }

    /** The configured run (route {@code retention}): nothing at all while no period is set. */
    public RetentionRun run() {
        return run(properties.cutoffs(clock), properties.archiveDir());
    }

    /** The last run's outcome since the hub started, if any ran (health component {@code retention}). */
    public Optional<RetentionRun> last() {
        return Optional.ofNullable(last.get());
    }

    public RetentionProperties properties() {
        return properties;
    }

    /**
     * Archives and prunes, for each kind in {@code cutoffs}, the records past their retention at that instant,
     * into a new folder under {@code archiveDir}. One run at a time in this hub.
     */
    public synchronized RetentionRun run(Map<RecordKind, Instant> cutoffs, Path archiveDir) {
        Instant started = clock.instant();
        Map<RecordKind, Long> archived = new EnumMap<>(RecordKind.class);
        Map<RecordKind, Long> pruned = new EnumMap<>(RecordKind.class);
        ArchiveFolder folder = new ArchiveFolder(runFolder(archiveDir, started), json, cutoffs, started);
        String error = null;
        try {
            for (Map.Entry<RecordKind, Instant> kind : cutoffs.entrySet()) {
                archive(kind.getKey(), kind.getValue(), folder, archived, pruned);
            }
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.error("Retention run {} stopped; what it deleted is in its archive, the rest is kept", folder.run(),
                    e);
        }
        boolean wrote = !folder.files().isEmpty();
        if (wrote) {
            folder.finish(clock.instant());
        }
        RetentionRun run = new RetentionRun(folder.run(), wrote ? folder.dir() : null, started, clock.instant(),
                Map.copyOf(cutoffs), Map.copyOf(archived), Map.copyOf(pruned), error);
        last.set(run);
        if (wrote) {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("folder", folder.dir().toString());
            archived.forEach((k, n) -> after.put(k.label() + ".archived", n));
            pruned.forEach((k, n) -> after.put(k.label() + ".pruned", n));
            audit.record("retention", "RETENTION_ARCHIVED_PRUNED", folder.run(), null, after);
            log.info("Retention run {}: archived {}, pruned {} into {}", folder.run(), archived, pruned, folder.dir());
        }
        if (error != null) {
            throw new IllegalStateException("retention run " + folder.run() + " stopped: " + error);
        }
        return run;
    }

    private void archive(RecordKind kind, Instant cutoff, ArchiveFolder folder, Map<RecordKind, Long> archived,
            Map<RecordKind, Long> pruned) {
        Records table = records.get(kind);
        int batch = properties.batchSize();
        int fileRows = properties.fileRows();
        long upTo = table.lastIdBefore(cutoff);
        long after = 0;
        boolean more = upTo > 0;
        while (more) {
            int asked = Math.min(batch, fileRows);
            List<ArchiveRow> page = table.page(cutoff, after, upTo, asked);
            if (page.isEmpty()) {
                break;
            }
            long[] ids = new long[fileRows];
            int n = 0;
            try (ArchiveFolder.Writing file = folder.start(kind)) {
                while (!page.isEmpty()) {
                    for (ArchiveRow row : page) {
                        ids[n++] = row.id();
                        file.add(row);
                    }
                    after = ids[n - 1];
                    if (page.size() < asked) {
                        more = false;
                        break;
                    }
                    asked = Math.min(batch, fileRows - n);
                    if (asked == 0) {
                        break;
                    }
                    page = table.page(cutoff, after, upTo, asked);
                }
                file.finish();
            }
            archived.merge(kind, (long) n, Long::sum);
            for (int from = 0; from < n; from += batch) {
                int gone = table.prune(Arrays.copyOfRange(ids, from, Math.min(n, from + batch)), cutoff);
                pruned.merge(kind, (long) gone, Long::sum);
            }
        }
    }

    /** {@code <archiveDir>/<yyyyMMddTHHmmssZ>}, with {@code -2}, {@code -3}... when a run of that second exists. */
    private static Path runFolder(Path archiveDir, Instant started) {
        String name = RUN_NAME.format(started);
        Path dir = archiveDir.resolve(name);
        for (int n = 2; Files.exists(dir); n++) {
            dir = archiveDir.resolve(name + "-" + n);
        }
        return dir;
    }
}
