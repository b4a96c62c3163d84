package org.linkagehub.demo;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import org.linkagehub.ingest.OnlineHallProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * The demo's online service hall: a simulator on {@code linkage.demo.online-hall.port} (0: a free port) filling
 * with cases every {@code linkage.demo.online-hall.interval}, and the poller pointed at it. The address is known
 * only once the simulator listens, so the poller's properties are re-bound here with it, unless an operator set
 * {@code linkage.sources.online-hall.base-url} to a real hall.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "linkage.demo.simulators", havingValue = "true")
class OnlineHallDemo {

    static final String TOKEN = "demo-hall";
    private static final Logger log = LoggerFactory.getLogger(OnlineHallDemo.class);

    @Bean(destroyMethod = "close")
    OnlineHallSimulator onlineHallSimulator(@Value("${linkage.demo.online-hall.port:0}") int port,
            @Value("${linkage.demo.online-hall.interval:PT5S}") Duration interval, Clock clock) throws IOException {
        OnlineHallSimulator simulator = new OnlineHallSimulator(TOKEN, port);
        simulator.busyOneIn(20);
        simulator.generate(interval, clock);
        log.info("Demo: simulating the online service hall at {}, new cases every {}", simulator.baseUrl(), interval);
        return simulator;
    }

    @Bean
    @Primary
    OnlineHallProperties demoOnlineHallProperties(Environment environment, OnlineHallSimulator simulator) {
        OnlineHallProperties configured = Binder.get(environment)
                .bindOrCreate("linkage.sources.online-hall", OnlineHallProperties.class);
        if (configured.baseUrl() != null) {
            return configured;
        }
        return new OnlineHallProperties(simulator.baseUrl(), TOKEN, configured.pollInterval(), configured.pageSize(),
                configured.startFrom(), configured.timeout());
    }
}
