package org.linkagehub.raw;

import java.time.Instant;
import java.util.Map;

/**
 * A payload exactly as it arrived.
 *
 * @param source    the mapping name of the platform it came from, e.g. {@code project-approval}
 * @param transport how it came: {@code webhook}, {@code file}, {@code poll}, {@code jdbc}, {@code manual}
 * @param sourceRef the platform's reference when known before parsing (event id header, file name)
 * @param truncated true when it was larger than the limit and only the first bytes were kept
 */
public record RawInput(long id, String source, String transport, String sourceRef, Map<String, String> metadata,
        byte[] body, boolean truncated, String sha256, Instant receivedAt) {
}
