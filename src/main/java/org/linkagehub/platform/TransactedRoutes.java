package org.linkagehub.platform;

import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The policy behind {@code transacted} in the route files: the database's one transaction manager, joining a
 * transaction already open on the thread. {@code PROPAGATION_REQUIRED} is the name Camel looks up when a
 * {@code transacted} step names no policy, so a route file needs no reference.
 */
@Configuration(proxyBeanMethods = false)
class TransactedRoutes {

    /** Camel's default policy name for {@code transacted}. */
    static final String POLICY = "PROPAGATION_REQUIRED";

    @Bean(POLICY)
    SpringTransactionPolicy propagationRequired(PlatformTransactionManager transactions) {
        SpringTransactionPolicy policy = new SpringTransactionPolicy(transactions);
        policy.setPropagationBehaviorName(POLICY);
        return policy;
    }
}
