/**
 * Where a decision goes once routed: one delivery per department, written with the decision into a
 * transactional outbox and drained in order to the department's queue on the broker.
 */
package org.linkagehub.delivery;
