package org.linkagehub.ingest;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.platform.ConfigFileException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/v1/mappings}: the source mappings in force, an operator's audited reload after a mapping fix (new
 * input and quarantine replays then use it, no restart), and the dry run over a sample; nothing here stores input.
 */
@RestController
@Tag(name = "Mappings")
public class MappingController {

    private final MappingDryRun dryRun;
    private final MappingCatalog catalog;
    private final MappingReloader reloader;

    public MappingController(MappingDryRun dryRun, MappingCatalog catalog, MappingReloader reloader) {
        this.dryRun = dryRun;
        this.catalog = catalog;
        this.reloader = reloader;
    }

    @GetMapping("/api/v1/mappings")
    @Operation(summary = "The source mappings in force (operators, auditors)",
            description = "Per mapping name: its file (the operator's own path, or classpath: for the packaged one), "
                    + "the version its editor gave it and the sha256 of the file.")
    public Map<String, MappingCatalog.Loaded> inForce() {
        return catalog.loaded();
    }

    @PostMapping("/api/v1/mappings/reload")
    @Operation(summary = "Reload the source mappings (operators)",
            description = "Reads every mapping under mappings/sources/ again (the operator's config folder first) and "
                    + "puts them in force together. A broken file is refused with its file and line (422) and the "
                    + "mappings in force stay. Audited with what was in force before and after. Then replay the "
                    + "quarantined records the fix is for: POST /api/v1/quarantine/{id}/replay.")
    public Map<String, MappingCatalog.Loaded> reload(Authentication caller) {
        return reloader.reload(caller.getName());
    }

    @PostMapping(path = "/api/v1/mappings/{name}/test", consumes = "*/*")
    @Operation(summary = "Dry-run a mapping over a sample payload (operators)",
            description = "The body is a payload as the platform sends it. 200 with each record's canonical decision "
                    + "or every reason it would be quarantined, and its departments; clean=false when any record "
                    + "would be quarantined. Nothing is stored, routed or sent.")
    public MappingDryRun.Result test(@PathVariable String name, @RequestBody byte[] sample) {
        try {
            return dryRun.run(name, sample);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }

    @ExceptionHandler(ConfigFileException.class)
    ResponseEntity<Map<String, Object>> refused(ConfigFileException e) {
        return e.refusal(catalog.loaded());
    }
}
