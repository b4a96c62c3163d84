/**
 * Where a decision goes once routed: one delivery per department, written with the decision into a
 * transactional outbox and drained in order to the department's queue on the broker. It also answers for what
 * became of them: when a delivery is late ({@link org.linkagehub.delivery.Lateness}, the one definition), the
 * oversight figures per department ({@link org.linkagehub.delivery.DeliveryOversight}, kept by
 * {@link org.linkagehub.delivery.DeliveryFigures}) and the broker's dead letters with their retry
 * ({@link org.linkagehub.delivery.DeadLetters}).
 */
package org.linkagehub.delivery;
