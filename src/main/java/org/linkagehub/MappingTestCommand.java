package org.linkagehub;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.linkagehub.canonical.DecisionValidator;
import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.canonical.MappingEngine;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.ingest.MappingDryRun;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.ConfigFileException;
import org.linkagehub.platform.ConfigFiles;
import org.linkagehub.platform.LinkageProperties;
import org.linkagehub.routing.RoutingTable;

/**
 * {@code java -jar linkage-hub.jar mapping-test <mapping> <sample…> [--linkage.config-dir=…]}: runs a mapping and
 * the routing table over sample payloads and prints, per sample, the canonical result or every reason, and the
 * departments. It builds only the mapping and routing objects — no web server, database or broker, no state
 * changed — so an IT team can try a changed mapping in seconds. Exit code 0 when every sample maps cleanly, 1
 * otherwise, 2 for a usage error.
 */
final class MappingTestCommand {

    static final String NAME = "mapping-test";
    private static final String CONFIG_DIR = "--linkage.config-dir=";

    private MappingTestCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Path configDir = null;
        List<String> positional = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith(CONFIG_DIR)) {
                configDir = Path.of(arg.substring(CONFIG_DIR.length()));
            } else if (!arg.startsWith("--")) {
                positional.add(arg);
            }
        }
        if (positional.size() < 2) {
            err.println("usage: java -jar linkage-hub.jar " + NAME + " <mapping> <sample>... [" + CONFIG_DIR + "<folder>]");
            return 2;
        }
        ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .defaultTimeZone(TimeZone.getTimeZone(BeijingTime.ZONE))
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .enable(SerializationFeature.INDENT_OUTPUT).build();
        MappingDryRun dryRun;
        try {
            ConfigFiles files = new ConfigFiles(new LinkageProperties(Path.of("data"), configDir,
                    new LinkageProperties.Broker("127.0.0.1", 0, "linkage-hub", null), new LinkageProperties.Postgres(0, null)));
            dryRun = new MappingDryRun(new MappingCatalog(files), new MappingEngine(json, new DecisionValidator()),
                    new RoutingTable(files, new DepartmentRegistry(files)), Clock.system(BeijingTime.ZONE));
        } catch (ConfigFileException e) {
            err.println(e.getMessage());
            return 1;
        }
        boolean clean = true;
        for (String sample : positional.subList(1, positional.size())) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("sample", sample);
            try {
                MappingDryRun.Result result = dryRun.run(positional.get(0), Files.readAllBytes(Path.of(sample)));
                report.put("result", result);
                clean &= result.clean();
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            } catch (IOException e) {
                report.put("error", "cannot read " + sample + ": " + e.getMessage());
                clean = false;
            }
            try {
                out.println(json.writeValueAsString(report));
            } catch (IOException e) {
                throw new IllegalStateException("cannot print the result of " + sample, e);
            }
        }
        return clean ? 0 : 1;
    }
}
