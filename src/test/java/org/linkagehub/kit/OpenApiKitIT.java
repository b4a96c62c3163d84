package org.linkagehub.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;

/**
 * Keeps {@code src/kit/openapi.json} honest: it must equal the department-facing part of the live
 * {@code /v3/api-docs}. After a deliberate API change, regenerate it with {@code -Dkit.openapi.write=true}.
 */
class OpenApiKitIT extends HubIntegrationTest {

    static final Path FILE = Path.of("src/kit/openapi.json");
    static final List<String> DEPARTMENT_PATHS = List.of("/api/v1/departments/{code}/deliveries",
            "/api/v1/deliveries/{deliveryId}/receipt", "/api/v1/cases", "/api/v1/cases/{caseId}",
            "/api/v1/cases/{caseId}/receipt", "/api/v1/cases/{caseId}/reply", "/api/v1/cases/{caseId}/attachments",
            "/api/v1/cases/{caseId}/attachments/{attachmentId}", "/api/v1/cases/{caseId}/rectification",
            "/api/v1/tasks", "/api/v1/tasks/{taskId}", "/api/v1/tasks/{taskId}/result");

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @Test
    void theKitsOpenApiIsTheLiveOneForDepartmentPaths() throws Exception {
        JsonNode live = json.readTree(get("/v3/api-docs", null).body());
        ObjectNode kit = json.createObjectNode();
        kit.set("openapi", live.path("openapi"));
        kit.putObject("info").put("title", "Linkage Hub — department channels").put("version", "1");
        ObjectNode paths = kit.putObject("paths");
        DEPARTMENT_PATHS.forEach(p -> paths.set(p, live.path("paths").path(p)));
        Set<String> schemas = new TreeSet<>();
        collect(paths, live, schemas);
        if (!schemas.isEmpty()) {
            ObjectNode components = kit.putObject("components").putObject("schemas");
            schemas.forEach(s -> components.set(s, live.path("components").path("schemas").path(s)));
        }
        assertThat(paths.properties()).allSatisfy(e -> assertThat(e.getValue().isMissingNode()).isFalse());
        String expected = json.writeValueAsString(json.treeToValue(kit, Object.class)) + "\n";
        if (Boolean.getBoolean("kit.openapi.write")) {
            Files.writeString(FILE, expected);
        }
        assertThat(FILE).as("regenerate with -Dkit.openapi.write=true").exists();
        assertThat(Files.readString(FILE)).isEqualTo(expected);
    }

    private static void collect(JsonNode node, JsonNode live, Set<String> schemas) {
        if (node.isObject() && node.has("$ref")) {
            String name = node.get("$ref").asText().replace("#/components/schemas/", "");
            if (schemas.add(name)) {
                collect(live.path("components").path("schemas").path(name), live, schemas);
            }
        }
        node.forEach(child -> collect(child, live, schemas));
    }
}
