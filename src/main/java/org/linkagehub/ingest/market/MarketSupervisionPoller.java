package org.linkagehub.ingest.market;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.linkagehub.ingest.DecisionIntake;
import org.linkagehub.ingest.MarketSupervisionProperties;
import org.linkagehub.ingest.SourceCursors;
import org.linkagehub.ingest.SourceMonitor;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.Json;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * One poll of the market-supervision view (route {@code market-supervision-poll}): batches of rows after the stored
 * cursor, each stored raw as one JSON payload ({@code {"rows":[…]}}) before the intake maps it, the cursor saved
 * only after the batch is processed. A crash in between re-reads the batch and the intake recognises the
 * duplicates; a row changed in place (a revocation) comes back with a newer {@code SJC} and becomes a new version.
 */
@Component("marketSupervisionPoller")
public class MarketSupervisionPoller {

    public static final String SOURCE = "market-supervision";
    private static final Logger log = LoggerFactory.getLogger(MarketSupervisionPoller.class);

    private final MarketView view;
    private final MarketSupervisionProperties properties;
    private final RawInputStore raw;
    private final DecisionIntake intake;
    private final SourceCursors cursors;
    private final SourceMonitor monitor;
    private final Json json;
    private final boolean enabled;

    public MarketSupervisionPoller(MarketView view, MarketSupervisionProperties properties, RawInputStore raw,
            DecisionIntake intake, SourceCursors cursors, SourceMonitor monitor, Json json) {
        this.view = view;
        this.properties = properties;
        this.raw = raw;
        this.intake = intake;
        this.cursors = cursors;
        this.monitor = monitor;
        this.json = json;
        String disabledBecause = view.disabledBecause().orElse(null);
        this.enabled = disabledBecause == null;
        monitor.register(SOURCE, disabledBecause);
        if (enabled) {
            log.info("Market-supervision view polled every {}, {} rows a batch", properties.pollInterval(),
                    properties.batchSize());
        }
    }

    /**
     * Reads the view until a batch comes back short. Serialised: the timer and an operator's (or a test's) poll never
     * overlap, so a batch is never taken in twice at once.
     */
    public PollResult poll() {
        return pollInBatchesOf(properties.batchSize());
    }

    /**
     * A poll with another batch size than configured: an operator's catch-up after an outage, or a benchmark. Not
     * an overload of {@link #poll()}: Camel's bean binding would pick it and pass null.
     */
    public synchronized PollResult pollInBatchesOf(int batchSize) {
        if (!enabled) {
            return new PollResult(0, 0);
        }
        ViewCursor cursor = cursors.get(SOURCE).map(ViewCursor::parse)
                .orElseGet(() -> ViewCursor.start(properties.startFrom()));
        int rows = 0;
        int batches = 0;
        while (true) {
            List<ViewRow> batch;
            try {
                batch = view.after(cursor, batchSize);
            } catch (DataAccessException | IllegalStateException e) {
                String reason = reason(e);
                monitor.failure(SOURCE, reason);
                log.warn("Market-supervision view not read after {} ({} rows taken in first): {}", cursor.position(),
                        rows, reason);
                return new PollResult(rows, batches);
            }
            if (!batch.isEmpty()) {
                intake.process(store(cursor, batch));
                cursor = batch.get(batch.size() - 1).cursor();
                cursors.put(SOURCE, cursor.position());
                rows += batch.size();
                batches++;
            }
            if (batch.size() < batchSize) {
                break;
            }
        }
        monitor.success(SOURCE, rows, rows == 0 ? null : cursor.sjc().atZone(BeijingTime.ZONE).toInstant());
        if (rows > 0) {
            log.info("Market-supervision view: {} row(s) in {} batch(es), now at {}", rows, batches, cursor.position());
        }
        return new PollResult(rows, batches);
    }

    private RawInput store(ViewCursor after, List<ViewRow> batch) {
        byte[] body = json.write(Map.of("rows", batch.stream().map(ViewRow::columns).toList()))
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("rows", Integer.toString(batch.size()));
        meta.put("last", batch.get(batch.size() - 1).cursor().position());
        return raw.store(SOURCE, "jdbc", after.after(), meta, body, false);
    }

    private static String reason(RuntimeException e) {
        Throwable cause = e instanceof DataAccessException d ? d.getMostSpecificCause() : e;
        String state = cause instanceof SQLException sql && sql.getSQLState() != null ? " (SQLState " + sql.getSQLState()
                + ")" : "";
        return cause.getMessage() + state;
    }

    /**
     * What one poll took in.
     *
     * @param rows    rows read and handed to the intake
     * @param batches raw payloads stored
     */
    public record PollResult(int rows, int batches) {
    }
}
