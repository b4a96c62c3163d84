package org.linkagehub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CachedTest {

    private Instant now = Instant.parse("2026-11-28T02:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };

    @Test
    void readsAtMostOncePerRefreshInterval() {
        AtomicInteger reads = new AtomicInteger();
        Cached<Integer> cached = new Cached<>(reads::incrementAndGet, Duration.ofSeconds(15), clock);

        assertThat(cached.get()).isEqualTo(1);
        now = now.plusSeconds(14);
        for (int i = 0; i < 30; i++) { // fifteen departments, two gauges each, in one scrape
            assertThat(cached.get()).isEqualTo(1);
        }
        now = now.plusSeconds(1);
        assertThat(cached.get()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aFailedReadingIsNullForTheIntervalAndThenTriedAgain() {
        AtomicInteger reads = new AtomicInteger();
        Cached<Integer> cached = new Cached<>(() -> {
            if (reads.incrementAndGet() == 1) {
                throw new IllegalStateException("database away");
            }
            return 7;
        }, Duration.ofSeconds(15), clock);

        assertThat(cached.get()).isNull();
        assertThat(cached.get()).isNull();
        assertThat(reads).as("no retry storm within the interval").hasValue(1);
        now = now.plusSeconds(15);
        assertThat(cached.get()).isEqualTo(7);
    }
}
