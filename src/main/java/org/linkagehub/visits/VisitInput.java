package org.linkagehub.visits;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.StrictInput;

/**
 * Checks a visit as the bureau records it and names every problem (field, value, rule); nothing is defaulted. An
 * unknown field is refused too: a misspelt {@code followup} would otherwise drop the bureau's follow-up unseen. The
 * contact is a person's name and telephone: no reason repeats it.
 */
final class VisitInput {

    static final int MAX_CONTACT = 200;
    static final int MAX_TEXT = 4000;
    static final Set<String> FIELDS = Set.of("decisionId", "visitedOn", "contact", "finding", "followUp");

    private VisitInput() {
    }

    record Checked(UUID decisionId, LocalDate visitedOn, String contact, String finding, String followUp) {
    }

    record Result(Checked checked, List<Reason> reasons) {
        boolean valid() {
            return reasons.isEmpty();
        }
    }

    /** {@code today} is the Beijing date of the recording: a visit cannot have happened after it. */
    static Result check(JsonNode body, LocalDate today) {
        List<Reason> reasons = new ArrayList<>();
        if (body == null || !body.isObject()) {
            reasons.add(Reason.of("$", null, "malformed", "the visit must be a JSON object"));
            return new Result(null, reasons);
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                reasons.add(Reason.of(StrictInput.shown(name), null, "unknown-field",
                        "a visit has decisionId, visitedOn, contact, finding and followUp"));
            }
        }
        String id = text(body, "decisionId", 64, true, false, reasons);
        UUID decisionId = null;
        if (id != null) {
            try {
                decisionId = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                reasons.add(Reason.of("decisionId", StrictInput.shown(id), "malformed", "a decision id is a UUID"));
            }
        }
        String date = text(body, "visitedOn", 32, true, false, reasons);
        LocalDate visitedOn = null;
        if (date != null) {
            try {
                visitedOn = LocalDate.parse(date);
                if (visitedOn.isAfter(today)) {
                    reasons.add(Reason.of("visitedOn", date, "in-the-future",
                            "a visit is recorded once made: on or before " + today));
                    visitedOn = null;
                }
            } catch (DateTimeParseException e) {
                reasons.add(Reason.of("visitedOn", StrictInput.shown(date), "malformed", "a date, yyyy-MM-dd"));
            }
        }
        String contact = text(body, "contact", MAX_CONTACT, true, true, reasons);
        String finding = text(body, "finding", MAX_TEXT, true, false, reasons);
        String followUp = text(body, "followUp", MAX_TEXT, false, false, reasons);
        if (!reasons.isEmpty()) {
            return new Result(null, reasons);
        }
        return new Result(new Checked(decisionId, visitedOn, contact, finding, followUp), reasons);
    }

    private static String text(JsonNode node, String field, int max, boolean required, boolean personal,
            List<Reason> reasons) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            if (required) {
                reasons.add(Reason.of(field, null, "missing", "required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            reasons.add(Reason.of(field, personal ? null : StrictInput.shown(v.toString()), "malformed", "text"));
            return null;
        }
        Optional<Reason> problem = StrictInput.textProblem(field, v.asText(), max, personal);
        if (problem.isPresent()) {
            reasons.add(problem.get());
            return null;
        }
        return v.asText().strip();
    }
}
