package org.linkagehub.deadlines;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.ConfigFileException;
import org.linkagehub.platform.ConfigFiles;
import org.springframework.core.io.Resource;

/**
 * The per-matter and per-department time limits of {@code mappings/routing/deadlines.yaml}, merged with the
 * {@code linkage.deadlines.matters.*} / {@code .departments.*} properties (a property wins over the file).
 * Every limit is parsed when loaded and every department must be in the registry, so a typo fails start-up
 * with the file and the line rather than silently falling back to the default.
 */
final class DeadlineOverrides {

    static final String FILE = "routing/deadlines.yaml";

    private final Map<String, DeadlineRule[]> byMatter = new HashMap<>();
    private final Map<String, DeadlineRule[]> byDepartment = new HashMap<>();
    /** {@code cases: replyWithin}: how long the bureau has to reply to a case (issue 12); null when not set. */
    final DeadlineRule caseReplyWithin;
    /** {@code commitments: verifyWithin}: how long a department has to check a commitment grant; null when not set. */
    final DeadlineRule commitmentVerifyWithin;

    DeadlineOverrides(ConfigFiles files, DepartmentRegistry departments, DeadlineProperties properties) {
        Resource resource = files.mapping(FILE);
        Doc doc = files.read(resource, Doc.class);
        this.caseReplyWithin = rule(resource, "cases.replyWithin",
                doc.cases() == null ? null : doc.cases().replyWithin());
        this.commitmentVerifyWithin = rule(resource, "commitments.verifyWithin",
                doc.commitments() == null ? null : doc.commitments().verifyWithin());
        for (Entry e : doc.matters() == null ? List.<Entry>of() : doc.matters()) {
            String where = ConfigFiles.describe(resource) + files.lineOf(resource, String.valueOf(e.matter()));
            if (e.matter() == null || e.department() != null) {
                throw new ConfigFileException(where + ": an entry under matters names one 'matter' and no department");
            }
            put(byMatter, e.matter(), e.signWithin(), e.startWithin(), where);
        }
        for (Entry e : doc.departments() == null ? List.<Entry>of() : doc.departments()) {
            String where = ConfigFiles.describe(resource) + files.lineOf(resource, String.valueOf(e.department()));
            if (e.department() == null || e.matter() != null) {
                throw new ConfigFileException(where + ": an entry under departments names one 'department' and no matter");
            }
            put(byDepartment, department(departments, e.department(), where), e.signWithin(), e.startWithin(), where);
        }
        properties.matters().forEach((code, l) -> put(byMatter, code, l.signWithin(), l.startWithin(),
                "linkage.deadlines.matters." + code));
        properties.departments().forEach((code, l) -> {
            String where = "linkage.deadlines.departments." + code;
            put(byDepartment, department(departments, code, where), l.signWithin(), l.startWithin(), where);
        });
    }

    /** The limit that applies: the matter's, else the department's, else the default. */
    DeadlineRule pick(DeadlineKind kind, String matter, String department, DeadlineRule fallback) {
        DeadlineRule rule = at(byMatter.get(matter), kind);
        if (rule == null) {
            rule = at(byDepartment.get(department == null ? null : department.toUpperCase(Locale.ROOT)), kind);
        }
        return rule == null ? fallback : rule;
    }

    private static DeadlineRule at(DeadlineRule[] rules, DeadlineKind kind) {
        return rules == null ? null : rules[kind.ordinal()];
    }

    private static String department(DepartmentRegistry departments, String code, String where) {
        return departments.find(code).orElseThrow(() -> new ConfigFileException(where + ": department '" + code
                + "' is not in mappings/routing/departments.yaml")).code();
    }

    private static void put(Map<String, DeadlineRule[]> into, String key, String sign, String start, String where) {
        if (sign == null && start == null) {
            throw new ConfigFileException(where + ": " + key + " sets neither signWithin nor startWithin");
        }
        DeadlineRule[] rules = into.computeIfAbsent(key, k -> new DeadlineRule[DeadlineKind.values().length]);
        if (sign != null) {
            rules[DeadlineKind.SIGN.ordinal()] = parse(sign, where);
        }
        if (start != null) {
            rules[DeadlineKind.START.ordinal()] = parse(start, where);
        }
    }

    private static DeadlineRule parse(String text, String where) {
        try {
            return DeadlineRule.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigFileException(where + ": " + e.getMessage(), e);
        }
    }

    private static DeadlineRule rule(Resource resource, String key, String value) {
        try {
            return value == null ? null : DeadlineRule.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigFileException(ConfigFiles.describe(resource) + ": " + key + ": " + e.getMessage(), e);
        }
    }

    record Doc(@JsonProperty(required = true) String version, List<Entry> matters, List<Entry> departments,
            Cases cases, Commitments commitments) {
    }

    record Cases(String replyWithin) {
    }

    record Commitments(String verifyWithin) {
    }

    record Entry(String matter, String department, String signWithin, String startWithin) {
    }
}
