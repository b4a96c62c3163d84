package org.linkagehub.routing;

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

/** The departments of {@code mappings/routing/departments.yaml}, checked at start-up. */
@Component
public class DepartmentRegistry {

    static final String FILE = "routing/departments.yaml";
    private static final Set<String> CHANNELS = Set.of("queue", "http", "browser");
    private static final Set<String> ROLES = Set.of("approval-bureau", "oversight");

    private final Map<String, Department> byCode;
    private final String version;

    public DepartmentRegistry(ConfigFiles files) {
        Resource resource = files.mapping(FILE);
        Doc doc = files.read(resource, Doc.class);
        String where = ConfigFiles.describe(resource);
        Map<String, Department> map = new LinkedHashMap<>();
        for (Department d : doc.departments()) {
            if (!d.code().matches("[A-Z][A-Z0-9]{1,15}")) {
                throw new ConfigFileException(where + ": department code '" + d.code()
                        + "' must be 2-16 upper-case letters or digits");
            }
            if (!CHANNELS.contains(d.channel())) {
                throw new ConfigFileException(where + ": department " + d.code() + " has channel '" + d.channel()
                        + "', expected one of " + CHANNELS);
            }
            if (d.role() != null && !ROLES.contains(d.role())) {
                throw new ConfigFileException(where + ": department " + d.code() + " has role '" + d.role()
                        + "', expected one of " + ROLES);
            }
            if (map.put(d.code(), d) != null) {
                throw new ConfigFileException(where + ": department " + d.code() + " is listed twice");
            }
        }
        this.byCode = Map.copyOf(map);
        this.version = doc.version();
    }

    public Optional<Department> find(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code.toUpperCase(Locale.ROOT)));
    }

    public Collection<Department> all() {
        return byCode.values();
    }

    public String version() {
        return version;
    }

    record Doc(@JsonProperty(required = true) String version,
            @JsonProperty(required = true) List<Department> departments) {
    }
}
