package org.linkagehub.platform;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The project-approval platform's signature: lowercase hex of HMAC-SHA256(secret, timestamp + "\n" + raw
 * body bytes), over the exact bytes received (a trailing newline counts), with a timestamp window against
 * replays.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + "\n").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why a request must be refused, or empty when its signature and timestamp are good. */
    public static Optional<String> problem(String secret, String timestamp, String signature, byte[] body,
            Instant now, Duration window) {
        if (timestamp == null || timestamp.isBlank()) {
            return Optional.of("missing X-Gcjs-Timestamp header");
        }
        if (signature == null || signature.isBlank()) {
            return Optional.of("missing X-Gcjs-Signature header");
        }
        long millis;
        try {
            millis = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Optional.of("X-Gcjs-Timestamp '" + timestamp + "' is not epoch milliseconds");
        }
        Duration skew = Duration.between(Instant.ofEpochMilli(millis), now).abs();
        if (skew.compareTo(window) > 0) {
            return Optional.of("X-Gcjs-Timestamp is " + skew.toSeconds() + " s away from the hub's clock; at most "
                    + window.toSeconds() + " s is accepted");
        }
        byte[] expected = sign(secret, timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.of("X-Gcjs-Signature does not match the body");
        }
        return Optional.empty();
    }
}
