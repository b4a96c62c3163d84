package org.linkagehub.console;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.linkagehub.canonical.DecisionQueries;
import org.linkagehub.canonical.DecisionQueries.DecisionRow;
import org.linkagehub.canonical.Text;
import org.linkagehub.delivery.DeliveryQueries;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.Json;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.linkagehub.receipt.EscalationQueries;
import org.springframework.stereotype.Component;

/**
 * A decision's whole story on one page: each version's raw input and canonical form, its deliveries, every
 * receipt, reminder and escalation ({@code delivery_event}), and the deadline watcher's {@code escalation} rows. A
 * department sees only decisions delivered to it, and only its own deliveries. Each part is read through the feature
 * that keeps it: decisions from canonical, deliveries from delivery, escalations from receipt, raw inputs from raw.
 */
@Component
class Timeline {

    private final DecisionQueries decisions;
    private final DeliveryQueries deliveries;
    private final EscalationQueries escalations;
    private final RawInputStore rawInputs;
    private final Json json;

    Timeline(DecisionQueries decisions, DeliveryQueries deliveries, EscalationQueries escalations,
            RawInputStore rawInputs, Json json) {
        this.decisions = decisions;
        this.deliveries = deliveries;
        this.escalations = escalations;
        this.rawInputs = rawInputs;
        this.json = json;
    }

    /** Decisions whose document number, USCC or matter code is {@code q}, or whose applicant's name starts with it. */
    List<DecisionRow> search(String q, String department, int limit) {
        return decisions.search(q, department, limit);
    }

    /** Every version of a lineage with its deliveries and events; empty when the department has no part in it. */
    Optional<Story> story(UUID lineageId, String department, boolean withRaw) {
        List<DecisionRow> versions = decisions.versions(lineageId);
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        List<DeliveryEntry> entries = deliveries.ofLineage(lineageId, department).stream()
                .map(d -> new DeliveryEntry(d.id(), d.decisionId(), d.department(), d.role(), d.channel(), d.status(),
                        d.createdAt(), d.signDueAt(), d.startDueAt(), new ArrayList<>()))
                .toList();
        if (department != null && entries.isEmpty()) {
            return Optional.empty();
        }
        Map<UUID, DeliveryEntry> byId = new HashMap<>();
        entries.forEach(d -> byId.put(d.id(), d));
        deliveries.history(byId.keySet()).forEach((id, events) -> events.forEach(e -> byId.get(id).events()
                .add(new Event(e.status(), e.at(), e.actor(), e.note(), null))));
        escalations.ofDeliveries(byId.keySet()).forEach(e -> byId.get(e.deliveryId()).events()
                .add(new Event("ESCALATION", e.escalatedAt(), "deadline", e.kind(), e.dueAt())));
        Map<UUID, String> canonical = new HashMap<>();
        decisions.payloads(lineageId).forEach((id, payload) -> canonical.put(id, pretty(payload)));
        Map<Long, RawEntry> raw = new HashMap<>();
        if (withRaw) {
            List<Long> rawIds = versions.stream().map(DecisionRow::rawInputId).filter(Objects::nonNull).distinct()
                    .toList();
            for (RawInput r : rawInputs.findAll(rawIds)) {
                raw.put(r.id(), new RawEntry(r.id(), r.source(), r.transport(), r.sourceRef(),
                        BeijingTime.of(r.receivedAt()),
                        Text.strictUtf8(r.body()).orElse("(" + r.body().length + " bytes, not UTF-8)")));
            }
        }
        List<VersionEntry> story = versions.stream().map(v -> new VersionEntry(v,
                v.rawInputId() == null ? null : raw.get(v.rawInputId()), canonical.get(v.id()),
                entries.stream().filter(d -> d.decisionId().equals(v.id())).toList())).toList();
        return Optional.of(new Story(lineageId, story));
    }

    private String pretty(String payload) {
        try {
            return json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json.tree(payload));
        } catch (JsonProcessingException e) {
            return payload;
        }
    }

    record Story(UUID lineageId, List<VersionEntry> versions) {
    }

    record VersionEntry(DecisionRow decision, RawEntry raw, String canonicalJson, List<DeliveryEntry> deliveries) {
    }

    record RawEntry(long id, String source, String transport, String sourceRef, OffsetDateTime receivedAt, String text) {
    }

    record DeliveryEntry(UUID id, UUID decisionId, String department, String role, String channel, String status,
            OffsetDateTime createdAt, OffsetDateTime signDueAt, OffsetDateTime startDueAt, List<Event> events) {
    }

    /**
     * A receipt, a reminder (WARNED, REMINDED), an escalation (ESCALATED, or an {@code escalation} row: kind in
     * {@code note}, its deadline in {@code dueAt}).
     */
    record Event(String status, OffsetDateTime at, String actor, String note, OffsetDateTime dueAt) {

        public boolean reminder() {
            return "WARNED".equals(status) || "REMINDED".equals(status);
        }

        public boolean escalation() {
            return "ESCALATED".equals(status) || "ESCALATION".equals(status);
        }
    }
}
