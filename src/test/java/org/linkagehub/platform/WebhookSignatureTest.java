package org.linkagehub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The platform's own signing example (legacy-formats §3), byte for byte, trailing newline included. */
class WebhookSignatureTest {

    static final byte[] SAMPLE;
    static final String TIMESTAMP = "1795676400000";
    static final String SIGNATURE = "a0311dff02216e0e2a6a340663083d32a07b2a3fb113a6f7b84007e6ccd1684c";

    static {
        try {
            SAMPLE = Files.readAllBytes(Path.of("mappings/samples/project-approval/event-approved.json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void signsThePlatformsExampleExactly() {
        assertThat(WebhookSignature.sign("demo-secret", TIMESTAMP, SAMPLE)).isEqualTo(SIGNATURE);
    }

    @Test
    void acceptsTheExampleWithinItsWindowInAnyLetterCase() {
        Instant then = Instant.ofEpochMilli(Long.parseLong(TIMESTAMP)).plusSeconds(299);
        assertThat(WebhookSignature.problem("demo-secret", TIMESTAMP, SIGNATURE.toUpperCase(), SAMPLE, then,
                Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    void refusesTheExampleSixMinutesLater() {
        Instant later = Instant.ofEpochMilli(Long.parseLong(TIMESTAMP)).plusSeconds(360);
        assertThat(WebhookSignature.problem("demo-secret", TIMESTAMP, SIGNATURE, SAMPLE, later, Duration.ofMinutes(5)))
                .hasValueSatisfying(p -> assertThat(p).contains("360 s away"));
    }

    @Test
    void theTrailingNewlineIsPartOfWhatIsSigned() {
        Instant then = Instant.ofEpochMilli(Long.parseLong(TIMESTAMP));
        byte[] trimmed = java.util.Arrays.copyOf(SAMPLE, SAMPLE.length - 1);
        assertThat(WebhookSignature.problem("demo-secret", TIMESTAMP, SIGNATURE, trimmed, then, Duration.ofMinutes(5)))
                .hasValue("X-Gcjs-Signature does not match the body");
    }

    @Test
    void namesWhatIsMissingOrMalformed() {
        Instant now = Instant.now();
        assertThat(WebhookSignature.problem("s", null, SIGNATURE, SAMPLE, now, Duration.ofMinutes(5)))
                .hasValue("missing X-Gcjs-Timestamp header");
        assertThat(WebhookSignature.problem("s", "yesterday", SIGNATURE, SAMPLE, now, Duration.ofMinutes(5)))
                .hasValue("X-Gcjs-Timestamp 'yesterday' is not epoch milliseconds");
    }
}
