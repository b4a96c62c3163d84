package org.linkagehub.routing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.linkagehub.canonical.Reason;
import org.linkagehub.platform.ConfigFileException;
import org.linkagehub.platform.ConfigFiles;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The memoranda's matter → department table ({@code mappings/routing/matters.yaml}). Every department it
 * names must be in the registry: a typo fails start-up rather than sending decisions nowhere.
 */
@Component
public class RoutingTable {

    static final String FILE = "routing/matters.yaml";

    private final Map<String, List<MatterRule>> byMatter;
    private final String version;
    private final DepartmentRegistry departments;

    public RoutingTable(ConfigFiles files, DepartmentRegistry departments) {
        this.departments = departments;
        Resource resource = files.mapping(FILE);
        Doc doc = files.read(resource, Doc.class);
        String where = ConfigFiles.describe(resource);
        Map<String, List<MatterRule>> map = new HashMap<>();
        for (MatterRule rule : doc.matters()) {
            List<String> named = new ArrayList<>(rule.assist());
            named.add(rule.primary());
            for (String code : named) {
                if (departments.find(code).isEmpty()) {
                    throw new ConfigFileException(where + ": matter " + rule.code() + " names department '" + code
                            + "', which is not in " + DepartmentRegistry.FILE);
                }
            }
            if (rule.assist().contains(rule.primary())) {
                throw new ConfigFileException(where + ": matter " + rule.code() + " lists " + rule.primary()
                        + " as both primary and assisting department");
            }
            map.computeIfAbsent(rule.code(), k -> new ArrayList<>()).add(rule);
        }
        this.byMatter = Map.copyOf(map);
        this.version = doc.version();
    }

    /**
     * The departments that supervise a matter for a decision of that date: one PRIMARY, then one ASSIST
     * per assisting department. Empty when the memoranda name nobody.
     */
    public List<Route> route(String matterCode, LocalDate decisionDate) {
        for (MatterRule rule : byMatter.getOrDefault(matterCode, List.of())) {
            if (rule.appliesOn(decisionDate)) {
                String ruleRef = rule.code() + " " + rule.memo();
                List<Route> routes = new ArrayList<>();
                routes.add(new Route(departments.find(rule.primary()).orElseThrow(), Route.Role.PRIMARY, ruleRef,
                        version));
                for (String assist : rule.assist()) {
                    routes.add(new Route(departments.find(assist).orElseThrow(), Route.Role.ASSIST, ruleRef,
                            version));
                }
                return routes;
            }
        }
        return List.of();
    }

    /** Why a supervised decision of a matter the memoranda do not cover cannot be delivered (it is quarantined). */
    public Reason noRoute(String matterCode) {
        return Reason.of("matter.code", matterCode, "no-route", "the memoranda name no supervising department for matter "
                + matterCode + " (routing table " + version + ")");
    }

    public String version() {
        return version;
    }

    record Doc(@JsonProperty(required = true) String version,
            @JsonProperty(required = true) List<MatterRule> matters) {
    }
}
