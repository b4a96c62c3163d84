package org.linkagehub.visits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The sampling rule of the return visits: reproducible, proportionate, and drawn afresh each month. */
class VisitSampleTest {

    static final YearMonth DECEMBER = YearMonth.of(2026, 12);
    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

    /** sha256("3f2b1c4d-…-0e1f2a3b4c5d|2026-12"), first 8 bytes unsigned, mod 10,000 (checked with Python hashlib). */
    static final int PINNED_BUCKET = 4455;

    @Test
    void theSameDecisionAndMonthAlwaysGiveTheSameAnswer() {
        UUID id = UUID.fromString("3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
        // pinned: a hub of another release must draw the same sample for a month already worked on
        assertThat(VisitSample.bucket(id, DECEMBER)).isEqualTo(VisitSample.bucket(id, YearMonth.parse("2026-12")))
                .isEqualTo(PINNED_BUCKET);
        for (int i = 0; i < 3; i++) {
            assertThat(VisitSample.sampled(id, DECEMBER, 5)).isEqualTo(PINNED_BUCKET < 500);
        }
    }

    @Test
    void aboutThePercentageIsSampledAndTheEndsAreExact() {
        List<UUID> ids = ids(20_000);
        long five = ids.stream().filter(id -> VisitSample.sampled(id, DECEMBER, 5)).count();
        assertThat(five).isBetween(800L, 1200L);
        long half = ids.stream().filter(id -> VisitSample.sampled(id, DECEMBER, 0.5)).count();
        assertThat(half).isBetween(60L, 140L);
        assertThat(ids.stream().noneMatch(id -> VisitSample.sampled(id, DECEMBER, 0))).isTrue();
        assertThat(ids.stream().allMatch(id -> VisitSample.sampled(id, DECEMBER, 100))).isTrue();
    }

    @Test
    void anotherMonthDrawsAnotherSample() {
        List<UUID> ids = ids(20_000);
        List<UUID> december = ids.stream().filter(id -> VisitSample.sampled(id, DECEMBER, 5)).toList();
        List<UUID> november = ids.stream().filter(id -> VisitSample.sampled(id, NOVEMBER, 5)).toList();
        assertThat(november).isNotEqualTo(december);
        // independent draws: about 5% of December's sample is in November's too, not most of it
        long both = december.stream().filter(november::contains).count();
        assertThat(both).isLessThan(december.size() / 5);
    }

    @Test
    void aLargerPercentageKeepsTheSmallerSample() {
        // raising sample-percent mid-month adds decisions to the list and takes none away
        for (UUID id : ids(5_000)) {
            if (VisitSample.sampled(id, DECEMBER, 5)) {
                assertThat(VisitSample.sampled(id, DECEMBER, 10)).isTrue();
            }
        }
    }

    private static List<UUID> ids(int n) {
        Random random = new Random(42);
        List<UUID> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new UUID(random.nextLong(), random.nextLong()));
        }
        return out;
    }
}
