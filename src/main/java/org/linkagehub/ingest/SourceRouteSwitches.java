package org.linkagehub.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

/**
 * Answers {@code camel.main.auto-startup-exclude-pattern} from the sources' own switches, so that no route file needs
 * a placeholder where the Camel YAML DSL schema wants a boolean ({@code autoStartup}; visual editors refuse such a
 * file). For every source {@code linkage.sources.<name>.*}: the route {@code <name>-inbox} stays stopped when
 * {@code linkage.sources.<name>.enabled} is false, and the route {@code <name>-sftp} unless
 * {@code linkage.sources.<name>.sftp.host} is set, the rule operators are told ("the SFTP folder is polled when a
 * host is configured"). A route whose id ends in {@code -demo} (a platform simulated by a route file) stays stopped
 * unless {@code linkage.demo.simulators} is true. A route id that no route file declares excludes nothing. An explicit
 * {@code camel.main.auto-startup-exclude-pattern} wins.
 */
public class SourceRouteSwitches implements EnvironmentPostProcessor {

    static final String PATTERN = "camel.main.auto-startup-exclude-pattern";
    private static final String SOURCES = "linkage.sources.";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // asked when read, so a host added after this point (a test's dynamic property) still counts
        environment.getPropertySources().addLast(new PropertySource<Object>("sourceRouteSwitches") {
            @Override
            public Object getProperty(String name) {
                if (!PATTERN.equals(name)) {
                    return null;
                }
                List<String> stopped = stopped(environment);
                return stopped.isEmpty() ? null : String.join(",", stopped);
            }
        });
    }

    /** The ids of the source routes that must not start, in the sources' order by name. */
    static List<String> stopped(ConfigurableEnvironment environment) {
        List<String> stopped = new ArrayList<>();
        if (!"true".equalsIgnoreCase(environment.getProperty("linkage.demo.simulators", "false").trim())) {
            stopped.add(".*-demo");
        }
        for (String source : sources(environment)) {
            if ("false".equalsIgnoreCase(environment.getProperty(SOURCES + source + ".enabled", "true").trim())) {
                stopped.add(source + "-inbox");
            }
            if (!StringUtils.hasText(environment.getProperty(SOURCES + source + ".sftp.host"))) {
                stopped.add(source + "-sftp");
            }
        }
        return stopped;
    }

    /** The names {@code <name>} of the properties {@code linkage.sources.<name>.*}, sorted. */
    static Set<String> sources(ConfigurableEnvironment environment) {
        Set<String> sources = new TreeSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String key : enumerable.getPropertyNames()) {
                    int end = key.indexOf('.', SOURCES.length());
                    if (key.startsWith(SOURCES) && end > SOURCES.length()) {
                        sources.add(key.substring(SOURCES.length(), end));
                    }
                }
            }
        }
        return sources;
    }
}
