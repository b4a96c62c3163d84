package org.linkagehub.ingest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code POST /api/v1/mappings/{name}/test}: the mapping dry run over HTTP, for operators; nothing is stored. */
@RestController
@Tag(name = "Mappings")
public class MappingTestController {

    private final MappingDryRun dryRun;

    public MappingTestController(MappingDryRun dryRun) {
        this.dryRun = dryRun;
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
}
