package org.linkagehub.platform;

import java.util.Optional;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code intake}, part of readiness: OUT_OF_SERVICE, saying why, while the {@link IntakeGate} is
 * closed (routes not running yet, stopping, or the disk below its floor), so a load balancer sends nothing the hub
 * would refuse. Details: the free space on the data folder's disk and the floor.
 */
@Component
class IntakeHealthIndicator implements HealthIndicator {

    private final IntakeGate gate;

    IntakeHealthIndicator(IntakeGate gate) {
        this.gate = gate;
    }

    @Override
    public Health health() {
        Optional<String> closed = gate.closedBecause();
        Health.Builder health = closed.map(reason -> Health.outOfService().withDetail("reason", reason))
                .orElseGet(Health::up);
        return health.withDetail("freeDiskMB", gate.usableBytes() >> 20)
                .withDetail("minFreeDiskMB", gate.minFreeDisk().toMegabytes())
                .withDetail("dataDir", gate.dataDir().toString())
                .build();
    }
}
