package org.linkagehub.canonical;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.linkagehub.platform.ConfigFileException;
import org.linkagehub.platform.ConfigFiles;
import org.linkagehub.platform.Json;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Every source mapping under {@code mappings/sources/} (the operator's config folder first), loaded and checked
 * at start-up: a mapping that names an unknown field, transform or code list fails start-up with the file and
 * line. {@link #reload()} reads them again while the hub runs, so a mapping fix takes effect for new input and
 * for quarantine replays without a restart; a broken file is refused the same way and the mappings in force stay.
 */
@Component
public class MappingCatalog {

    /**
     * What is in force of one mapping: its file (the operator's own, or {@code classpath:} for the packaged one),
     * the version its editor gave it and the sha256 of the file's bytes.
     */
    public record Loaded(String file, int version, String sha256) {
    }

    /**
     * A mapping in force and what identifies it, taken from one reading of the files: a reload in between cannot
     * pair one version's rules with another version's name.
     *
     * @param file the operator's own file, or {@code classpath:} for the packaged one
     */
    public record InForce(SourceMapping mapping, MappingRef ref, String file) {
    }

    /**
     * The shape of a mapping's {@code source:} (the decisions' {@code source.system}), as the published
     * {@code decision.schema.json} accepts it; at most 32 characters, the column {@code decision.source_system}.
     */
    public static final Pattern SOURCE_SYSTEM = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

    private final ConfigFiles files;
    /** Every mapping in force by name, replaced whole by a reload. */
    private volatile Map<String, InForce> inForce;

    public MappingCatalog(ConfigFiles files) {
        this.files = files;
        this.inForce = load(files);
    }

    public Optional<SourceMapping> find(String name) {
        return Optional.ofNullable(inForce.get(name)).map(InForce::mapping);
    }

    /**
     * The mapping an intake maps a payload with, and its {@link MappingRef} for the decisions and quarantine
     * entries it makes; read once per payload, so the reference costs nothing per record.
     */
    public InForce inForce(String name) {
        InForce found = inForce.get(name);
        if (found == null) {
            throw new IllegalStateException("no mapping mappings/sources/" + name + ".yaml");
        }
        return found;
    }

    public SourceMapping get(String name) {
        return inForce(name).mapping();
    }

    /** Every mapping in force by name (for listings; an intake takes its one mapping by {@link #inForce}). */
    public Map<String, SourceMapping> all() {
        Map<String, SourceMapping> all = new LinkedHashMap<>();
        inForce.forEach((name, found) -> all.put(name, found.mapping()));
        return Collections.unmodifiableMap(all);
    }

    /** Each mapping in force by name, with its file, version and sha256. */
    public Map<String, Loaded> loaded() {
        Map<String, Loaded> loaded = new LinkedHashMap<>();
        inForce.forEach((name, found) -> loaded.put(name, new Loaded(found.file(), found.ref().version(),
                found.ref().sha256())));
        return Collections.unmodifiableMap(loaded);
    }

    /**
     * Reads and checks every mapping file again and puts them in force together; each intake reads the mapping
     * once, so a record is mapped wholly by the old or wholly by the new one.
     *
     * @return what is in force now
     * @throws ConfigFileException naming the file and line of the first broken mapping; nothing changes then
     */
    public synchronized Map<String, Loaded> reload() {
        inForce = load(files);
        return loaded();
    }

    private static Map<String, InForce> load(ConfigFiles files) {
        Map<String, InForce> inForce = new LinkedHashMap<>();
        for (Resource resource : files.mappings("sources", "yaml")) {
            SourceMapping mapping = files.read(resource, SourceMapping.class);
            check(resource, mapping, files);
            MappingRef ref = new MappingRef(mapping.name(), mapping.version(), sha256(resource));
            inForce.put(mapping.name(), new InForce(mapping, ref, files.origin("sources", resource)));
        }
        return Collections.unmodifiableMap(inForce);
    }

    private static String sha256(Resource resource) {
        try {
            return Json.sha256(resource.getContentAsByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ConfigFiles.describe(resource), e);
        }
    }

    private static void check(Resource resource, SourceMapping m, ConfigFiles files) {
        String expected = resource.getFilename().replaceFirst("\\.yaml$", "");
        if (!expected.equals(m.name())) {
            fail(files, resource, "name", "name '" + m.name() + "' must equal the file name '" + expected + "'");
        }
        if (!SOURCE_SYSTEM.matcher(m.source()).matches()) {
            fail(files, resource, "source", "source '" + m.source() + "' must be a source system's name: upper case "
                    + "letters, digits and _, at most 32 characters (e.g. OA, ONLINE_HALL)");
        }
        if (!MappingEngine.FORMATS.contains(m.format())) {
            fail(files, resource, "format", "format '" + m.format() + "' is not supported " + MappingEngine.FORMATS);
        }
        if (m.format().equals("xml") && m.root() == null) {
            fail(files, resource, "format", "an xml mapping needs root: the local name of the document's root element");
        }
        if (m.format().equals("csv") && m.csv() != null) {
            checkCsv(resource, m.csv(), files);
        }
        m.fields().forEach((target, field) -> {
            if (!MappingEngine.TARGETS.contains(target)) {
                fail(files, resource, target + ":", "unknown canonical field '" + target + "'; known: "
                        + MappingEngine.TARGETS);
            }
            if ((field.path() == null) == (field.value() == null)) {
                fail(files, resource, target + ":", "field '" + target + "' needs exactly one of path or value");
            }
            if (field.transform() != null && !MappingEngine.TRANSFORMS.contains(field.transform())) {
                fail(files, resource, target + ":", "field '" + target + "' has unknown transform '"
                        + field.transform() + "'; known: " + MappingEngine.TRANSFORMS);
            }
            if (field.codes() != null && !m.codes().containsKey(field.codes())) {
                fail(files, resource, target + ":", "field '" + target + "' uses code list '" + field.codes()
                        + "', which is not under codes:");
            }
        });
    }

    private static void checkCsv(Resource resource, SourceMapping.Csv csv, ConfigFiles files) {
        if (csv.charset() != null && !supported(csv.charset())) {
            fail(files, resource, "charset", "charset '" + csv.charset() + "' is not one this Java knows");
        }
        if (csv.countLine() != null) {
            try {
                if (Pattern.compile(csv.countLine()).matcher("").groupCount() < 1) {
                    fail(files, resource, "countLine", "countLine needs a group, (\\d+), around the count");
                }
            } catch (PatternSyntaxException e) {
                fail(files, resource, "countLine", "countLine is not a regular expression: " + e.getDescription());
            }
        }
    }

    private static boolean supported(String charset) {
        try {
            return Charset.isSupported(charset);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void fail(ConfigFiles files, Resource resource, String token, String message) {
        throw new ConfigFileException(ConfigFiles.describe(resource) + files.lineOf(resource, token) + ": " + message);
    }
}
