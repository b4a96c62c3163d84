package org.linkagehub.deadlines;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code linkage.deadlines.*}: the default time limits, when to warn, and how the scanner works. Per-matter and
 * per-department limits normally live in {@code mappings/routing/deadlines.yaml}; the {@code matters} and
 * {@code departments} maps here override that file (drills, tests), e.g.
 * {@code linkage.deadlines.matters[640200-SPJ-WJ-0210].sign-within=PT20S}.
 *
 * @param signWithin   sign for a delivery within this ({@code 1wd}, or an ISO-8601 duration like {@code PT20S})
 * @param startWithin  start supervision within this
 * @param warnFraction for duration limits only: warn once this share of the time has elapsed (working-day
 *                     limits warn one working day before)
 * @param batchSize    deliveries the scanner handles in one transaction
 */
@ConfigurationProperties("linkage.deadlines")
public record DeadlineProperties(@DefaultValue("1wd") String signWithin, @DefaultValue("3wd") String startWithin,
        @DefaultValue("0.8") double warnFraction, @DefaultValue("500") int batchSize,
        Map<String, Limits> matters, Map<String, Limits> departments) {

    public DeadlineProperties {
        matters = matters == null ? Map.of() : Map.copyOf(matters);
        departments = departments == null ? Map.of() : Map.copyOf(departments);
    }

    /** Either limit may be absent: it is then taken from the next, less specific level. */
    public record Limits(String signWithin, String startWithin) {
    }
}
