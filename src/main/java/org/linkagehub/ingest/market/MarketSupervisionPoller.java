package org.linkagehub.ingest.market;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.linkagehub.ingest.MarketSupervisionProperties;
import org.linkagehub.ingest.OneRunAtATime;
import org.linkagehub.ingest.SourceCursors;
import org.linkagehub.ingest.SourceFaults;
import org.linkagehub.ingest.SourceMonitor;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.Json;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The market-supervision view's transport and cursor, the steps of the route {@code market-supervision-poll}
 * ({@code routes/market-supervision.yaml}): {@link #start} begins a poll at the stored cursor, {@link #batch} reads
 * the rows after it and stores them raw as one JSON payload ({@code {"rows":[…]}}) for the intake, and {@link #taken}
 * saves the cursor only after the intake processed the batch; the route loops until a batch comes back short. A crash
 * in between re-reads the batch and the intake recognises the duplicates; a row changed in place (a revocation) comes
 * back with a newer {@code SJC} and becomes a new version. The view away or refusing the query fails the poll through
 * the shared error handling ({@code routes/error-handling.yaml}: asked again when transient), and the source shows
 * why. {@link #poll} runs one poll through the route now (an operator's catch-up, a test).
 */
@Component("marketSupervisionPoller")
public class MarketSupervisionPoller {

    public static final String SOURCE = "market-supervision";
    /** The exchange property holding the poll in progress ({@link ViewPoll}). */
    public static final String POLL = "marketPoll";
    static final String ROUTE = "market-supervision-poll";
    private static final Logger log = LoggerFactory.getLogger(MarketSupervisionPoller.class);

    private final MarketView view;
    private final MarketSupervisionProperties properties;
    private final RawInputStore raw;
    private final SourceCursors cursors;
    private final SourceMonitor monitor;
    private final Json json;
    private final CamelContext camel;
    /** One walk at a time: the timer's and an operator's never overlap, so nothing is taken in twice at once. */
    private final OneRunAtATime runs = new OneRunAtATime();
    private final boolean enabled;

    public MarketSupervisionPoller(MarketView view, MarketSupervisionProperties properties, RawInputStore raw,
            SourceCursors cursors, SourceMonitor monitor, Json json, CamelContext camel) {
        this.view = view;
        this.properties = properties;
        this.raw = raw;
        this.cursors = cursors;
        this.monitor = monitor;
        this.json = json;
        this.camel = camel;
        String disabledBecause = view.disabledBecause().orElse(null);
        this.enabled = disabledBecause == null;
        monitor.register(SOURCE, disabledBecause);
        if (enabled) {
            log.info("Market-supervision view polled every {}, {} rows a batch", properties.pollInterval(),
                    properties.batchSize());
        }
    }

    /** Runs one poll through the route now: reads the view until a batch comes back short. */
    public PollResult poll() {
        return pollInBatchesOf(properties.batchSize());
    }

    /**
     * A poll with another batch size than configured: an operator's catch-up after an outage, or a benchmark. Not
     * an overload of {@link #poll()}: Camel's bean binding would pick it and pass null.
     */
    public synchronized PollResult pollInBatchesOf(int batchSize) {
        Route route = camel.getRoute(ROUTE);
        if (route == null) {
            throw new IllegalStateException("route " + ROUTE + " is not loaded");
        }
        Exchange exchange = route.getConsumer().createExchange(false);
        ViewPoll poll = new ViewPoll(this, batchSize);
        exchange.setProperty(POLL, poll);
        try {
            route.getConsumer().getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        return new PollResult(poll.rows, poll.batches);
    }

    /** Begins a poll at the stored cursor (or the configured start point), unless one was handed in. */
    public void start(Exchange exchange) {
        ViewPoll poll = exchange.getProperty(POLL, ViewPoll.class);
        if (poll == null) {
            poll = new ViewPoll(this, properties.batchSize());
            exchange.setProperty(POLL, poll);
        }
        MarketSupervisionPoller poller = poll.poller;
        poller.runs.enter(exchange);
        poll.going = poller.enabled;
        poll.cursor = poller.cursors.get(SOURCE).map(ViewCursor::parse)
                .orElseGet(() -> ViewCursor.start(poller.properties.startFrom()));
    }

    /**
     * Reads the rows after the cursor: answers them stored raw (also in the exchange property
     * {@value SourceFaults#RAW_INPUT}) for the intake, or null when there are none. A short batch is the last.
     */
    public RawInput batch(Exchange exchange) {
        ViewPoll poll = poll(exchange);
        List<ViewRow> batch = poll.poller.view.after(poll.cursor, poll.batchSize);
        poll.going = batch.size() >= poll.batchSize;
        if (batch.isEmpty()) {
            return null;
        }
        RawInput input = poll.poller.store(poll.cursor, batch);
        poll.pending = batch;
        exchange.setProperty(SourceFaults.RAW_INPUT, input);
        return input;
    }

    /** The intake processed the batch: the cursor moves past it. */
    public void taken(Exchange exchange) {
        ViewPoll poll = poll(exchange);
        exchange.removeProperty(SourceFaults.RAW_INPUT);
        List<ViewRow> batch = poll.pending;
        poll.pending = null;
        poll.cursor = batch.get(batch.size() - 1).cursor();
        poll.poller.cursors.put(SOURCE, poll.cursor.position());
        poll.rows += batch.size();
        poll.batches++;
    }

    /** Ends the poll: the source shows UP with what it brought. */
    public PollResult finish(Exchange exchange) {
        ViewPoll poll = poll(exchange);
        if (poll.poller.enabled) {
            monitor.success(SOURCE, poll.rows, poll.rows == 0 ? null
                    : poll.cursor.sjc().atZone(BeijingTime.ZONE).toInstant());
            if (poll.rows > 0) {
                log.info("Market-supervision view: {} row(s) in {} batch(es), now at {}", poll.rows, poll.batches,
                        poll.cursor.position());
            }
        }
        return new PollResult(poll.rows, poll.batches);
    }

    private static ViewPoll poll(Exchange exchange) {
        ViewPoll poll = exchange.getProperty(POLL, ViewPoll.class);
        if (poll == null) {
            throw new IllegalStateException("no poll in progress: the route calls start first");
        }
        return poll;
    }

    private RawInput store(ViewCursor after, List<ViewRow> batch) {
        byte[] body = json.write(Map.of("rows", batch.stream().map(ViewRow::columns).toList()))
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("rows", Integer.toString(batch.size()));
        meta.put("last", batch.get(batch.size() - 1).cursor().position());
        return raw.store(SOURCE, "jdbc", after.after(), meta, body, false);
    }

    /** One poll in progress: where it is and what it brought. */
    public static final class ViewPoll {

        private final MarketSupervisionPoller poller;
        private final int batchSize;
        private ViewCursor cursor;
        private boolean going;
        private List<ViewRow> pending;
        private int rows;
        private int batches;

        ViewPoll(MarketSupervisionPoller poller, int batchSize) {
            this.poller = poller;
            this.batchSize = batchSize;
        }

        /** Whether another batch is read (the route's loop asks). */
        public boolean isGoing() {
            return going;
        }
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
