package org.linkagehub.routing;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.ConfigFileException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/routing}: the table in force and its version; an operator's audited reload. */
@RestController
@Tag(name = "Routing", description = "The matter → department table in force")
public class RoutingController {

    private final RoutingTable table;
    private final DepartmentRegistry departments;
    private final RoutingReloader reloader;

    public RoutingController(RoutingTable table, DepartmentRegistry departments, RoutingReloader reloader) {
        this.table = table;
        this.departments = departments;
        this.reloader = reloader;
    }

    @GetMapping("/api/v1/routing")
    @Operation(summary = "The routing table in force", description = "Versions and sha256 of matters.yaml and "
            + "departments.yaml as loaded, the rules and the departments. Operators and auditors.")
    public Map<String, Object> inForce() {
        return Map.of("versions", reloader.versions(), "matters", table.rules(), "departments", departments.all());
    }

    @PostMapping("/api/v1/routing/reload")
    @Operation(summary = "Reload the routing table", description = "Reads matters.yaml and departments.yaml again "
            + "(the operator's config folder first); a broken file is refused with its file and line (422) and the "
            + "table in force stays. Operators only; audited with the versions before and after.")
    public RoutingReloader.Versions reload(Authentication caller) {
        return reloader.reload(caller.getName());
    }

    @ExceptionHandler(ConfigFileException.class)
    ResponseEntity<Map<String, Object>> refused(ConfigFileException e) {
        return e.refusal(reloader.versions());
    }
}
