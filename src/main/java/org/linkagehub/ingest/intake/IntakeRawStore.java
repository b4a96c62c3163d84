package org.linkagehub.ingest.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.springframework.stereotype.Component;

/**
 * The intake's first step: raw first. A source route hands over the payload it has stored already (a
 * {@link RawInput}, as every source does today), or the bytes as they came with the source's name in
 * {@value #SOURCE} (the name of its mapping, {@code mappings/sources/<source>.yaml}) and its reference in
 * {@value #SOURCE_REF}; those are stored here, committed on their own before anything parses them. A redelivery by
 * the calling route's error handling starts again from the stored raw input.
 */
@Component
public class IntakeRawStore {

    /** Header naming the source of a payload not yet stored. */
    public static final String SOURCE = "LinkageSource";
    /** Header with the source's reference of a payload not yet stored (a file name, an event id). */
    public static final String SOURCE_REF = "LinkageSourceRef";
    /** Header with the transport of a payload not yet stored (file, sftp, poll...); {@code route} when absent. */
    public static final String TRANSPORT = "LinkageTransport";

    private final RawInputStore raw;

    IntakeRawStore(RawInputStore raw) {
        this.raw = raw;
    }

    public IntakeBatch store(@Body Object body, @Header(SOURCE) String source, @Header(SOURCE_REF) String sourceRef,
            @Header(TRANSPORT) String transport) {
        if (body instanceof RawInput input) {
            return new IntakeBatch(input);
        }
        if (body instanceof IntakeBatch earlier) {
            // the calling route's redelivery after a fault inside the intake: the exchange holds the batch the failed
            // attempt left; start again from its stored raw input (nothing of it was committed but the raw input)
            return new IntakeBatch(earlier.input());
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a payload handed to the intake unstored needs the header " + SOURCE);
        }
        byte[] bytes;
        if (body instanceof byte[] b) {
            bytes = b;
        } else if (body instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else if (body instanceof InputStream in) {
            bytes = readAll(in);
        } else {
            throw new IllegalArgumentException("the intake takes a RawInput, bytes, text or a stream, not "
                    + (body == null ? "nothing" : body.getClass().getName()));
        }
        return new IntakeBatch(raw.store(source, transport == null ? "route" : transport, sourceRef, Map.of(), bytes,
                false));
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
