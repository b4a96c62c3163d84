package org.linkagehub.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.canonical.Reason;

class CaseValidatorTest {

    final ObjectMapper mapper = new ObjectMapper();

    CaseValidator.Result check(String json) throws Exception {
        return CaseValidator.check(mapper.readTree(json));
    }

    @Test
    void anErroneousApprovalNeedsTheDecisionTheActionAndTheLetter() throws Exception {
        var r = check("{\"caseRef\":\"A1\",\"type\":\"ERRONEOUS_APPROVAL\",\"summary\":\"s\",\"requestedAction\":\"UNDO\"}");
        assertThat(r.valid()).isFalse();
        assertThat(r.reasons()).extracting(Reason::field).contains("documentNumber", "requestedAction", "letter");
        var ok = check("""
                {"caseRef":"A1","type":"ERRONEOUS_APPROVAL","summary":"s","documentNumber":"X1","requestedAction":"REVOKE",
                 "letter":{"documentNumber":"L1","date":"2026-12-01","signer":"李"}}""");
        assertThat(ok.reasons()).isEmpty();
        assertThat(ok.checked().letter()).isEqualTo(new Letter("L1", "2026-12-01", "李"));
    }

    @Test
    void aPenaltyIsCheckedFieldByFieldWithTheCanonicalChecksums() throws Exception {
        var r = check("""
                {"caseRef":"P1","type":"PENALTY_DECISION","summary":"s",
                 "penalty":{"documentNumber":"F1","decisionDate":"2026-12-01","category":"罚款","fine":{"amount":"x","unit":"YUAN"},"basis":"b"},
                 "subject":{"name":"n","idNumber":"640202199001011234"}}""");
        assertThat(r.reasons()).extracting(Reason::rule).contains("malformed", "id-checksum");
        assertThat(r.reasons()).extracting(Reason::value).doesNotContain("640202199001011234");
    }

    @Test
    void aReplyRejectedNeedsAReason() {
        CaseType erroneous = CaseType.ERRONEOUS_APPROVAL;
        java.time.LocalDate today = java.time.LocalDate.of(2026, 12, 2);
        assertThat(CaseValidator.checkReply(erroneous, "REJECTED", null, null, null, today)).extracting(Reason::field)
                .containsExactly("reason");
        assertThat(CaseValidator.checkReply(erroneous, "MAYBE", null, null, null, today)).extracting(Reason::rule)
                .containsExactly("unknown-code");
        assertThat(CaseValidator.checkReply(erroneous, "NOTED", null, null, null, today)).isEmpty();
        assertThat(CaseValidator.checkReply(erroneous, "RECTIFY", null, null, "2026-12-20", today))
                .extracting(Reason::rule).containsExactly("not-for-type");
        // a commitment mismatch: RECTIFY with a date to rectify by (today or later), WILL_REVOKE, REJECTED; no NOTED
        CaseType mismatch = CaseType.COMMITMENT_MISMATCH;
        assertThat(CaseValidator.checkReply(mismatch, "RECTIFY", null, null, "2026-12-20", today)).isEmpty();
        assertThat(CaseValidator.checkReply(mismatch, "RECTIFY", null, null, null, today)).extracting(Reason::rule)
                .containsExactly("missing");
        assertThat(CaseValidator.checkReply(mismatch, "RECTIFY", null, null, "2026-12-01", today))
                .extracting(Reason::rule).containsExactly("in-the-past");
        assertThat(CaseValidator.checkReply(mismatch, "RECTIFY", null, null, "20.12.2026", today))
                .extracting(Reason::rule).containsExactly("malformed");
        assertThat(CaseValidator.checkReply(mismatch, "NOTED", null, null, null, today)).extracting(Reason::rule)
                .containsExactly("not-for-type");
        assertThat(CaseValidator.checkReply(mismatch, "WILL_REVOKE", null, null, null, today)).isEmpty();
    }

    @Test
    void aPromiseIsKeptOnlyByTheDecisionThatDoesIt() {
        assertThat(Outcome.WILL_TERMINATE.keptBy(org.linkagehub.canonical.Decision.DecisionType.CANCEL)).isTrue();
        assertThat(Outcome.WILL_REVOKE.keptBy(org.linkagehub.canonical.Decision.DecisionType.CHANGE)).isFalse();
        assertThat(Outcome.NOTED.promises()).isFalse();
    }
}
