package org.linkagehub.visits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;
import java.util.UUID;

/**
 * Which decisions of a month are visited as a sample: a decision is in when the SHA-256 of
 * {@code "<decisionId>|<yyyy-MM>"} falls, as one of 10,000 buckets, under the percentage. The same decision and month
 * always give the same answer (whoever asks, however often, on whichever hub), so the list the bureau works from does
 * not change when it is opened again; another month draws another sample. Nothing the departments do can move a
 * decision into or out of it.
 */
public final class VisitSample {

    static final int BUCKETS = 10_000;

    private VisitSample() {
    }

    /** Whether the decision is in the sample of {@code period} at {@code percent} (0–100; hundredths count). */
    public static boolean sampled(UUID decisionId, YearMonth period, double percent) {
        return bucket(decisionId, period) < Math.round(percent * (BUCKETS / 100));
    }

    /** The decision's bucket for the month, 0 to {@value #BUCKETS} − 1. */
    static int bucket(UUID decisionId, YearMonth period) {
        byte[] hash = sha256(decisionId + "|" + period);
        long head = 0;
        for (int i = 0; i < 8; i++) {
            head = (head << 8) | (hash[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(head, BUCKETS);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
