package org.linkagehub.console;

import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.linkagehub.departments.Department;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page needs: the current path (for the language switch), the department names, the bureau's code
 * and the user's department.
 */
@ControllerAdvice(assignableTypes = {OverviewController.class, QuarantinePagesController.class,
        DepartmentPagesController.class, ScorecardController.class, TimelineController.class, ActionsController.class,
        CasePagesController.class, VisitPagesController.class, TaskPagesController.class, LoginController.class})
class ConsoleModel {

    private final Map<String, String> departmentNames;
    private final String bureauCode;

    ConsoleModel(DepartmentRegistry departments) {
        this.departmentNames = departments.all().stream()
                .collect(Collectors.toUnmodifiableMap(Department::code, Department::name));
        this.bureauCode = departments.all().stream().filter(d -> CasePagesController.BUREAU_ROLE.equals(d.role()))
                .map(Department::code).findFirst().orElse(null);
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI();
    }

    @ModelAttribute("departmentNames")
    Map<String, String> departmentNames() {
        return departmentNames;
    }

    /** The approval bureau's code (registry role {@code approval-bureau}): its users see the cases inbox. */
    @ModelAttribute("bureauCode")
    String bureauCode() {
        return bureauCode;
    }

    @ModelAttribute("myDepartment")
    String myDepartment(Authentication user) {
        return Caller.department(user).orElse(null);
    }
}
