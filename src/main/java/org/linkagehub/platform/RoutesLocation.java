package org.linkagehub.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.StringUtils;

/**
 * Tells Camel which route files to load: the jar's {@code classpath:routes/*.yaml}, each replaced by the
 * file of the same name in {@code <linkage.config-dir>/routes/} when there is one. Both patterns at once
 * would load two routes with one id and fail, hence the list by file name. An explicit
 * {@code camel.main.routes-include-pattern} wins.
 */
public class RoutesLocation implements EnvironmentPostProcessor {

    static final String PATTERN = "camel.main.routes-include-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty(PATTERN))) {
            return;
        }
        String configDir = environment.getProperty("linkage.config-dir");
        Path overrides = StringUtils.hasText(configDir) ? Path.of(configDir).resolve("routes") : null;
        Map<String, String> byName = new LinkedHashMap<>();
        try {
            Resource[] packaged = new PathMatchingResourcePatternResolver(application.getClassLoader())
                    .getResources("classpath:routes/*.yaml");
            for (Resource r : packaged) {
                byName.put(r.getFilename(), "classpath:routes/" + r.getFilename());
            }
            if (overrides != null && Files.isDirectory(overrides)) {
                try (Stream<Path> files = Files.list(overrides)) {
                    files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().forEach(p -> byName
                            .put(p.getFileName().toString(), "file:" + p.toAbsolutePath().normalize()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list route files", e);
        }
        if (byName.isEmpty()) {
            throw new ConfigFileException("No route files: the jar has no routes/*.yaml"
                    + (overrides == null ? "" : " and " + overrides + " has none"));
        }
        String pattern = byName.values().stream().collect(Collectors.joining(","));
        environment.getPropertySources().addFirst(new MapPropertySource("linkageRoutes", Map.of(PATTERN, pattern)));
    }
}
