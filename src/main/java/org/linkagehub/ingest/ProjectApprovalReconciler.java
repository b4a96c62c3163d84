package org.linkagehub.ingest;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.linkagehub.canonical.Text;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The project-approval platform's daily reconciliation: lists a day's events and takes in those the webhook
 * missed. Each listed event that is not already stored with the same content is stored raw (transport
 * {@code reconcile}, reference = its event id) and goes through the shared intake ({@code direct:intake}), where a
 * fact the hub already has is recognised and a changed event becomes a new version. A failed listing is a failure of the
 * source in its health and is asked again after {@code reconcile-retry}; the last day reconciled whole is kept in
 * {@code source_cursor}, so a day missed by a failure or a stopped hub is reconciled by the next run.
 */
@Component("projectApprovalReconciler")
public class ProjectApprovalReconciler {

    static final String CURSOR = "project-approval-reconciled";
    private static final Logger log = LoggerFactory.getLogger(ProjectApprovalReconciler.class);

    private final ApprovalListing listing;
    private final RawInputStore raw;
    private final ProducerTemplate camel;
    private final SourceMonitor monitor;
    private final SourceCursors cursors;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ProjectApprovalReconcileProperties properties;
    private final ReconcileSchedule schedule;
    private final Clock clock;
    private Instant retryAt;
    private ZonedDateTime todayDoneFor;

    public ProjectApprovalReconciler(ApprovalListing listing, RawInputStore raw, ProducerTemplate camel,
            SourceMonitor monitor, SourceCursors cursors, JdbcTemplate jdbc, ObjectMapper json,
            ProjectApprovalReconcileProperties properties, Clock clock) {
        this.listing = listing;
        this.raw = raw;
        this.camel = camel;
        this.monitor = monitor;
        this.cursors = cursors;
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.schedule = properties.scheduled()
                ? new ReconcileSchedule(properties.reconcileCron(), properties.reconcileCatchUpDays(),
                        properties.startFrom()) : null;
        this.clock = clock;
    }

    /** Called by the route {@code project-approval-reconcile}: reconciles whatever the schedule says is owed. */
    public synchronized void runDue() {
        if (schedule == null) {
            return;
        }
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(BeijingTime.ZONE);
        if (retryAt != null && now.toInstant().isBefore(retryAt)) {
            return;
        }
        try {
            LocalDate lastDone = cursors.get(CURSOR).map(LocalDate::parse).orElse(null);
            for (LocalDate day : schedule.pastDaysDue(now, lastDone)) {
                reconcile(day);
                cursors.put(CURSOR, day.toString());
            }
            ZonedDateTime run = schedule.lastRun(now);
            if (properties.reconcileToday() && run != null && !run.equals(todayDoneFor)) {
                reconcile(now.toLocalDate());
                todayDoneFor = run;
            }
            retryAt = null;
        } catch (ApprovalListing.ListingFailed e) {
            retryAt = now.toInstant().plus(properties.reconcileRetry());
            log.warn("Project-approval reconciliation failed, next try at {}: {}", BeijingTime.of(retryAt),
                    e.getMessage());
        }
    }

    /**
     * Lists one day's events and takes in those not already stored. One reconciliation at a time: an operator's
     * trigger during the nightly run waits, rather than storing the same missed event twice.
     *
     * @throws ApprovalListing.ListingFailed when the platform could not be asked or its answer is not a listing;
     *                                       also recorded as the source's last error
     */
    public synchronized ReconcileCounts reconcile(LocalDate date) {
        List<JsonNode> events;
        try {
            events = listing.events(date);
        } catch (ApprovalListing.ListingFailed e) {
            monitor.failure(ProjectApprovalWebhook.SOURCE, "reconciliation: " + e.getMessage());
            throw e;
        }
        int fresh = 0;
        int known = 0;
        int quarantined = 0;
        for (JsonNode event : events) {
            String eventId = event.isObject() ? Text.clean(event.path("eventId").asText(null)) : null;
            if (eventId != null && alreadyStored(eventId, event)) {
                known++;
                continue;
            }
            RawInput input = raw.store(ProjectApprovalWebhook.SOURCE, "reconcile", eventId,
                    Map.of("listedFor", date.toString()), bytes(event), false);
            IntakeOutcome outcome = camel.requestBody("direct:intake", input, IntakeOutcome.class);
            switch (outcome.status()) {
                case ACCEPTED -> fresh++;
                case DUPLICATE, SKIPPED -> known++;
                case QUARANTINED, MALFORMED -> quarantined++;
            }
        }
        monitor.success(ProjectApprovalWebhook.SOURCE, fresh, null);
        ReconcileCounts counts = new ReconcileCounts(date, events.size(), fresh, known, quarantined);
        log.info("Project-approval reconciliation of {}: {} listed, {} new, {} already known, {} quarantined", date,
                counts.listed(), fresh, known, quarantined);
        return counts;
    }

    /**
     * Whether an event with this id and the same content is stored already: taken in by reconciliation (its raw
     * reference), or pushed to the webhook (whose raw input has no reference before parsing, so it is found
     * through the decision or quarantine record its intake left).
     */
    private boolean alreadyStored(String eventId, JsonNode event) {
        List<byte[]> bodies = jdbc.queryForList("""
                select r.body from raw_input r where r.source = ? and (r.source_ref = ?
                   or r.id in (select d.raw_input_id from decision d
                               where d.source_system = 'PROJECT_APPROVAL' and d.source_record_id = ?)
                   or r.id in (select q.raw_input_id from quarantine q where q.source = ? and q.source_ref = ?))""",
                byte[].class, ProjectApprovalWebhook.SOURCE, eventId, eventId, ProjectApprovalWebhook.SOURCE, eventId);
        return bodies.stream().anyMatch(body -> event.equals(tree(body)));
    }

    private JsonNode tree(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private byte[] bytes(JsonNode event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed event cannot be written back", e);
        }
    }
}
