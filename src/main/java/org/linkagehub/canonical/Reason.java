package org.linkagehub.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why an input cannot become a valid, routed decision: which field, which value, which rule.
 *
 * @param rule a stable key operators filter by, e.g. {@code missing}, {@code uscc-checksum},
 *             {@code unknown-code}, {@code malformed}, {@code no-route}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reason(String field, String value, String rule, String message) {

    public static Reason of(String field, String value, String rule, String message) {
        return new Reason(field, value, rule, message);
    }
}
