package org.linkagehub.routing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.linkagehub.canonical.Reason;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.ConfigFileException;
import org.linkagehub.platform.ConfigFiles;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The memoranda's matter → department table ({@code mappings/routing/matters.yaml}). Every department it
 * names must be in the registry: a typo is refused with the file and line rather than sending decisions
 * nowhere. The table in force is replaced as a whole by {@link RoutingReloader}; a decision is routed by one
 * version or the next, never a mixture.
 */
@Component
public class RoutingTable {

    static final String FILE = "routing/matters.yaml";

    private final DepartmentRegistry departments;
    private volatile Loaded loaded;

    public RoutingTable(ConfigFiles files, DepartmentRegistry departments) {
        this.departments = departments;
        this.loaded = load(files, files.mapping(FILE), departments.current());
    }

    /** Reads and checks a matters file against a registry; nothing changes until {@link #install}. */
    static Loaded load(ConfigFiles files, Resource resource, DepartmentRegistry.Loaded departments) {
        Doc doc = files.read(resource, Doc.class);
        String where = ConfigFiles.describe(resource);
        Map<String, List<MatterRule>> map = new LinkedHashMap<>();
        for (MatterRule rule : doc.matters()) {
            String at = where + files.lineOf(resource, "code: " + rule.code());
            List<String> named = new ArrayList<>(rule.assist());
            named.add(rule.primary());
            for (String code : named) {
                if (departments.find(code).isEmpty()) {
                    throw new ConfigFileException(at + ": matter " + rule.code() + " names department '" + code
                            + "', which is not in " + DepartmentRegistry.FILE);
                }
            }
            if (rule.assist().contains(rule.primary())) {
                throw new ConfigFileException(at + ": matter " + rule.code() + " lists " + rule.primary()
                        + " as both primary and assisting department");
            }
            map.computeIfAbsent(rule.code(), k -> new ArrayList<>()).add(rule);
        }
        return new Loaded(Map.copyOf(map), doc.version(), departments, List.copyOf(doc.matters()));
    }

    void install(Loaded next) {
        this.loaded = next;
    }

    /**
     * The departments that supervise a matter for a decision of that date: one PRIMARY, then one ASSIST
     * per assisting department. Empty when the memoranda name nobody.
     */
    public List<Route> route(String matterCode, LocalDate decisionDate) {
        Loaded table = loaded;
        for (MatterRule rule : table.byMatter().getOrDefault(matterCode, List.of())) {
            if (rule.appliesOn(decisionDate)) {
                String ruleRef = rule.code() + " " + rule.memo();
                List<Route> routes = new ArrayList<>();
                routes.add(new Route(table.departments().find(rule.primary()).orElseThrow(), Route.Role.PRIMARY,
                        ruleRef, table.version()));
                for (String assist : rule.assist()) {
                    routes.add(new Route(table.departments().find(assist).orElseThrow(), Route.Role.ASSIST, ruleRef,
                            table.version()));
                }
                return routes;
            }
        }
        return List.of();
    }

    /**
     * A later version goes to every department that had an earlier one, even if the table has moved the matter
     * since: a department supervising a licence must hear of its revocation. Adds those missing from
     * {@code routes}, in the order given, each with the role it had.
     *
     * @param lineageId          the lineage of the later version
     * @param earlierDepartments {department code, role} of each department an earlier version went to
     */
    public void addEarlierDepartments(String lineageId, List<Route> routes, List<String[]> earlierDepartments) {
        for (String[] earlier : earlierDepartments) {
            boolean present = routes.stream().anyMatch(r -> r.department().code().equals(earlier[0]));
            if (!present) {
                departments.find(earlier[0]).ifPresent(d -> routes.add(new Route(d, Route.Role.valueOf(earlier[1]),
                        "lineage " + lineageId + " (an earlier version went here)", version())));
            }
        }
    }

    /** Why a supervised decision of a matter the memoranda do not cover cannot be delivered (it is quarantined). */
    public Reason noRoute(String matterCode) {
        return Reason.of("matter.code", matterCode, "no-route", "the memoranda name no supervising department for matter "
                + matterCode + " (routing table " + version() + ")");
    }

    public String version() {
        return loaded.version();
    }

    /** The rules in force, in file order. */
    public List<MatterRule> rules() {
        return loaded.rules();
    }

    /** One version of the table, with the registry it was checked against. */
    record Loaded(Map<String, List<MatterRule>> byMatter, String version, DepartmentRegistry.Loaded departments,
            List<MatterRule> rules) {
    }

    record Doc(@JsonProperty(required = true) String version,
            @JsonProperty(required = true) List<MatterRule> matters) {
    }
}
