package org.linkagehub.ingest;

import java.util.Map;

import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.platform.AuditLog;
import org.linkagehub.platform.ConfigFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An operator's reload of the source mappings, for the API and the console alike: the catalog reads and checks
 * every file again, and the change is audited with each mapping's file, version and sha256 before and after.
 */
@Component
public class MappingReloader {

    private static final Logger log = LoggerFactory.getLogger(MappingReloader.class);

    private final MappingCatalog catalog;
    private final AuditLog audit;

    public MappingReloader(MappingCatalog catalog, AuditLog audit) {
        this.catalog = catalog;
        this.audit = audit;
    }

    /**
     * @return the mappings in force afterwards
     * @throws ConfigFileException naming the broken file and line (also logged); nothing changes then
     */
    public Map<String, MappingCatalog.Loaded> reload(String actor) {
        Map<String, MappingCatalog.Loaded> before = catalog.loaded();
        Map<String, MappingCatalog.Loaded> after;
        try {
            after = catalog.reload();
        } catch (ConfigFileException e) {
            log.warn("Mapping reload by {} refused, the mappings in force stay: {}", actor, e.getMessage());
            throw e;
        }
        audit.record(actor, "mappings.reload", "mappings/sources", before, after);
        after.forEach((name, now) -> {
            MappingCatalog.Loaded was = before.get(name);
            if (was == null || !was.sha256().equals(now.sha256())) {
                log.info("Mapping {} version {} from {} in force, reloaded by {}", name, now.version(), now.file(),
                        actor);
            }
        });
        return after;
    }
}
