/**
 * Commitment checks (issue 13, 二(五)): verification tasks for grants made on a commitment, their results, and what a
 * false commitment leads to. Owns {@code verification_task} and {@code verification_task_event}.
 */
package org.linkagehub.commitments;
