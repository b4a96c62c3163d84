/**
 * Return visits (回访, issue 13 item 5, rules 三(七)): the bureau visits its decisions afterwards to learn whether
 * supervision is really happening. {@link org.linkagehub.visits.ReturnVisits} lists a month's delivered decisions
 * to visit (those whose supervision did not start within {@code linkage.return-visits.after}, plus a reproducible
 * {@link org.linkagehub.visits.VisitSample sample} of the rest) and records the bureau's visits. This package owns
 * the table {@code return_visit}; it reads deliveries and decisions only through
 * {@link org.linkagehub.visits.DeliveredDecisions}, read-only.
 */
package org.linkagehub.visits;
