package org.linkagehub.canonical;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.linkagehub.platform.ConfigFileException;
import org.linkagehub.platform.ConfigFiles;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Every source mapping under {@code mappings/sources/}, loaded and checked at start-up: a mapping that
 * names an unknown field, transform or code list fails start-up with the file and line.
 */
@Component
public class MappingCatalog {

    private final Map<String, SourceMapping> byName = new LinkedHashMap<>();

    public MappingCatalog(ConfigFiles files) {
        for (Resource resource : files.mappings("sources", "yaml")) {
            SourceMapping mapping = files.read(resource, SourceMapping.class);
            check(resource, mapping, files);
            byName.put(mapping.name(), mapping);
        }
    }

    public Optional<SourceMapping> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public SourceMapping get(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("no mapping mappings/sources/" + name + ".yaml"));
    }

    public Map<String, SourceMapping> all() {
        return byName;
    }

    private static void check(Resource resource, SourceMapping m, ConfigFiles files) {
        String expected = resource.getFilename().replaceFirst("\\.yaml$", "");
        if (!expected.equals(m.name())) {
            fail(files, resource, "name", "name '" + m.name() + "' must equal the file name '" + expected + "'");
        }
        if (!MappingEngine.FORMATS.contains(m.format())) {
            fail(files, resource, "format", "format '" + m.format() + "' is not supported " + MappingEngine.FORMATS);
        }
        if (m.format().equals("xml") && m.root() == null) {
            fail(files, resource, "format", "an xml mapping needs root: the local name of the document's root element");
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

    private static void fail(ConfigFiles files, Resource resource, String token, String message) {
        throw new ConfigFileException(ConfigFiles.describe(resource) + files.lineOf(resource, token) + ": " + message);
    }
}
