package org.linkagehub.routing;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of the memoranda: who supervises a matter, and on whose authority. */
public record MatterRule(@JsonProperty(required = true) String code, String name,
        @JsonProperty(required = true) String primary, List<String> assist, @JsonProperty(required = true) String memo,
        LocalDate effectiveFrom, LocalDate effectiveTo) {

    public MatterRule {
        assist = assist == null ? List.of() : List.copyOf(assist);
    }

    boolean appliesOn(LocalDate date) {
        return (effectiveFrom == null || !date.isBefore(effectiveFrom))
                && (effectiveTo == null || !date.isAfter(effectiveTo));
    }
}
