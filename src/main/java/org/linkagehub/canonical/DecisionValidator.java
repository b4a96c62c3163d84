package org.linkagehub.canonical;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The canonical rules every source's decision must pass, whichever platform it came from. Each failure
 * is a {@link Reason}; all of them are reported, so one replay after a fix is enough.
 */
@Component
public class DecisionValidator {

    private final DecisionDateWindow window;
    private final Clock clock;

    /** With the default date window ({@link DecisionDateWindow#DEFAULT}) on the system clock: dry runs, tests. */
    public DecisionValidator() {
        this(DecisionDateWindow.DEFAULT, Clock.systemUTC());
    }

    @Autowired
    public DecisionValidator(DecisionDateWindow window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    public List<Reason> validate(Decision d) {
        List<Reason> reasons = new ArrayList<>();
        required(reasons, "documentNumber", d.documentNumber());
        required(reasons, "decisionType", d.decisionType());
        required(reasons, "decisionDate", d.decisionDate());
        window.problem(d.decisionDate(), clock).ifPresent(reasons::add);
        required(reasons, "matter.code", d.matter() == null ? null : d.matter().code());
        Decision.Subject subject = d.subject();
        required(reasons, "subject.name", subject == null ? null : subject.name());
        String uscc = subject == null ? null : subject.uscc();
        String idNumber = subject == null ? null : subject.idNumber();
        if (uscc == null && idNumber == null) {
            reasons.add(Reason.of("subject.uscc", null, "missing",
                    "the applicant needs a USCC (统一社会信用代码) or an ID number"));
        }
        if (uscc != null) {
            Uscc.problem(uscc).ifPresent(p -> reasons.add(Reason.of("subject.uscc", uscc, "uscc-checksum", p)));
        }
        if (idNumber != null) {
            IdNumber.problem(idNumber)
                    .ifPresent(p -> reasons.add(Reason.of("subject.idNumber", IdNumber.mask(idNumber), "id-number", p)));
        }
        if (subject != null && subject.category() == Decision.SubjectCategory.PERSON && idNumber == null) {
            reasons.add(Reason.of("subject.idNumber", null, "missing", "a natural person is identified by an ID number"));
        }
        if (d.issuingAuthority() != null && d.issuingAuthority().uscc() != null) {
            String authority = d.issuingAuthority().uscc();
            Uscc.problem(authority)
                    .ifPresent(p -> reasons.add(Reason.of("issuingAuthority.uscc", authority, "uscc-checksum", p)));
        }
        if (d.matter() != null && d.matter().code() != null) {
            int length = d.matter().code().length();
            if (length < 12 || length > 50) {
                reasons.add(Reason.of("matter.code", d.matter().code(), "matter-code",
                        "a matter code (事项编码) has 12 to 50 characters, this one " + length));
            }
        }
        Decision.Licence licence = d.licence();
        if (licence != null && licence.validFrom() != null && licence.validTo() != null
                && licence.validTo().isBefore(licence.validFrom())) {
            reasons.add(Reason.of("licence.validTo", licence.validTo().toString(), "validity",
                    "the licence ends before it starts (" + licence.validFrom() + ")"));
        }
        return reasons;
    }

    private static void required(List<Reason> reasons, String field, Object value) {
        if (value == null) {
            reasons.add(Reason.of(field, null, "missing", field + " is mandatory"));
        }
    }
}
