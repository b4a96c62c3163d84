package org.linkagehub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.ConfigFiles;
import org.linkagehub.platform.LinkageProperties;

/** A later version also goes to every department that had an earlier one, with the role it had there. */
class EarlierDepartmentsTest {

    private static final String BUILDING = "640200-SPJ-ZJ-0008";
    private static final String LINEAGE = "0b6c2f0e-6b8a-4c55-9a43-2b1f3f0f1a11";

    private final ConfigFiles files = new ConfigFiles(new LinkageProperties(Path.of("data"), null, null, null));
    private final RoutingTable table = new RoutingTable(files, new DepartmentRegistry(files));

    @Test
    void addsTheDepartmentsOfEarlierVersionsTheTableNoLongerNames() {
        List<Route> routes = new ArrayList<>(table.route(BUILDING, LocalDate.of(2026, 11, 21)));
        table.addEarlierDepartments(LINEAGE, routes, List.<String[]>of(new String[] {"ZJ", "PRIMARY"},
                new String[] {"STHJ", "ASSIST"}, new String[] {"GONE", "ASSIST"}));

        assertThat(routes).extracting(r -> r.department().code() + " " + r.role()).containsExactly("ZJ PRIMARY",
                "YJ ASSIST", "STHJ ASSIST");
        Route added = routes.get(2);
        assertThat(added.rule()).isEqualTo("lineage " + LINEAGE + " (an earlier version went here)");
        assertThat(added.version()).isEqualTo(table.version());
    }

    @Test
    void aDepartmentTheTableStillNamesKeepsItsRouteAndRule() {
        List<Route> routes = new ArrayList<>(table.route(BUILDING, LocalDate.of(2026, 11, 21)));
        List<Route> before = List.copyOf(routes);
        table.addEarlierDepartments(LINEAGE, routes, List.<String[]>of(new String[] {"YJ", "PRIMARY"}));

        assertThat(routes).isEqualTo(before);
    }
}
