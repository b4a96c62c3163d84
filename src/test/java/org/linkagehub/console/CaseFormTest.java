package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The console's case form becomes the API's JSON body: only what was filled in, nested as the API nests it. */
class CaseFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anErroneousApprovalCarriesItsDecisionActionAndLetterAndNothingElse() {
        CaseForm form = new CaseForm("ERRONEOUS_APPROVAL", " ZJ-HG-1 ", "不符合条件", "石审批许〔2026〕56号", "REVOKE",
                "石建函〔2026〕12号", "2026-12-01", "李局长", "", "", "", "", "YUAN", "", "", "", "", "", "");
        assertThat(form.body(JSON).toString()).isEqualTo("{\"caseRef\":\"ZJ-HG-1\",\"type\":\"ERRONEOUS_APPROVAL\","
                + "\"summary\":\"不符合条件\",\"documentNumber\":\"石审批许〔2026〕56号\",\"requestedAction\":\"REVOKE\","
                + "\"letter\":{\"documentNumber\":\"石建函〔2026〕12号\",\"date\":\"2026-12-01\",\"signer\":\"李局长\"}}");
    }

    @Test
    void aPenaltyNestsItsFineAsANumberAndPassesBadAmountsOnForTheValidationToName() {
        CaseForm form = new CaseForm("PENALTY_DECISION", "ZJ-CF-1", "罚款", null, null, null, null, null, "石建罚〔2026〕3号",
                "2026-11-30", "罚款", "2.5", "WAN_YUAN", "《建筑法》第六十四条", "宁夏星光置业有限公司", "91640205MA7K8L9M0M",
                null, null, null);
        assertThat(form.body(JSON).path("penalty").toString()).isEqualTo("{\"documentNumber\":\"石建罚〔2026〕3号\","
                + "\"decisionDate\":\"2026-11-30\",\"category\":\"罚款\",\"fine\":{\"amount\":2.5,\"unit\":\"WAN_YUAN\"},"
                + "\"basis\":\"《建筑法》第六十四条\"}");
        assertThat(form.body(JSON).path("subject").toString())
                .isEqualTo("{\"name\":\"宁夏星光置业有限公司\",\"uscc\":\"91640205MA7K8L9M0M\"}");
        CaseForm typo = new CaseForm("PENALTY_DECISION", "ZJ-CF-2", "罚款", null, null, null, null, null, null, null, null,
                "两万", "YUAN", null, null, null, null, null, null);
        assertThat(typo.body(JSON).path("penalty").path("fine").path("amount").asText()).isEqualTo("两万");
    }

    @Test
    void noFineMeansNoUnitEither() {
        CaseForm form = new CaseForm("VIOLATION_FOUND", "ZJ-WF-1", "无证施工", null, null, null, null, null, null, null,
                null, " ", "YUAN", null, null, null, null, "现场无施工许可", "2026-11-28");
        assertThat(form.body(JSON).has("penalty")).isFalse();
        assertThat(form.body(JSON).path("finding").asText()).isEqualTo("现场无施工许可");
    }
}
