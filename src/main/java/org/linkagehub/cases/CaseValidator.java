package org.linkagehub.cases;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.IdNumber;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.Uscc;

/**
 * Checks a case as filed and names every problem (field, value, rule); nothing is defaulted. The party's USCC and
 * ID number are checked with the canonical decision's checksums. A new type adds a branch to {@link #check}.
 */
public final class CaseValidator {

    static final Set<String> ACTIONS = Set.of("REVOKE", "CHANGE", "TERMINATE");
    static final Set<String> FINE_UNITS = Set.of("YUAN", "WAN_YUAN");
    static final int MAX_TEXT = 4000;
    /** A department's own id of a case, as the bureau's inbox shows it. */
    static final int MAX_CASE_REF = 64;

    private CaseValidator() {
    }

    /** What a valid case says, for the service to store. */
    public record Checked(CaseType type, String caseRef, String summary, String decisionId, String documentNumber,
            String requestedAction, Letter letter, String subjectUscc, String subjectIdNumber) {
    }

    public record Result(Checked checked, List<Reason> reasons) {
        public boolean valid() {
            return reasons.isEmpty();
        }
    }

    public static Result check(JsonNode body) {
        List<Reason> reasons = new ArrayList<>();
        if (body == null || !body.isObject()) {
            reasons.add(Reason.of("$", null, "malformed", "the case must be a JSON object"));
            return new Result(null, reasons);
        }
        String caseRef = text(body, "caseRef", reasons, true);
        if (caseRef != null && caseRef.length() > MAX_CASE_REF) {
            reasons.add(Reason.of("caseRef", caseRef.substring(0, MAX_CASE_REF), "too-long",
                    "at most " + MAX_CASE_REF + " characters"));
        }
        String typeText = text(body, "type", reasons, true);
        CaseType type = null;
        if (typeText != null) {
            type = CaseType.parse(typeText).filter(CaseType::fileable).orElse(null);
            if (type == null && CaseType.COMMITMENT_MISMATCH.name().equals(typeText)) {
                reasons.add(Reason.of("type", typeText, "not-fileable", "a commitment mismatch is reported as the "
                        + "result of its verification task: POST /api/v1/tasks/{taskId}/result"));
            } else if (type == null) {
                reasons.add(Reason.of("type", typeText, "unknown-code", "one of ERRONEOUS_APPROVAL, PENALTY_DECISION, "
                        + "VIOLATION_FOUND, MAJOR_ISSUE"));
            }
        }
        String summary = text(body, "summary", reasons, true);
        String decisionId = text(body, "decisionId", reasons, false);
        if (decisionId != null && !decisionId.matches("[0-9a-fA-F-]{36}")) {
            reasons.add(Reason.of("decisionId", decisionId, "malformed", "a decision id is a UUID"));
            decisionId = null;
        }
        String documentNumber = text(body, "documentNumber", reasons, false);
        String action = text(body, "requestedAction", reasons, false);
        Letter letter = letter(body, reasons);
        String uscc = null;
        String idNumber = null;
        JsonNode subject = body.get("subject");
        if (subject != null && !subject.isNull()) {
            if (!subject.isObject()) {
                reasons.add(Reason.of("subject", subject.toString(), "malformed", "the party is an object"));
            } else {
                text(subject, "name", "subject.name", reasons, true);
                uscc = text(subject, "uscc", "subject.uscc", reasons, false);
                idNumber = text(subject, "idNumber", "subject.idNumber", reasons, false);
                if (uscc == null && idNumber == null) {
                    reasons.add(Reason.of("subject.uscc", null, "missing", "the party's USCC or ID number"));
                }
                if (uscc != null) {
                    String u = uscc;
                    Uscc.problem(u).ifPresent(p -> reasons.add(Reason.of("subject.uscc", u, "uscc-checksum", p)));
                }
                if (idNumber != null) {
                    String masked = IdNumber.mask(idNumber);
                    IdNumber.problem(idNumber)
                            .ifPresent(p -> reasons.add(Reason.of("subject.idNumber", masked, "id-checksum", p)));
                }
            }
        }
        boolean namesDecision = decisionId != null || documentNumber != null;
        if (type != null) {
            switch (type) {
                case ERRONEOUS_APPROVAL -> {
                    if (!namesDecision) {
                        reasons.add(Reason.of("documentNumber", null, "missing",
                                "the decision: its decisionId or documentNumber"));
                    }
                    if (action == null) {
                        reasons.add(Reason.of("requestedAction", null, "missing", "REVOKE, CHANGE or TERMINATE"));
                    } else if (!ACTIONS.contains(action)) {
                        reasons.add(Reason.of("requestedAction", action, "unknown-code", "REVOKE, CHANGE or TERMINATE"));
                    }
                    if (letter == null && !body.has("letter")) {
                        reasons.add(Reason.of("letter", null, "missing",
                                "a formal letter: {documentNumber, date, signer}"));
                    }
                }
                case PENALTY_DECISION -> {
                    penalty(body, reasons);
                    if (subject == null || subject.isNull()) {
                        reasons.add(Reason.of("subject", null, "missing", "the penalised party"));
                    }
                }
                case VIOLATION_FOUND -> {
                    text(body, "finding", reasons, true);
                    date(body, "foundOn", "foundOn", reasons, true);
                    if (!namesDecision && (subject == null || subject.isNull())) {
                        reasons.add(Reason.of("documentNumber", null, "missing", "the decision or the party"));
                    }
                }
                case MAJOR_ISSUE -> {
                    // the summary says it; a decision or party may be named
                }
            }
        }
        if (!reasons.isEmpty()) {
            return new Result(null, reasons);
        }
        return new Result(new Checked(type, caseRef, summary, decisionId, documentNumber,
                type == CaseType.ERRONEOUS_APPROVAL ? action : null, letter, uscc, idNumber), reasons);
    }

    /** A reply's letter and outcome; REJECTED needs a reason. */
    public static List<Reason> checkReply(CaseType type, String outcome, Letter letter, String reason,
            String rectifyBy, java.time.LocalDate today) {
        List<Reason> reasons = new ArrayList<>();
        Outcome o = outcome == null ? null : Outcome.parse(outcome).orElse(null);
        if (o == null) {
            reasons.add(Reason.of("outcome", outcome, outcome == null ? "missing" : "unknown-code",
                    type == CaseType.COMMITMENT_MISMATCH ? "RECTIFY, WILL_REVOKE or REJECTED"
                            : "WILL_REVOKE, WILL_CHANGE, WILL_TERMINATE, REJECTED or NOTED"));
        } else if (!o.answers(type)) {
            reasons.add(Reason.of("outcome", outcome, "not-for-type", type == CaseType.COMMITMENT_MISMATCH
                    ? "a commitment mismatch is answered RECTIFY, WILL_REVOKE or REJECTED"
                    : "RECTIFY answers a commitment mismatch only"));
        }
        if (o == Outcome.RECTIFY) {
            java.time.LocalDate by = null;
            try {
                by = rectifyBy == null ? null : java.time.LocalDate.parse(rectifyBy);
            } catch (java.time.format.DateTimeParseException e) {
                reasons.add(Reason.of("rectifyBy", rectifyBy, "malformed", "a date, yyyy-MM-dd"));
            }
            if (rectifyBy == null) {
                reasons.add(Reason.of("rectifyBy", null, "missing", "RECTIFY sets the date to rectify by"));
            } else if (by != null && by.isBefore(today)) {
                reasons.add(Reason.of("rectifyBy", rectifyBy, "in-the-past", "today or later"));
            }
        }
        if (o == Outcome.REJECTED && (reason == null || reason.isBlank())) {
            reasons.add(Reason.of("reason", null, "missing", "a rejection says why"));
        }
        if (letter != null) {
            letterFields(letter, "letter", reasons);
        }
        return reasons;
    }

    private static Letter letter(JsonNode body, List<Reason> reasons) {
        JsonNode node = body.get("letter");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            reasons.add(Reason.of("letter", node.toString(), "malformed", "{documentNumber, date, signer}"));
            return null;
        }
        String number = text(node, "documentNumber", "letter.documentNumber", reasons, true);
        String date = date(node, "date", "letter.date", reasons, true);
        String signer = text(node, "signer", "letter.signer", reasons, true);
        return number == null || date == null || signer == null ? null : new Letter(number, date, signer);
    }

    private static void letterFields(Letter letter, String field, List<Reason> reasons) {
        if (blank(letter.documentNumber())) {
            reasons.add(Reason.of(field + ".documentNumber", null, "missing", "the letter's document number"));
        }
        if (blank(letter.signer())) {
            reasons.add(Reason.of(field + ".signer", null, "missing", "who signed the letter"));
        }
        if (blank(letter.date())) {
            reasons.add(Reason.of(field + ".date", null, "missing", "the letter's date, yyyy-MM-dd"));
        } else {
            try {
                LocalDate.parse(letter.date().strip());
            } catch (DateTimeParseException e) {
                reasons.add(Reason.of(field + ".date", letter.date(), "malformed", "a date, yyyy-MM-dd"));
            }
        }
    }

    private static void penalty(JsonNode body, List<Reason> reasons) {
        JsonNode p = body.get("penalty");
        if (p == null || p.isNull()) {
            reasons.add(Reason.of("penalty", null, "missing",
                    "{documentNumber, decisionDate, category, fine{amount, unit}, basis}"));
            return;
        }
        if (!p.isObject()) {
            reasons.add(Reason.of("penalty", p.toString(), "malformed", "an object"));
            return;
        }
        text(p, "documentNumber", "penalty.documentNumber", reasons, true);
        date(p, "decisionDate", "penalty.decisionDate", reasons, true);
        text(p, "category", "penalty.category", reasons, true);
        text(p, "basis", "penalty.basis", reasons, true);
        JsonNode fine = p.get("fine");
        if (fine != null && !fine.isNull()) {
            if (!fine.isObject()) {
                reasons.add(Reason.of("penalty.fine", fine.toString(), "malformed", "{amount, unit}"));
                return;
            }
            JsonNode amount = fine.get("amount");
            if (amount == null || amount.isNull()) {
                reasons.add(Reason.of("penalty.fine.amount", null, "missing", "the fine's amount"));
            } else if (!amount.isNumber() && !isDecimal(amount.asText())) {
                reasons.add(Reason.of("penalty.fine.amount", amount.asText(), "malformed", "a number"));
            } else if (new BigDecimal(amount.asText()).signum() < 0) {
                reasons.add(Reason.of("penalty.fine.amount", amount.asText(), "out-of-range", "not negative"));
            }
            String unit = text(fine, "unit", "penalty.fine.unit", reasons, true);
            if (unit != null && !FINE_UNITS.contains(unit)) {
                reasons.add(Reason.of("penalty.fine.unit", unit, "unknown-code", "YUAN or WAN_YUAN"));
            }
        }
    }

    private static boolean isDecimal(String s) {
        try {
            new BigDecimal(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String date(JsonNode node, String name, String field, List<Reason> reasons, boolean required) {
        String value = text(node, name, field, reasons, required);
        if (value == null) {
            return null;
        }
        try {
            LocalDate.parse(value);
            return value;
        } catch (DateTimeParseException e) {
            reasons.add(Reason.of(field, value, "malformed", "a date, yyyy-MM-dd"));
            return null;
        }
    }

    private static String text(JsonNode node, String name, List<Reason> reasons, boolean required) {
        return text(node, name, name, reasons, required);
    }

    private static String text(JsonNode node, String name, String field, List<Reason> reasons, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            if (required) {
                reasons.add(Reason.of(field, null, "missing", "required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            reasons.add(Reason.of(field, v.toString(), "malformed", "text"));
            return null;
        }
        String s = v.asText().strip();
        if (s.length() > MAX_TEXT) {
            reasons.add(Reason.of(field, s.substring(0, 64), "too-long", "at most " + MAX_TEXT + " characters"));
            return null;
        }
        return s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
