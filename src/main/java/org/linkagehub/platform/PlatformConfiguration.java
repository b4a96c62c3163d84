package org.linkagehub.platform;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every feature shares. */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

    /** Beijing time; tests replace it to move deadlines. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.system(BeijingTime.ZONE);
    }
}
