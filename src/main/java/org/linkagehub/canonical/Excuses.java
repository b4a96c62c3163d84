package org.linkagehub.canonical;

/**
 * Validation failures an operator has excused for a known value: real registers hold a few codes whose check
 * character is wrong, and the licence is valid all the same. Only checksum rules can be excused; a missing
 * field or an unknown code is fixed in the mapping instead.
 */
@FunctionalInterface
public interface Excuses {

    Excuses NONE = (reason, decision) -> false;

    /** @param decision the decision the reason is about, with the values in clear (reasons may mask them) */
    boolean excuse(Reason reason, Decision decision);

    static boolean excusable(Reason reason) {
        return reason.rule().equals("uscc-checksum") || reason.rule().equals("id-number");
    }

    /** The value in clear that a checksum reason is about, or null. */
    static String valueOf(Reason reason, Decision decision) {
        return switch (reason.field()) {
            case "subject.uscc" -> decision.subject() == null ? null : decision.subject().uscc();
            case "subject.idNumber" -> decision.subject() == null ? null : decision.subject().idNumber();
            case "issuingAuthority.uscc" -> decision.issuingAuthority() == null ? null : decision.issuingAuthority().uscc();
            default -> null;
        };
    }
}
