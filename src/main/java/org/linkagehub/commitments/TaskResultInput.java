package org.linkagehub.commitments;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.StrictInput;

/**
 * The one reading of a task's result body ({@code {"result":"VERIFIED"}} or {@code {"result":"MISMATCH",
 * "summary":"…"}}), shared by the API and the console so a result is refused for the same reasons wherever it comes
 * from.
 */
public final class TaskResultInput {

    /** The longest summary of a mismatch: a paragraph of findings, not a file. */
    public static final int MAX_SUMMARY = 4000;

    private TaskResultInput() {
    }

    /** The result read, or the reasons it is refused (then {@code result} may be null). */
    public record Reading(TaskService.Result result, String summary, List<Reason> reasons) {
    }

    public static Reading read(JsonNode tree) {
        List<Reason> reasons = new ArrayList<>();
        TaskService.Result result = null;
        String summary = null;
        if (!tree.isObject()) {
            reasons.add(Reason.of("$", null, "malformed", "a JSON object"));
            return new Reading(null, null, reasons);
        }
        JsonNode r = tree.get("result");
        try {
            result = r != null && r.isTextual() ? TaskService.Result.valueOf(r.asText()) : null;
        } catch (IllegalArgumentException e) {
            result = null;
        }
        if (result == null) {
            reasons.add(Reason.of("result", r == null ? null : r.asText(), "one-of", "VERIFIED or MISMATCH"));
        }
        JsonNode s = tree.get("summary");
        if (s != null && !s.isNull()) {
            if (!s.isTextual()) {
                reasons.add(Reason.of("summary", s.toString(), "type", "text"));
            } else {
                summary = s.asText().strip();
                StrictInput.textProblem("summary", summary, MAX_SUMMARY, false).ifPresent(reasons::add);
            }
        }
        if (result == TaskService.Result.MISMATCH && (summary == null || summary.isEmpty())) {
            reasons.add(Reason.of("summary", null, "required", "a mismatch says what did not match"));
        }
        return new Reading(result, summary, reasons);
    }
}
