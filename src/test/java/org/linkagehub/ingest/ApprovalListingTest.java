package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.linkagehub.platform.OutgoingHttp;
import org.springframework.web.client.RestClient;

/** The nightly listing is read as strictly as the webhook's events (StrictInput). */
class ApprovalListingTest {

    private final ApprovalListing listing = new ApprovalListing(null, new ProjectApprovalReconcileProperties(null,
            "-", false, Duration.ofMinutes(5), 7, Duration.ofSeconds(30), null), Clock.systemUTC(),
            new OutgoingHttp(RestClient.builder()));
    private final LocalDate day = LocalDate.of(2026, 11, 24);

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"code\":\"0\",\"data\":[{\"eventId\":\"a\",\"eventId\":\"b\"}]}  | duplicate-key",
        "{\"code\":\"0\",\"data\":[]}{\"code\":\"0\",\"data\":[{\"eventId\":\"x\"}]} | trailing-content",
        "{\"code\":\"0\",\"data\":[{\"eventId\":\"\\ud800\"}]}              | invalid-unicode",
        "''                                                                 | empty",
    })
    void aListingThatIsNotOneStrictDocumentFailsWithItsRule(String body, String rule) {
        assertThatThrownBy(() -> listing.parse(day, body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApprovalListing.ListingFailed.class).hasMessageContaining("(" + rule + ")")
                .hasMessageContaining("2026-11-24");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"code\":\"0\",\"data\":[{\"eventId\":\"a\"},{\"eventId\":\"b\"}]}"})
    void aGoodListingGivesItsEvents(String body) {
        assertThat(listing.parse(day, body.getBytes(StandardCharsets.UTF_8))).hasSize(2);
    }
}
