/**
 * Where a decision goes: the memoranda's matter → department table (谁主管、谁监管), data under
 * {@code mappings/routing/}, reloaded as a whole with the department registry.
 */
package org.linkagehub.routing;
