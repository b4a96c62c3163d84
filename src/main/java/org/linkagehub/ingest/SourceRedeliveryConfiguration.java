package org.linkagehub.ingest;

import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link SourceRedelivery}'s policy under the name the shared error handling refers to. */
@Configuration(proxyBeanMethods = false)
class SourceRedeliveryConfiguration {

    @Bean
    RedeliveryPolicy sourceRedelivery(SourceRedelivery settings) {
        return settings.policy();
    }
}
