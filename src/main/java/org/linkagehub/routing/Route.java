package org.linkagehub.routing;

import org.linkagehub.departments.Department;

/**
 * One department a decision goes to, and why.
 *
 * @param rule    the matter code and memorandum that routed it
 * @param version the routing table's version
 */
public record Route(Department department, Role role, String rule, String version) {

    public enum Role {
        PRIMARY, ASSIST
    }
}
