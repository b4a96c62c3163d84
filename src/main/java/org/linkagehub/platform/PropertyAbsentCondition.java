package org.linkagehub.platform;

import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Matches when a property is unset or blank: the embedded defaults stand in for a missing server. */
public abstract class PropertyAbsentCondition implements ConfigurationCondition {

    private final String property;

    protected PropertyAbsentCondition(String property) {
        this.property = property;
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return !StringUtils.hasText(context.getEnvironment().getProperty(property));
    }

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.PARSE_CONFIGURATION;
    }
}
