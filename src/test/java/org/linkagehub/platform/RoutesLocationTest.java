package org.linkagehub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class RoutesLocationTest {

    @Test
    void loadsThePackagedRoutesByDefault() {
        MockEnvironment env = new MockEnvironment();
        new RoutesLocation().postProcessEnvironment(env, new SpringApplication());
        assertThat(Arrays.asList(env.getProperty(RoutesLocation.PATTERN).split(",")))
                .contains("classpath:routes/project-approval.yaml", "classpath:routes/outbox.yaml",
                        "classpath:routes/receipts.yaml", "classpath:routes/cases.yaml",
                        "classpath:routes/queue-delivered.yaml", "classpath:routes/routing.yaml");
    }

    @Test
    void anOperatorsFileReplacesThePackagedOneOfTheSameNameAndAddsNewOnes(@TempDir Path config) throws IOException {
        Path routes = Files.createDirectories(config.resolve("routes"));
        Files.writeString(routes.resolve("outbox.yaml"), "- route: {id: x, from: {uri: 'timer:x', steps: []}}\n");
        Files.writeString(routes.resolve("extra.yaml"), "[]\n");
        MockEnvironment env = new MockEnvironment().withProperty("linkage.config-dir", config.toString());
        new RoutesLocation().postProcessEnvironment(env, new SpringApplication());
        assertThat(Arrays.asList(env.getProperty(RoutesLocation.PATTERN).split(","))).containsExactlyInAnyOrder(
                "classpath:routes/project-approval.yaml", "classpath:routes/manual.yaml",
                "classpath:routes/project-approval-reconcile.yaml",
                "classpath:routes/deadlines.yaml", "classpath:routes/delivery-figures.yaml",
                "classpath:routes/push.yaml", "classpath:routes/oa.yaml",
                "classpath:routes/receipts.yaml", "classpath:routes/queue-delivered.yaml", "classpath:routes/routing.yaml",
                "classpath:routes/cases.yaml", "classpath:routes/market-supervision.yaml",
                "classpath:routes/online-hall.yaml", "classpath:routes/source-health.yaml",
                "classpath:routes/investment.yaml", "classpath:routes/investment-demo.yaml",
                "classpath:routes/file-drop.yaml", "classpath:routes/error-handling.yaml", "classpath:routes/intake.yaml",
                "classpath:routes/retention.yaml", "classpath:routes/cluster.yaml",
                "file:" + routes.resolve("outbox.yaml").toAbsolutePath().normalize(),
                "file:" + routes.resolve("extra.yaml").toAbsolutePath().normalize());
    }

    @Test
    void anExplicitPatternWins() {
        MockEnvironment env = new MockEnvironment().withProperty(RoutesLocation.PATTERN, "file:/somewhere/*.yaml");
        new RoutesLocation().postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty(RoutesLocation.PATTERN)).isEqualTo("file:/somewhere/*.yaml");
    }
}
