package org.linkagehub.visits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code linkage.return-visits.*}.
 *
 * @param after         a delivered decision is to be visited when its supervision has not started this long after
 *                      its delivery: N working days on the hub's calendar ({@code 10wd}) or, for drills and tests, an
 *                      ISO-8601 duration ({@code PT10S}), as the limits of {@code mappings/routing/deadlines.yaml}
 * @param samplePercent of the other delivered decisions of a month, this share (0–100, two decimals count) is visited
 *                      as a sample; which ones depends on the decision and the month alone ({@link VisitSample})
 */
@ConfigurationProperties("linkage.return-visits")
public record ReturnVisitProperties(@DefaultValue("10wd") String after, @DefaultValue("5") double samplePercent) {

    public ReturnVisitProperties {
        if (!(samplePercent >= 0 && samplePercent <= 100)) {
            throw new IllegalArgumentException("linkage.return-visits.sample-percent must be between 0 and 100: "
                    + samplePercent);
        }
    }
}
