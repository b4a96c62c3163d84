package org.linkagehub.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Where the files IT teams edit are read from. The jar carries {@code mappings/} as defaults; a file of
 * the same name under {@code <linkage.config-dir>/mappings/} replaces the packaged one, and a new name
 * there adds to them. Every read error names the file and the line, so a broken mapping fails start-up
 * with a message an IT team can act on.
 */
@Component
public class ConfigFiles {

    private static final String ROOT = "mappings/";

    private final Path overrideDir;
    private final ObjectMapper yaml;
    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

    public ConfigFiles(LinkageProperties properties) {
        this.overrideDir = properties.configDir() == null ? null : properties.configDir().resolve("mappings");
        this.yaml = JsonMapper.builder(new YAMLFactory())
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    /** The file at {@code mappings/<relative>}: the operator's copy when there is one, else the packaged one. */
    public Resource mapping(String relative) {
        if (overrideDir != null) {
            Path candidate = overrideDir.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return new FileSystemResource(candidate);
            }
        }
        Resource packaged = resolver.getResource("classpath:" + ROOT + relative);
        if (!packaged.exists()) {
            throw new ConfigFileException(ROOT + relative + ": no such file in the jar"
                    + (overrideDir == null ? "" : " nor in " + overrideDir));
        }
        return packaged;
    }

    /** Every {@code *.<extension>} file in {@code mappings/<folder>/}, packaged and operator's, by file name. */
    public List<Resource> mappings(String folder, String extension) {
        Map<String, Resource> byName = new TreeMap<>();
        try {
            for (Resource r : resolver.getResources("classpath:" + ROOT + folder + "/*." + extension)) {
                byName.put(r.getFilename(), r);
            }
            if (overrideDir != null && Files.isDirectory(overrideDir.resolve(folder))) {
                try (Stream<Path> files = Files.list(overrideDir.resolve(folder))) {
                    files.filter(p -> p.getFileName().toString().endsWith("." + extension))
                            .forEach(p -> byName.put(p.getFileName().toString(), new FileSystemResource(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + ROOT + folder, e);
        }
        return new ArrayList<>(byName.values());
    }

    /** Reads a YAML (or JSON) file into {@code type}; any error names the file and the line. */
    public <T> T read(Resource resource, Class<T> type) {
        try (InputStream in = resource.getInputStream()) {
            return yaml.readValue(in, type);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String line = where == null ? "" : " line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new ConfigFileException(describe(resource) + line + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigFileException(describe(resource) + ": " + e.getMessage(), e);
        }
    }

    /** " line N" of the first line containing {@code token}, for errors found after parsing; else "". */
    public String lineOf(Resource resource, String token) {
        try (InputStream in = resource.getInputStream()) {
            String[] lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains(token)) {
                    return " line " + (i + 1);
                }
            }
        } catch (IOException e) {
            // the message still names the file
        }
        return "";
    }

    /**
     * Where a file of {@code mappings/<folder>/} comes from, for operators: the path of the operator's own file, or
     * {@code classpath:mappings/<folder>/<name>} for the packaged default.
     */
    public String origin(String folder, Resource resource) {
        if (overrideDir != null && resource instanceof FileSystemResource f
                && f.getFile().toPath().toAbsolutePath().startsWith(overrideDir.toAbsolutePath())) {
            return f.getPath();
        }
        return "classpath:" + ROOT + folder + "/" + resource.getFilename();
    }

    public static String describe(Resource resource) {
        try {
            return resource instanceof FileSystemResource f ? f.getFile().getPath() : resource.getURL().toString();
        } catch (IOException e) {
            return resource.getDescription();
        }
    }
}
