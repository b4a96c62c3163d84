/**
 * Where a decision goes: the department registry and the memoranda's matter → department table
 * (谁主管、谁监管), both data under {@code mappings/routing/}.
 */
package org.linkagehub.routing;
