package org.linkagehub.departments;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.linkagehub.platform.ConfigFileException;
import org.linkagehub.platform.ConfigFiles;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The departments of {@code mappings/routing/departments.yaml}, checked at start-up and replaced as a whole
 * by the routing reloader ({@code routing.RoutingReloader}) when an operator changes the file. A department added later routes at once: the
 * reload gives it its queue, receipts and cases addresses and broker user on the embedded broker first; a
 * standalone broker needs its {@code broker.xml} stanza, and its deliveries wait in the outbox until then
 * ({@link org.linkagehub.departments.DepartmentQueues}).
 */
@Component
public class DepartmentRegistry {

    public static final String FILE = "routing/departments.yaml";
    private static final Set<String> CHANNELS = Set.of("queue", "http", "browser");
    private static final Set<String> ROLES = Set.of("approval-bureau", "oversight");

    private volatile Loaded loaded;

    public DepartmentRegistry(ConfigFiles files) {
        this.loaded = load(files, files.mapping(FILE));
    }

    /** Reads and checks a departments file; nothing changes until {@link #install}. */
    public static Loaded load(ConfigFiles files, Resource resource) {
        Doc doc = files.read(resource, Doc.class);
        String where = ConfigFiles.describe(resource);
        Map<String, Department> map = new LinkedHashMap<>();
        for (Department d : doc.departments()) {
            String at = where + files.lineOf(resource, "code: " + d.code());
            if (!d.code().matches("[A-Z][A-Z0-9]{1,15}")) {
                throw new ConfigFileException(at + ": department code '" + d.code()
                        + "' must be 2-16 upper-case letters or digits");
            }
            if (!CHANNELS.contains(d.channel())) {
                throw new ConfigFileException(at + ": department " + d.code() + " has channel '" + d.channel()
                        + "', expected one of " + CHANNELS);
            }
            if (d.role() != null && !ROLES.contains(d.role())) {
                throw new ConfigFileException(at + ": department " + d.code() + " has role '" + d.role()
                        + "', expected one of " + ROLES);
            }
            if (map.put(d.code(), d) != null) {
                throw new ConfigFileException(at + ": department " + d.code() + " is listed twice");
            }
        }
        return new Loaded(Map.copyOf(map), doc.version());
    }

    public void install(Loaded next) {
        this.loaded = next;
    }

    public Loaded current() {
        return loaded;
    }

    public Optional<Department> find(String code) {
        return loaded.find(code);
    }

    public Collection<Department> all() {
        return loaded.byCode().values();
    }

    public String version() {
        return loaded.version();
    }

    /** One version of the registry. */
    public record Loaded(Map<String, Department> byCode, String version) {
        public Optional<Department> find(String code) {
            return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code.toUpperCase(Locale.ROOT)));
        }
    }

    record Doc(@JsonProperty(required = true) String version,
            @JsonProperty(required = true) List<Department> departments) {
    }
}
