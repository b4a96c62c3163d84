package org.linkagehub.platform.logging;

import java.time.temporal.TemporalAccessor;
import java.util.Map;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.json.JsonWriter.MemberPath;
import org.springframework.boot.json.WritableJson;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Masks natural persons' ID and mobile numbers in Spring Boot's structured (JSON) logs
 * ({@code logging.structured.format.console=ecs}, {@code logstash}, {@code gelf}, and the same
 * for {@code .file}). Enabled with
 * {@code logging.structured.json.customizer=org.linkagehub.platform.logging.MaskingJsonCustomizer}.
 * <p>
 * It adds a {@link JsonWriter.ValueProcessor} that runs {@link PersonalDataMasker} on every
 * value about to be written: {@code message}, {@code error.message}, {@code stack_trace}, MDC
 * and key-value pairs, whatever the format calls them. Values written as JSON strings are masked
 * through their text; an integral number that would be masked (an ID number or a mobile logged
 * as a {@code long}) is written as the masked string instead. Containers are left to the writer,
 * which passes each of their elements through this processor again.
 */
public class MaskingJsonCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(MaskingJsonCustomizer::maskValue);
    }

    static Object maskValue(MemberPath path, Object value) {
        if (value == null || value instanceof Boolean || value instanceof Map<?, ?> || value instanceof Iterable<?>
                || value instanceof WritableJson || value instanceof TemporalAccessor || value instanceof Enum<?>
                || value.getClass().isArray()) {
            return value;
        }
        if (value instanceof String text) {
            return PersonalDataMasker.mask(text);
        }
        // CharSequence, Number (a long ID or mobile), and any object written through toString()
        String text = value.toString();
        String masked = PersonalDataMasker.mask(text);
        return (masked == text) ? value : masked;
    }

}
