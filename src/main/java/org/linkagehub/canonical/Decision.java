package org.linkagehub.canonical;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The canonical approval decision (行政许可决定), as published in {@code mappings/schemas/decision.schema.json}.
 * Each version of a licence's history is its own decision sharing a {@code lineageId}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"decisionId", "lineageId", "version", "documentNumber", "decisionType", "decisionDate", "matter",
    "subject", "licence", "commitment", "supersedes", "issuingAuthority", "historical", "source"})
public record Decision(String decisionId, String lineageId, Integer version, String documentNumber,
        DecisionType decisionType, LocalDate decisionDate, Matter matter, Subject subject, Licence licence,
        Boolean commitment, String supersedes, Authority issuingAuthority, Boolean historical, Source source) {

    public Decision withIdentity(String decisionId, String lineageId, int version) {
        return new Decision(decisionId, lineageId, version, documentNumber, decisionType, decisionDate, matter,
                subject, licence, commitment, supersedes, issuingAuthority, historical, source);
    }

    public Decision withType(DecisionType type) {
        return new Decision(decisionId, lineageId, version, documentNumber, type, decisionDate, matter, subject,
                licence, commitment, supersedes, issuingAuthority, historical, source);
    }

    public Decision withSupersedes(String previous) {
        return new Decision(decisionId, lineageId, version, documentNumber, decisionType, decisionDate, matter,
                subject, licence, commitment, previous, issuingAuthority, historical, source);
    }

    /** Taken in by a history import: stored and delivered marked historical, with no deadlines. */
    public Decision asHistorical() {
        return new Decision(decisionId, lineageId, version, documentNumber, decisionType, decisionDate, matter,
                subject, licence, commitment, supersedes, issuingAuthority, true, source);
    }

    /** The fact itself, without the hub's identity and the source's metadata: equal facts are duplicates. */
    public Decision fact() {
        return new Decision(null, null, null, documentNumber, decisionType, decisionDate, matter, subject, licence,
                commitment, supersedes, issuingAuthority, null, null);
    }

    public enum DecisionType {
        GRANT, DENY, CHANGE, RENEW, REVOKE, CANCEL;

        /** Only granted (and later changed) licences are supervised; a refusal is recorded, not routed. */
        public boolean supervised() {
            return this != DENY;
        }
    }

    public enum SubjectCategory {
        ORGANIZATION, PERSON, INDIVIDUAL_BUSINESS
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Matter(String code, String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Subject(SubjectCategory category, String name, String uscc, String idNumber) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Licence(String name, String number, LocalDate validFrom, LocalDate validTo) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Authority(String name, String uscc) {
    }

    /**
     * Where a decision came from.
     *
     * @param system the source system its mapping declares ({@code source:} of {@code mappings/sources/*.yaml},
     *               e.g. {@code OA}); data, not a list in Java, so a new platform needs no code
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String system, String recordId, OffsetDateTime receivedAt) {
    }
}
