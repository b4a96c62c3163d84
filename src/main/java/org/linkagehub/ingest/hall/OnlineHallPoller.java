package org.linkagehub.ingest.hall;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Route;
import org.linkagehub.ingest.IntakeOutcome;
import org.linkagehub.ingest.OneRunAtATime;
import org.linkagehub.ingest.OnlineHallProperties;
import org.linkagehub.ingest.SourceCursors;
import org.linkagehub.ingest.SourceFaults;
import org.linkagehub.ingest.SourceMonitor;
import org.linkagehub.platform.Json;
import org.linkagehub.platform.OutgoingHttp;
import org.linkagehub.platform.PlatformBusyException;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The hall's transport and cursor, the steps of the route {@code online-hall-poll} ({@code routes/online-hall.yaml}):
 * {@link #start} begins a walk from the stored cursor, {@link #page} reads and stores raw one page of it (pages 1,
 * 2, … of one {@code since} up to the empty page; the route hands each to the intake and {@link #taken} notes what
 * became of it), and {@link #finish} saves the walk's {@code nextSince} — only after its empty page, so a walk cut
 * short (a crash, a busy hall, an expired token) is repeated whole by the next poll, and the intake recognises the
 * records it already has (same case, same content).
 *
 * <p>The hall answers HTTP 200 even for errors: {@code code 401} stops the walk and marks the source DOWN with the
 * hall's reason; {@code code 500} (busy) and a network failure throw {@link PlatformBusyException}, which the route's
 * shared error handling asks again with back-off before the walk waits for the next poll. Neither is a bad decision,
 * so neither is quarantined; their bodies are kept raw with the outcome noted.
 *
 * <p>The walk in progress is the exchange property {@value #WALK}. {@link #poll} runs one walk through the route now
 * (an operator's catch-up, a test) and answers what it did.
 */
@Component
public class OnlineHallPoller {

    public static final String SOURCE = "online-hall";
    /** The exchange property holding the walk in progress ({@link HallWalk}). */
    public static final String WALK = "hallWalk";
    static final String ROUTE = "online-hall-poll";
    static final String PATH = "/api/banjian/completed";
    private static final Logger log = LoggerFactory.getLogger(OnlineHallPoller.class);

    private final OnlineHallProperties properties;
    private final RawInputStore raw;
    private final SourceCursors cursors;
    private final SourceMonitor monitor;
    private final ObjectMapper json;
    private final CamelContext camel;
    /** One walk at a time: the timer's and an operator's never overlap, so nothing is taken in twice at once. */
    private final OneRunAtATime runs = new OneRunAtATime();
    /** Through Boot's RestClient, so every page read is timed in {@code http.client.requests}. */
    private final RestClient http;

    /**
     * Pages of the unfinished walk already stored and taken in (walk position → sha256): when the walk is
     * repeated after a busy hall, an identical page is not stored and mapped again. Kept in memory only, so a
     * restart takes every page in again — a crash in the middle of a page can never hide its later records.
     */
    private final Map<String, String> takenIn = new HashMap<>();
    private String takenInSince;

    public OnlineHallPoller(OnlineHallProperties properties, RawInputStore raw, SourceCursors cursors,
            SourceMonitor monitor, ObjectMapper json, OutgoingHttp http, CamelContext camel) {
        this.properties = properties;
        this.raw = raw;
        this.cursors = cursors;
        this.monitor = monitor;
        this.json = json;
        this.camel = camel;
        this.http = http.client(HttpClient.newBuilder().connectTimeout(properties.timeout()).build(),
                properties.timeout());
        monitor.register(SOURCE, properties.disabledBecause());
    }

    /** Runs one walk through the route {@value #ROUTE} now, with this poller's settings, and answers what it did. */
    public synchronized Walk poll() {
        Route route = camel.getRoute(ROUTE);
        if (route == null) {
            throw new IllegalStateException("route " + ROUTE + " is not loaded");
        }
        Exchange exchange = route.getConsumer().createExchange(false);
        HallWalk walk = new HallWalk(this);
        exchange.setProperty(WALK, walk);
        try {
            route.getConsumer().getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        return walk.result();
    }

    /** Begins a walk from the stored cursor (or the configured start point), unless one was handed in. */
    public void start(Exchange exchange) {
        HallWalk walk = exchange.getProperty(WALK, HallWalk.class);
        if (walk == null) {
            walk = new HallWalk(this);
            exchange.setProperty(WALK, walk);
        }
        walk.poller.runs.enter(exchange);
        walk.poller.begin(walk);
    }

    /**
     * Reads the walk's next page. Answers the page stored raw (also in the exchange property
     * {@value SourceFaults#RAW_INPUT}) for the intake, or null when there is nothing to take in (the page was taken
     * in before, or the walk stops). A busy hall or a network failure throws {@link PlatformBusyException}.
     */
    public RawInput page(Exchange exchange) {
        HallWalk walk = walk(exchange);
        RawInput input = walk.poller.read(walk);
        if (input != null) {
            exchange.setProperty(SourceFaults.RAW_INPUT, input);
        }
        return input;
    }

    /** Notes what the intake made of the page (the body): a page it could not read at all stops the walk. */
    public void taken(Exchange exchange) throws InvalidPayloadException {
        HallWalk walk = walk(exchange);
        exchange.removeProperty(SourceFaults.RAW_INPUT);
        walk.poller.takenIn(walk, exchange.getIn().getMandatoryBody(IntakeOutcome.class));
    }

    /** Ends the walk: after the empty page the cursor moves and the source shows UP, otherwise it shows why not. */
    public Walk finish(Exchange exchange) {
        HallWalk walk = walk(exchange);
        return walk.poller.end(walk);
    }

    private static HallWalk walk(Exchange exchange) {
        HallWalk walk = exchange.getProperty(WALK, HallWalk.class);
        if (walk == null) {
            throw new IllegalStateException("no walk in progress: the route calls start first");
        }
        return walk;
    }

    private void begin(HallWalk walk) {
        if (properties.disabledBecause() != null) {
            walk.stop(Walk.Outcome.DISABLED, properties.disabledBecause());
            return;
        }
        String since = cursors.get(SOURCE).orElse(blankToNull(properties.startFrom()));
        synchronized (takenIn) {
            if (!Objects.equals(since, takenInSince)) {
                takenIn.clear();
                takenInSince = since;
            }
        }
        walk.since = since;
    }

    private RawInput read(HallWalk walk) {
        String since = walk.since;
        int pageNo = walk.pageNo;
        byte[] body;
        try {
            body = get(since, pageNo);
        } catch (IOException e) {
            throw walk.busy(Walk.Outcome.UNREACHABLE, "hall unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            walk.stop(Walk.Outcome.UNREACHABLE, "interrupted");
            return null;
        }
        HallAnswer answer = HallAnswer.read(json, body);
        String position = "since=" + (since == null ? "" : since) + "&pageNo=" + pageNo;
        String sha256 = Json.sha256(body);
        synchronized (takenIn) {
            if (answer.kind() == HallAnswer.Kind.PAGE && sha256.equals(takenIn.get(position))) {
                walk.accepted(answer);
                return null;
            }
        }
        if (answer.kind() != HallAnswer.Kind.UNAUTHORIZED && answer.kind() != HallAnswer.Kind.BUSY) {
            // a page the intake could not read at all is quarantined once, not again on every poll
            Optional<Long> earlier = raw.sameMalformed(SOURCE, position, sha256);
            if (earlier.isPresent()) {
                walk.stop(Walk.Outcome.MALFORMED, "page " + pageNo + " is still the page quarantined as raw input "
                        + earlier.get() + "; the walk waits for the hall to correct it");
                return null;
            }
        }
        RawInput input = raw.store(SOURCE, "poll", position, Map.of("since", since == null ? "" : since,
                "pageNo", Integer.toString(pageNo), "pageSize", Integer.toString(properties.pageSize())), body, false);
        return switch (answer.kind()) {
            case PAGE, UNREADABLE -> {
                walk.pending = answer;
                walk.pendingSha256 = input.sha256();
                walk.position = position;
                yield input;
            }
            case UNAUTHORIZED -> {
                raw.markOutcome(input.id(), "REFUSED", null);
                walk.stop(Walk.Outcome.UNAUTHORIZED, failure(answer));
                yield null;
            }
            case BUSY -> {
                raw.markOutcome(input.id(), "BUSY", null);
                throw walk.busy(Walk.Outcome.BUSY, failure(answer));
            }
            case UNEXPECTED -> {
                raw.markOutcome(input.id(), "ERROR", null);
                walk.stop(Walk.Outcome.UNEXPECTED, failure(answer));
                yield null;
            }
        };
    }

    private void takenIn(HallWalk walk, IntakeOutcome outcome) {
        HallAnswer answer = walk.pending;
        walk.pending = null;
        if (outcome.status() == IntakeOutcome.Status.MALFORMED || answer.kind() == HallAnswer.Kind.UNREADABLE) {
            String why = outcome.reasons().isEmpty() ? "not a page of records" : outcome.reasons().get(0).message();
            walk.stop(Walk.Outcome.MALFORMED, "page " + walk.pageNo + " (raw input " + outcome.rawInputId()
                    + ") quarantined: " + why);
            return;
        }
        synchronized (takenIn) {
            takenIn.put(walk.position, walk.pendingSha256);
        }
        walk.accepted(answer);
    }

    private Walk end(HallWalk walk) {
        Walk result = walk.result();
        switch (result.outcome()) {
            case DISABLED -> {
            }
            case COMPLETE -> {
                // the empty page: every record of the walk is stored, so the cursor may move
                if (result.nextSince() != null) {
                    cursors.put(SOURCE, result.nextSince());
                }
                synchronized (takenIn) {
                    takenIn.clear();
                    takenInSince = null;
                }
                monitor.success(SOURCE, result.records(), walk.newest);
                if (result.records() > 0) {
                    log.info("Online hall walk from since={}: {} record(s) on {} page(s), next since={}", walk.since,
                            result.records(), result.pages() - 1, result.nextSince());
                }
            }
            default -> {
                monitor.failure(SOURCE, result.failure());
                log.warn("Online hall walk from since={} stopped at page {}: {}; the next poll repeats it", walk.since,
                        walk.pageNo, result.failure());
            }
        }
        return result;
    }

    private byte[] get(String since, int pageNo) throws IOException, InterruptedException {
        StringBuilder url = new StringBuilder(properties.baseUrl().toString().replaceAll("/+$", "")).append(PATH)
                .append('?');
        if (since != null) {
            // an opaque cursor that ends in base64 padding ('='): it must be encoded
            url.append("since=").append(URLEncoder.encode(since, StandardCharsets.UTF_8)).append('&');
        }
        url.append("pageNo=").append(pageNo).append("&pageSize=").append(properties.pageSize());
        OutgoingHttp.Answer response = OutgoingHttp.call(http.get().uri(URI.create(url.toString()))
                .header("X-Access-Token", properties.token()).header("Accept", "application/json"), true);
        if (response.status() != 200) {
            // the hall itself always answers 200: anything else comes from a proxy or gateway in between
            throw new IOException("HTTP " + response.status() + " from " + properties.baseUrl());
        }
        return response.body();
    }

    private static String failure(HallAnswer answer) {
        return answer.code() == null ? "answer without a code" : answer.code() + " " + answer.message();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** One walk in progress: where it is, what it brought, and why it stopped, if it did. */
    public static final class HallWalk {

        private final OnlineHallPoller poller;
        private String since;
        private int pageNo = 1;
        private int records;
        private Instant newest;
        private String nextSince;
        private boolean complete;
        private Walk.Outcome stopped;
        private String failure;
        private HallAnswer pending;
        private String pendingSha256;
        private String position;
        private Walk.Outcome pendingFault;

        HallWalk(OnlineHallPoller poller) {
            this.poller = poller;
        }

        /** Whether the walk goes on to another page (the route's loop asks). */
        public boolean isGoing() {
            return !complete && stopped == null;
        }

        private void accepted(HallAnswer page) {
            failure = null;
            if (page.records() > 0) {
                records += page.records();
                Instant at = page.newestRecordAt();
                if (at != null && (newest == null || at.isAfter(newest))) {
                    newest = at;
                }
                pageNo++;
                return;
            }
            nextSince = blankToNull(page.nextSince());
            complete = true;
        }

        private void stop(Walk.Outcome outcome, String why) {
            stopped = outcome;
            failure = why;
        }

        /** A fault the route asks again: remembered, so that a walk given up says why. */
        private PlatformBusyException busy(Walk.Outcome outcome, String why) {
            stopped = null;
            failure = why;
            pendingFault = outcome;
            return new PlatformBusyException(why);
        }

        private Walk result() {
            if (complete) {
                return new Walk(Walk.Outcome.COMPLETE, since, pageNo, records, nextSince, null);
            }
            if (stopped == Walk.Outcome.DISABLED) {
                return new Walk(Walk.Outcome.DISABLED, null, 0, 0, null, failure);
            }
            Walk.Outcome outcome = stopped != null ? stopped : pendingFault;
            return new Walk(outcome, since, pageNo - 1, records, null, failure);
        }
    }

    /**
     * What one poll did.
     *
     * @param since     the cursor the walk started from (null: the hall's beginning)
     * @param pages     pages read, the empty one included when the walk completed
     * @param records   records on the pages read
     * @param nextSince the cursor saved for the next walk; null unless the walk completed with one
     * @param failure   why the walk stopped early (or why the source is disabled)
     */
    public record Walk(Outcome outcome, String since, int pages, int records, String nextSince, String failure) {

        public enum Outcome {
            COMPLETE, DISABLED, UNAUTHORIZED, BUSY, UNREACHABLE, MALFORMED, UNEXPECTED
        }
    }
}
