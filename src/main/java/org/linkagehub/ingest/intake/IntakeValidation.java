package org.linkagehub.ingest.intake;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.Decision;
import org.linkagehub.canonical.Excuses;
import org.linkagehub.canonical.MappingEngine;
import org.linkagehub.canonical.MappingResult;
import org.linkagehub.ingest.IntakeProperties;
import org.linkagehub.platform.BeijingTime;
import org.springframework.stereotype.Component;

/**
 * Makes each record a canonical decision and checks it against the schema and the hub's rules
 * ({@link MappingEngine#map}): valid, skipped (not a decision to keep) or every reason it is not valid. A valid
 * decision dated before go-live ({@code linkage.intake.history-cut-over}) is taken in as historical.
 */
@Component
public class IntakeValidation {

    private final MappingEngine engine;
    private final Excuses excuses;
    private final IntakeProperties properties;

    IntakeValidation(MappingEngine engine, Excuses excuses, IntakeProperties properties) {
        this.engine = engine;
        this.excuses = excuses;
        this.properties = properties;
    }

    public IntakeBatch validate(IntakeBatch batch) {
        OffsetDateTime receivedAt = BeijingTime.of(batch.input().receivedAt());
        List<JsonNode> records = batch.records();
        List<MappingResult> results = new ArrayList<>(records.size());
        List<Decision> candidates = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            MappingResult result = engine.map(batch.mapping(), record, receivedAt, excuses);
            results.add(result);
            Decision decision = null;
            if (result.valid()) {
                decision = result.decision();
                if (properties.historical(decision.decisionDate())) {
                    decision = decision.asHistorical();
                }
            }
            candidates.add(decision);
        }
        batch.validated(results, candidates);
        return batch;
    }
}
