package org.linkagehub.visits;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.Reason;
import org.linkagehub.deadlines.DeadlineRule;
import org.linkagehub.deadlines.Deadlines;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.BeijingTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The bureau's return visits (回访): which of a month's delivered decisions to visit, and the visits made.
 * <p>
 * A decision delivered in the month is listed {@code NOT_STARTED} when one of its departments had not reported
 * supervision started by {@code linkage.return-visits.after} (10 working days on the hub's calendar) after its
 * delivery; a late start still counts, so the list of a month stops changing once its last window has closed. Of the
 * other decisions, a reproducible {@link VisitSample sample} is listed {@code SAMPLE}. A decision whose window is still
 * open and which no department has started yet is not listed (the bureau cannot act on it yet, and most of the
 * current month's decisions are in that state): the answer counts them as {@code notYetDue}, so the bureau sees the
 * month's list is not final; it joins the list as NOT_STARTED when its window closes unstarted.
 */
@Service
public class ReturnVisits {

    public static final String BUREAU_ROLE = "approval-bureau";
    private static final Logger log = LoggerFactory.getLogger(ReturnVisits.class);

    private final DeliveredDecisions delivered;
    private final ReturnVisitStore store;
    private final Deadlines deadlines;
    private final DepartmentRegistry departments;
    private final DeadlineRule after;
    private final double samplePercent;
    private final Clock clock;

    public ReturnVisits(DeliveredDecisions delivered, ReturnVisitStore store, Deadlines deadlines,
            DepartmentRegistry departments, ReturnVisitProperties properties, Clock clock) {
        this.delivered = delivered;
        this.store = store;
        this.deadlines = deadlines;
        this.departments = departments;
        try {
            this.after = DeadlineRule.parse(properties.after());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("linkage.return-visits.after: " + e.getMessage(), e);
        }
        this.samplePercent = properties.samplePercent();
        this.clock = clock;
    }

    /** Why a decision is on the list. */
    public enum Why {
        NOT_STARTED, SAMPLE
    }

    /** One department's delivery of a listed decision; {@code startBy} is when its window closed (or closes). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DepartmentState(String department, String role, String status, OffsetDateTime deliveredAt,
            OffsetDateTime startBy, OffsetDateTime startedAt, boolean startedInTime) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Matter(String code, String name) {
    }

    /** A recorded visit as shown; {@code contact} is masked unless the viewer is the bureau. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VisitView(UUID visitId, UUID decisionId, LocalDate visitedOn, String contact, String finding,
            String followUp, String actor, OffsetDateTime recordedAt) {
    }

    /** A decision to visit; {@code visitStatus} is DONE once a visit is recorded, else DUE. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(UUID decisionId, UUID lineageId, String documentNumber, String decisionType, Matter matter,
            OffsetDateTime deliveredAt, Why reason, List<DepartmentState> departments, String visitStatus,
            VisitView visit) {
    }

    public record VisitList(YearMonth period, String after, double samplePercent, List<Item> items, long total,
            int page, int size, long notYetDue) {
    }

    /** Whether the department is the bureau: its registry role is {@code approval-bureau}. */
    public boolean isBureau(String department) {
        return department != null && departments.find(department).map(d -> BUREAU_ROLE.equals(d.role())).orElse(false);
    }

    /** The current month in Beijing time: the default period. */
    public YearMonth thisMonth() {
        return YearMonth.now(clock.withZone(BeijingTime.ZONE));
    }

    /** The month's list, newest delivery first (as the cases), one page of it; the contact in clear only when {@code inClear}. */
    public VisitList list(YearMonth period, int page, int size, boolean inClear) {
        Instant from = period.atDay(1).atStartOfDay(BeijingTime.ZONE).toInstant();
        Instant to = period.plusMonths(1).atDay(1).atStartOfDay(BeijingTime.ZONE).toInstant();
        Map<UUID, List<DeliveredDecisions.Delivered>> byDecision = new LinkedHashMap<>();
        for (DeliveredDecisions.Delivered d : delivered.madeIn(from, to)) {
            byDecision.computeIfAbsent(d.decisionId(), k -> new ArrayList<>()).add(d);
        }
        Instant now = clock.instant();
        List<Candidate> listed = new ArrayList<>();
        long notYetDue = 0;
        for (List<DeliveredDecisions.Delivered> deliveries : byDecision.values()) {
            List<DepartmentState> states = new ArrayList<>();
            boolean missed = false;
            boolean open = false;
            for (DeliveredDecisions.Delivered d : deliveries) {
                Instant startBy = after.dueAt(d.deliveredAt(), deadlines.calendar());
                boolean inTime = d.startedAt() != null && !d.startedAt().isAfter(startBy);
                missed |= !inTime && now.isAfter(startBy);
                open |= d.startedAt() == null && !now.isAfter(startBy);
                states.add(new DepartmentState(d.department(), d.role(), d.status(), BeijingTime.of(d.deliveredAt()),
                        BeijingTime.of(startBy), BeijingTime.of(d.startedAt()), inTime));
            }
            UUID decisionId = deliveries.get(0).decisionId();
            Why why = missed ? Why.NOT_STARTED
                    : VisitSample.sampled(decisionId, period, samplePercent) ? Why.SAMPLE : null;
            if (why != null) {
                listed.add(new Candidate(deliveries.get(0), why, states));
            } else if (open) {
                notYetDue++;
            }
        }
        int s = Math.max(1, Math.min(size, 200));
        int pg = Math.max(0, page);
        List<Candidate> slice = listed.subList(Math.min(listed.size(), pg * s), Math.min(listed.size(), (pg + 1) * s));
        Map<UUID, ReturnVisitStore.Visit> visits = store.ofDecisions(slice.stream().map(c -> c.first.decisionId())
                .toList());
        List<Item> items = slice.stream().map(c -> {
            DeliveredDecisions.Delivered d = c.first;
            ReturnVisitStore.Visit v = visits.get(d.decisionId());
            return new Item(d.decisionId(), d.lineageId(), d.documentNumber(), d.decisionType(),
                    new Matter(d.matterCode(), d.matterName()), BeijingTime.of(d.deliveredAt()), c.why, c.states,
                    v == null ? "DUE" : "DONE", v == null ? null : view(v, inClear));
        }).toList();
        return new VisitList(period, after.toString(), samplePercent, items, listed.size(), pg, s, notYetDue);
    }

    private record Candidate(DeliveredDecisions.Delivered first, Why why, List<DepartmentState> states) {
    }

    /** The visits of every version of a lineage, by visit date; the contact in clear only when {@code inClear}. */
    public List<VisitView> ofLineage(UUID lineageId, boolean inClear) {
        return store.ofLineage(lineageId).stream().map(v -> view(v, inClear)).toList();
    }

    /** What recording a visit came to. */
    public enum Outcome {
        /** recorded now */
        CREATED,
        /** the same visit was recorded before (a repeated request): nothing changed */
        SAME,
        /** the decision has another visit: a record is never written over */
        CONFLICT,
        NOT_FOUND,
        INVALID
    }

    public record Recorded(Outcome outcome, VisitView visit, List<Reason> reasons) {
    }

    /** Records the bureau's visit from the body the API takes (already read strictly as JSON). */
    public Recorded record(JsonNode body, String actor) {
        LocalDate today = LocalDate.now(clock.withZone(BeijingTime.ZONE));
        VisitInput.Result checked = VisitInput.check(body, today);
        if (!checked.valid()) {
            return new Recorded(Outcome.INVALID, null, checked.reasons());
        }
        VisitInput.Checked c = checked.checked();
        Optional<DeliveredDecisions.Known> known = delivered.find(c.decisionId());
        if (known.isEmpty()) {
            return new Recorded(Outcome.NOT_FOUND, null, List.of(Reason.of("decisionId", c.decisionId().toString(),
                    "not-found", "no decision " + c.decisionId())));
        }
        Instant first = known.get().firstDeliveredAt();
        if (first != null && c.visitedOn().isBefore(LocalDate.ofInstant(first, BeijingTime.ZONE))) {
            return new Recorded(Outcome.INVALID, null, List.of(Reason.of("visitedOn", c.visitedOn().toString(),
                    "before-delivery", "the decision was delivered on " + LocalDate.ofInstant(first, BeijingTime.ZONE)
                            + "; a return visit comes after")));
        }
        Optional<UUID> id = store.insert(c, known.get().lineageId(), actor, clock.instant());
        if (id.isPresent()) {
            // never the contact: it is a person's name and telephone
            log.info("return visit {} of decision {} recorded by {}", id.get(), c.decisionId(), actor);
            return new Recorded(Outcome.CREATED, store.ofDecision(c.decisionId()).map(v -> view(v, true)).orElseThrow(),
                    List.of());
        }
        ReturnVisitStore.Visit existing = store.ofDecision(c.decisionId()).orElseThrow();
        return new Recorded(existing.sameAs(c) ? Outcome.SAME : Outcome.CONFLICT, view(existing, true), List.of());
    }

    private static VisitView view(ReturnVisitStore.Visit v, boolean inClear) {
        return new VisitView(v.visitId(), v.decisionId(), v.visitedOn(), inClear ? v.contact() : mask(v.contact()),
                v.finding(), v.followUp(), v.actor(), BeijingTime.of(v.recordedAt()));
    }

    /**
     * The contact as shown to anyone but the bureau: its first character (a surname) and asterisks. A name cannot be
     * told from a telephone number by pattern, and neither is needed to follow what the visit found.
     */
    static String mask(String contact) {
        if (contact == null || contact.isEmpty()) {
            return contact;
        }
        return new String(Character.toChars(contact.codePointAt(0))) + "***";
    }
}
