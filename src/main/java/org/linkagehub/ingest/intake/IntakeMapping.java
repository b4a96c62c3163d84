package org.linkagehub.ingest.intake;

import org.linkagehub.canonical.MalformedPayloadException;
import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.canonical.MappingEngine;
import org.springframework.stereotype.Component;

/**
 * Reads a payload's records with the mapping its source names ({@code mappings/sources/<source>.yaml}), the one
 * in force now: every decision and quarantine entry made of the payload names that mapping, also when a reload
 * happens meanwhile. A payload that cannot be read at all is marked malformed: it has no records, and its one chunk quarantines it
 * whole.
 */
@Component
public class IntakeMapping {

    private final MappingCatalog mappings;
    private final MappingEngine engine;

    IntakeMapping(MappingCatalog mappings, MappingEngine engine) {
        this.mappings = mappings;
        this.engine = engine;
    }

    public IntakeBatch read(IntakeBatch batch) {
        MappingCatalog.InForce inForce = mappings.inForce(batch.input().source());
        try {
            batch.read(inForce, engine.records(inForce.mapping(), batch.input().body()));
        } catch (MalformedPayloadException e) {
            batch.unreadable(inForce, e.reason());
        }
        return batch;
    }
}
