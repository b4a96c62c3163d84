package org.linkagehub.canonical;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The longest each canonical text field may be, read from the {@code maxLength}s of the published schema
 * {@code mappings/schemas/decision.schema.json}, so the schema departments read and the limit the hub applies are
 * one text. A mapping target the schema gives no length ({@code subject.code}, dates, codes) has {@link #DEFAULT}.
 */
public final class FieldLimits {

    static final String SCHEMA = "mappings/schemas/decision.schema.json";
    /** For a value the schema does not bound: no field of a decision is longer. */
    public static final int DEFAULT = 500;
    private static final Map<String, Integer> LIMITS = load();

    private FieldLimits() {
    }

    /** The longest {@code field} (dotted, e.g. {@code subject.name}, {@code source.recordId}) may be. */
    public static int max(String field) {
        if (field.equals("subject.code")) {
            return Math.max(LIMITS.getOrDefault("subject.uscc", DEFAULT), LIMITS.getOrDefault("subject.idNumber", DEFAULT));
        }
        return LIMITS.getOrDefault(field, DEFAULT);
    }

    static Map<String, Integer> all() {
        return Map.copyOf(LIMITS);
    }

    private static Map<String, Integer> load() {
        try (InputStream in = FieldLimits.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA + " is not on the classpath");
            }
            Map<String, Integer> limits = new HashMap<>();
            collect(new ObjectMapper().readTree(in).path("properties"), "", limits);
            return limits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode properties, String prefix, Map<String, Integer> limits) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            String name = prefix + property.getKey();
            if (property.getValue().has("maxLength")) {
                limits.put(name, property.getValue().get("maxLength").asInt());
            }
            if (property.getValue().has("properties")) {
                collect(property.getValue().get("properties"), name + ".", limits);
            }
        }
    }
}
