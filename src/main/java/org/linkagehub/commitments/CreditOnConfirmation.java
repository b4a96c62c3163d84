package org.linkagehub.commitments;

import java.util.Map;

import org.linkagehub.cases.FalseCommitments;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A false commitment the bureau confirmed (RECTIFY or WILL_REVOKE to a COMMITMENT_MISMATCH case) becomes one credit
 * record, in the transaction of that answer. The party and the matter come from the decision as it was granted
 * (read-only: the canonical feature owns {@code decision}).
 */
@Component
class CreditOnConfirmation implements FalseCommitments {

    private final CreditRecords credit;
    private final JdbcTemplate jdbc;

    CreditOnConfirmation(CreditRecords credit, JdbcTemplate jdbc) {
        this.credit = credit;
        this.jdbc = jdbc;
    }

    @Override
    public void confirmed(Confirmed c) {
        if (c.taskId() == null || c.decisionId() == null) {
            return; // a mismatch case always has both; nothing to record without them
        }
        Map<String, Object> d = jdbc.queryForMap("""
                select document_number, payload->'matter'->>'code' as matter_code,
                       payload->'matter'->>'name' as matter_name, payload->'subject'->>'name' as party_name,
                       payload->'subject'->>'uscc' as party_uscc, payload->'subject'->>'idNumber' as party_id_number
                from decision where id = ?""", c.decisionId());
        Map<String, Object> letter = c.letter() == null ? null : Map.of("documentNumber",
                String.valueOf(c.letter().documentNumber()), "date", String.valueOf(c.letter().date()),
                "signer", String.valueOf(c.letter().signer()), "outcome", c.outcome().name());
        credit.publish(new CreditRecords.CreditRecord(c.caseId(), c.taskId(), c.decisionId(),
                (String) d.get("document_number"), (String) d.get("matter_code"), (String) d.get("matter_name"),
                (String) d.get("party_name"), (String) d.get("party_uscc"), (String) d.get("party_id_number"),
                c.finding(), letter, c.at()));
    }
}
