package org.linkagehub.console;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The console's case form, as a browser-only department fills it in: every field of every case type, flat, as
 * the form posts them. {@link #body} turns it into the JSON that {@code POST /api/v1/cases} takes, with only the
 * fields filled in, so the cases feature stores it raw and validates it exactly as it does an API or queue case
 * (a missing or wrong field comes back as a reason, never as a silent default). The department is not a field:
 * the console files as the logged-in user's department.
 */
record CaseForm(String type, String caseRef, String summary, String decisionDocumentNumber, String requestedAction,
        String letterDocumentNumber, String letterDate, String letterSigner, String penaltyDocumentNumber,
        String penaltyDecisionDate, String penaltyCategory, String fineAmount, String fineUnit, String penaltyBasis,
        String subjectName, String subjectUscc, String subjectIdNumber, String finding, String foundOn) {

    /** The case as the API's JSON body. */
    ObjectNode body(ObjectMapper mapper) {
        ObjectNode body = mapper.createObjectNode();
        put(body, "caseRef", caseRef);
        put(body, "type", type);
        put(body, "summary", summary);
        put(body, "documentNumber", decisionDocumentNumber);
        put(body, "requestedAction", requestedAction);
        ObjectNode letter = mapper.createObjectNode();
        put(letter, "documentNumber", letterDocumentNumber);
        put(letter, "date", letterDate);
        put(letter, "signer", letterSigner);
        attach(body, "letter", letter);
        ObjectNode penalty = mapper.createObjectNode();
        put(penalty, "documentNumber", penaltyDocumentNumber);
        put(penalty, "decisionDate", penaltyDecisionDate);
        put(penalty, "category", penaltyCategory);
        ObjectNode fine = mapper.createObjectNode();
        if (!blank(fineAmount)) {
            amount(fine, fineAmount.strip());
        }
        if (!fine.isEmpty()) {
            put(fine, "unit", fineUnit);
        }
        attach(penalty, "fine", fine);
        put(penalty, "basis", penaltyBasis);
        attach(body, "penalty", penalty);
        ObjectNode subject = mapper.createObjectNode();
        put(subject, "name", subjectName);
        put(subject, "uscc", subjectUscc);
        put(subject, "idNumber", subjectIdNumber);
        attach(body, "subject", subject);
        put(body, "finding", finding);
        put(body, "foundOn", foundOn);
        return body;
    }

    /** The fine as a number; text that is not one is passed on as text, for the validation to name. */
    private static void amount(ObjectNode fine, String amount) {
        try {
            fine.put("amount", new BigDecimal(amount));
        } catch (NumberFormatException e) {
            fine.put("amount", amount);
        }
    }

    private static void put(ObjectNode node, String field, String value) {
        if (!blank(value)) {
            node.put(field, value.strip());
        }
    }

    private static void attach(ObjectNode node, String field, ObjectNode child) {
        if (!child.isEmpty()) {
            node.set(field, child);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
