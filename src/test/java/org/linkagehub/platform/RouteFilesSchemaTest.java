package org.linkagehub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file in {@code routes/} satisfies the Camel YAML DSL JSON Schema that ships in the {@code camel-yaml-dsl} jar
 * ({@code schema/camelYamlDsl.json}), the schema visual editors such as Kaoto check a file against before they open
 * it: a route file that Camel happens to accept (a placeholder where a boolean belongs) but the schema refuses would
 * lock the IT teams out of their editors.
 */
class RouteFilesSchemaTest {

    static JsonSchema schema;

    @BeforeAll
    static void camelYamlDslSchema() throws IOException {
        try (InputStream in = RouteFilesSchemaTest.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertThat(in).as("schema/camelYamlDsl.json of camel-yaml-dsl on the classpath").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRouteFileSatisfiesTheCamelYamlDslSchema() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("routes"))) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            JsonNode routes = new YAMLMapper().readTree(file.toFile());
            assertThat(schema.validate(routes)).as("%s against camelYamlDsl.json", file)
                    .extracting(ValidationMessage::getMessage).isEmpty();
        }));
    }

    @Test
    void theSchemaRefusesAPlaceholderWhereABooleanBelongs() throws IOException {
        JsonNode routes = new YAMLMapper().readTree("""
                - route:
                    id: r
                    autoStartup: "{{some.switch}}"
                    from:
                      uri: timer:r
                      steps:
                        - log:
                            message: tick
                """);
        assertThat(schema.validate(routes)).extracting(ValidationMessage::getMessage)
                .containsExactly("$[0].route.autoStartup: string found, boolean expected");
    }
}
