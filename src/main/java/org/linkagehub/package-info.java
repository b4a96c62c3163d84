/**
 * Linkage Hub: approval decisions from the city's platforms, normalised, routed to the supervising
 * departments and tracked until each department has signed for them and started supervision.
 */
package org.linkagehub;
