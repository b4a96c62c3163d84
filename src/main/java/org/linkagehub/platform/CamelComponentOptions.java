package org.linkagehub.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.StringHelper;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Binds {@code camel.component.jms.*}, {@code camel.component.sftp.*}, {@code camel.component.ftp.*} and
 * {@code camel.component.ftps.*} onto those components, as {@code camel-jms-starter} and {@code camel-ftp-starter}
 * did: Camel 4.18 is not served with those two starters here, so the hub takes the core jars, whose components Camel
 * finds by their scheme and whose connection factory it autowires from the one {@code ConnectionFactory} bean. The
 * hub's own configuration sets no such option (its routes set theirs on the endpoints); an operator's may, and keeps
 * working. The starters' own switches ({@code enabled}, {@code customizer.*}) are not component options and are
 * skipped.
 */
@Configuration(proxyBeanMethods = false)
public class CamelComponentOptions {

    static final String PREFIX = "camel.component.";
    static final List<String> COMPONENTS = List.of("jms", "sftp", "ftp", "ftps");

    @Bean
    ComponentCustomizer componentOptionsFromEnvironment(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, Map<String, Object>> byComponent = new LinkedHashMap<>();
        for (String name : COMPONENTS) {
            Map<String, String> raw = binder.bind(PREFIX + name, Bindable.mapOf(String.class, String.class))
                    .orElse(Map.of());
            Map<String, Object> options = new LinkedHashMap<>();
            raw.forEach((key, value) -> {
                if (!key.equals("enabled") && !key.startsWith("customizer.")) {
                    options.put(StringHelper.dashToCamelCase(key), value);
                }
            });
            if (!options.isEmpty()) {
                byComponent.put(name, options);
            }
        }
        return ComponentCustomizer.builder().withCondition((name, target) -> byComponent.containsKey(name))
                .build((name, component) -> bind(component.getCamelContext(), component, byComponent.get(name)));
    }

    /**
     * Binds every option, or fails start-up naming the one the component does not have (the starters' property
     * classes dropped a misspelt option silently; a broker or SFTP setting that is quietly not applied is worse).
     */
    private static void bind(CamelContext context, Component component, Map<String, Object> options) {
        // a copy: the binder removes each option it has bound, and the same options may meet a second instance
        Map<String, Object> left = new LinkedHashMap<>(options);
        PropertyBindingSupport.build().withIgnoreCase(true).withMandatory(true).bind(context, component, left);
    }
}
