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
import org.linkagehub.ingest.DecisionIntake;
import org.linkagehub.ingest.IntakeOutcome;
import org.linkagehub.ingest.OnlineHallProperties;
import org.linkagehub.ingest.SourceCursors;
import org.linkagehub.ingest.SourceMonitor;
import org.linkagehub.platform.Json;
import org.linkagehub.platform.OutgoingHttp;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Walks the hall's completed cases: pages 1, 2, … of one {@code since} up to the empty page, each page stored raw
 * and taken in (mapped, deduplicated, routed) before the next is asked for. The walk's {@code nextSince} is saved
 * only after its empty page, so a walk cut short — a crash, a busy hall, an expired token — is repeated whole by
 * the next poll, and the intake recognises the records it already has (same case, same content).
 *
 * <p>The hall answers HTTP 200 even for errors: {@code code 401} stops the walk and marks the source DOWN with
 * the hall's reason; {@code code 500} is retried with a doubling back-off, then the walk waits for the next poll.
 * Neither is a bad decision, so neither is quarantined; their bodies are kept raw with the outcome noted.
 *
 * <p>Called by the route {@code online-hall-poll}; one walk at a time.
 */
@Component
public class OnlineHallPoller {

    public static final String SOURCE = "online-hall";
    static final String PATH = "/api/banjian/completed";
    private static final Logger log = LoggerFactory.getLogger(OnlineHallPoller.class);

    private final OnlineHallProperties properties;
    private final RawInputStore raw;
    private final DecisionIntake intake;
    private final SourceCursors cursors;
    private final SourceMonitor monitor;
    private final ObjectMapper json;
    /** Through Boot's RestClient, so every page read is timed in {@code http.client.requests}. */
    private final RestClient http;

    /**
     * Pages of the unfinished walk already stored and taken in (walk position → sha256): when the walk is
     * repeated after a busy hall, an identical page is not stored and mapped again. Kept in memory only, so a
     * restart takes every page in again — a crash in the middle of a page can never hide its later records.
     */
    private final Map<String, String> takenIn = new HashMap<>();
    private String takenInSince;

    public OnlineHallPoller(OnlineHallProperties properties, RawInputStore raw, DecisionIntake intake,
            SourceCursors cursors, SourceMonitor monitor, ObjectMapper json, OutgoingHttp http) {
        this.properties = properties;
        this.raw = raw;
        this.intake = intake;
        this.cursors = cursors;
        this.monitor = monitor;
        this.json = json;
        this.http = http.client(HttpClient.newBuilder().connectTimeout(properties.timeout()).build(),
                properties.timeout());
        monitor.register(SOURCE, properties.disabledBecause());
    }

    /** One walk from the stored cursor (or the configured start point) to the hall's empty page. */
    public synchronized Walk poll() {
        if (properties.disabledBecause() != null) {
            return new Walk(Walk.Outcome.DISABLED, null, 0, 0, null, properties.disabledBecause());
        }
        String since = cursors.get(SOURCE).orElse(blankToNull(properties.startFrom()));
        if (!Objects.equals(since, takenInSince)) {
            takenIn.clear();
            takenInSince = since;
        }
        int records = 0;
        Instant newest = null;
        for (int pageNo = 1; ; pageNo++) {
            Step step = read(since, pageNo);
            if (step.failure() != null) {
                monitor.failure(SOURCE, step.failure());
                log.warn("Online hall walk from since={} stopped at page {}: {}; the next poll repeats it", since,
                        pageNo, step.failure());
                return new Walk(step.outcome(), since, pageNo - 1, records, null, step.failure());
            }
            HallAnswer page = step.answer();
            if (page.records() > 0) {
                records += page.records();
                Instant at = page.newestRecordAt();
                if (at != null && (newest == null || at.isAfter(newest))) {
                    newest = at;
                }
                continue;
            }
            // the empty page: every record of the walk is stored, so the cursor may move
            String next = blankToNull(page.nextSince());
            if (next != null) {
                cursors.put(SOURCE, next);
            }
            takenIn.clear();
            takenInSince = null;
            monitor.success(SOURCE, records, newest);
            if (records > 0) {
                log.info("Online hall walk from since={}: {} record(s) on {} page(s), next since={}", since, records,
                        pageNo - 1, next);
            }
            return new Walk(Walk.Outcome.COMPLETE, since, pageNo, records, next, null);
        }
    }

    /** Reads one page, retrying a busy hall or a network failure with a doubling back-off. */
    private Step read(String since, int pageNo) {
        long wait = properties.retryBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            Step step = readOnce(since, pageNo);
            if (!step.retryable()) {
                return step;
            }
            if (attempt > properties.retries()) {
                return new Step(step.outcome(), null, step.failure() + " (" + attempt + " attempts)", false);
            }
            log.info("Online hall page {} of since={}: {}; retrying in {} ms", pageNo, since, step.failure(), wait);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Step(step.outcome(), null, step.failure() + " (interrupted)", false);
            }
            wait *= 2;
        }
    }

    private Step readOnce(String since, int pageNo) {
        byte[] body;
        try {
            body = get(since, pageNo);
        } catch (IOException e) {
            return new Step(Walk.Outcome.UNREACHABLE, null, "hall unreachable: " + e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Step(Walk.Outcome.UNREACHABLE, null, "interrupted", false);
        }
        HallAnswer answer = HallAnswer.read(json, body);
        String position = "since=" + (since == null ? "" : since) + "&pageNo=" + pageNo;
        if (answer.kind() == HallAnswer.Kind.PAGE && Json.sha256(body).equals(takenIn.get(position))) {
            return new Step(null, answer, null, false);
        }
        if (answer.kind() != HallAnswer.Kind.UNAUTHORIZED && answer.kind() != HallAnswer.Kind.BUSY) {
            // a page the intake could not read at all is quarantined once, not again on every poll
            Optional<Long> earlier = raw.sameMalformed(SOURCE, position, Json.sha256(body));
            if (earlier.isPresent()) {
                return new Step(Walk.Outcome.MALFORMED, null, "page " + pageNo + " is still the page quarantined as raw "
                        + "input " + earlier.get() + "; the walk waits for the hall to correct it", false);
            }
        }
        RawInput input = raw.store(SOURCE, "poll", position, Map.of("since", since == null ? "" : since,
                "pageNo", Integer.toString(pageNo), "pageSize", Integer.toString(properties.pageSize())), body, false);
        return switch (answer.kind()) {
            case PAGE, UNREADABLE -> takeIn(input, answer, position, pageNo);
            case UNAUTHORIZED -> refused(input, Walk.Outcome.UNAUTHORIZED, "REFUSED", answer, false);
            case BUSY -> refused(input, Walk.Outcome.BUSY, "BUSY", answer, true);
            case UNEXPECTED -> refused(input, Walk.Outcome.UNEXPECTED, "ERROR", answer, false);
        };
    }

    private Step takeIn(RawInput input, HallAnswer answer, String position, int pageNo) {
        IntakeOutcome outcome = intake.process(input);
        if (outcome.status() == IntakeOutcome.Status.MALFORMED || answer.kind() == HallAnswer.Kind.UNREADABLE) {
            String why = outcome.reasons().isEmpty() ? "not a page of records" : outcome.reasons().get(0).message();
            return new Step(Walk.Outcome.MALFORMED, null, "page " + pageNo + " (raw input " + input.id()
                    + ") quarantined: " + why, false);
        }
        takenIn.put(position, input.sha256());
        return new Step(null, answer, null, false);
    }

    /** An in-body error: kept raw with its outcome, never quarantined as a decision. */
    private Step refused(RawInput input, Walk.Outcome outcome, String mark, HallAnswer answer, boolean retryable) {
        raw.markOutcome(input.id(), mark, null);
        String failure = answer.code() == null ? "answer without a code" : answer.code() + " " + answer.message();
        return new Step(outcome, null, failure, retryable);
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** What one page read came to: a page taken in, or why the walk stops. */
    private record Step(Walk.Outcome outcome, HallAnswer answer, String failure, boolean retryable) {
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
