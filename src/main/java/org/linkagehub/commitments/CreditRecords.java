package org.linkagehub.commitments;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.linkagehub.canonical.IdNumber;
import org.linkagehub.delivery.Notices;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.Json;
import org.linkagehub.platform.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Credit records (信用记录, issue 13, 二(五)): a false commitment the bureau has confirmed (its answer RECTIFY or
 * WILL_REVOKE to a COMMITMENT_MISMATCH case) is entered in the city's credit system. The hub publishes it as a
 * {@code CREDIT_RECORD} message on the durable queue {@link Queues#CREDIT}, which only the credit system's broker
 * account reads. Exactly once per case: the row in {@code credit_record} (case_id unique) is written first, and only
 * when it is new does the message enter the outbox, in the caller's transaction, with the broker duplicate id
 * {@code credit:<caseId>}; so a repeated call, a retried transaction or a re-sent outbox batch adds nothing. The
 * party's ID number leaves masked (a person's number is personal data; the credit system matches on name and USCC, or
 * asks the bureau); a USCC, a company's public number, leaves whole.
 */
@Component
public class CreditRecords {

    static final String MESSAGE_TYPE = "CREDIT_RECORD";
    private static final Logger log = LoggerFactory.getLogger(CreditRecords.class);

    /**
     * A confirmed false commitment.
     *
     * @param caseId      the COMMITMENT_MISMATCH case the bureau answered: one record per case
     * @param taskId      the verification task whose MISMATCH result opened the case
     * @param decisionId  the grant made on the commitment
     * @param finding     what the department found (the task's summary, as the bureau confirmed it)
     * @param bureauLetter the bureau's answer (函复) as the case keeps it: outcome, text, rectifyBy…
     * @param confirmedAt when the bureau's answer confirmed it
     */
    public record CreditRecord(UUID caseId, UUID taskId, UUID decisionId, String documentNumber, String matterCode,
            String matterName, String partyName, String partyUscc, String partyIdNumber, String finding,
            Map<String, Object> bureauLetter, Instant confirmedAt) {

        public CreditRecord {
            Objects.requireNonNull(caseId, "caseId");
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(decisionId, "decisionId");
            Objects.requireNonNull(confirmedAt, "confirmedAt");
        }
    }

    private final JdbcTemplate jdbc;
    private final Notices notices;
    private final Json json;
    private final Clock clock;

    public CreditRecords(JdbcTemplate jdbc, Notices notices, Json json, Clock clock) {
        this.jdbc = jdbc;
        this.notices = notices;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Publishes the record in the caller's transaction (it must have one: the record and its message commit or roll
     * back with the answer that confirmed it). Returns false when this case's record was published already.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean publish(CreditRecord r) {
        Map<String, Object> body = body(r);
        int kept = jdbc.update("""
                insert into credit_record (id, case_id, decision_id, body, created_at)
                values (?, ?, ?, ?::jsonb, ?) on conflict (case_id) do nothing""", UUID.randomUUID(), r.caseId(),
                r.decisionId(), json.write(body), Timestamp.from(clock.instant()));
        if (kept == 0) {
            log.info("Credit record of case {} was published already; not again", r.caseId());
            return false;
        }
        List<UUID> lineage = jdbc.queryForList("select lineage_id from decision where id = ?", UUID.class,
                r.decisionId());
        // the decision's lineage groups the message like the decision's own; a decision the hub does not hold (none
        // today) is grouped by its case
        UUID lineageId = lineage.isEmpty() ? r.caseId() : lineage.get(0);
        notices.send(Notices.Notice.toAddress(Queues.CREDIT, MESSAGE_TYPE, "case", r.caseId(), lineageId,
                "credit:" + r.caseId(), body));
        log.info("Credit record of case {} (decision {}) published to {}", r.caseId(), r.decisionId(), Queues.CREDIT);
        return true;
    }

    /** The message body of {@code mappings/schemas/credit-record.schema.json}. */
    static Map<String, Object> body(CreditRecord r) {
        Map<String, Object> party = new LinkedHashMap<>();
        party.put("name", r.partyName());
        if (r.partyUscc() != null && !r.partyUscc().isBlank()) {
            party.put("uscc", r.partyUscc());
        } else if (r.partyIdNumber() != null && !r.partyIdNumber().isBlank()) {
            party.put("idNumber", IdNumber.mask(r.partyIdNumber()));
        }
        Map<String, Object> matter = new LinkedHashMap<>();
        matter.put("code", r.matterCode());
        if (r.matterName() != null) {
            matter.put("name", r.matterName());
        }
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("decisionId", r.decisionId().toString());
        decision.put("documentNumber", r.documentNumber());
        decision.put("matter", matter);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messageType", MESSAGE_TYPE);
        body.put("schemaVersion", 1);
        body.put("caseId", r.caseId().toString());
        body.put("taskId", r.taskId().toString());
        body.put("party", party);
        body.put("decision", decision);
        body.put("finding", r.finding());
        body.put("letter", r.bureauLetter() == null ? Map.of() : r.bureauLetter());
        body.put("confirmedAt", BeijingTime.of(r.confirmedAt()).toString());
        return body;
    }
}
