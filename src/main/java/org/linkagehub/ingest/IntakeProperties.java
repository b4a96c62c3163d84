package org.linkagehub.ingest;

import java.time.LocalDate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How payloads become decisions.
 *
 * @param historyCutOver go-live: decisions dated before this day are history — stored and delivered marked
 *                       {@code historical}, with no deadlines (a first poll can bring years of them); unset = none
 * @param chunkSize      records of one payload written per transaction (a hall page, a batch of view rows); a
 *                       failing chunk is retried record by record, so one bad record never holds back the rest
 */
@ConfigurationProperties("linkage.intake")
public record IntakeProperties(LocalDate historyCutOver, Integer chunkSize) {

    public IntakeProperties {
        chunkSize = chunkSize == null || chunkSize < 1 ? 200 : chunkSize;
    }

    public boolean historical(LocalDate decisionDate) {
        return historyCutOver != null && decisionDate != null && decisionDate.isBefore(historyCutOver);
    }
}
