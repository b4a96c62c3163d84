/**
 * Working days and deadlines: the State Council's holiday calendar ({@code mappings/calendar/}), the deadline
 * rules ({@code 1wd}, {@code 20wd}, per matter and department) and when a deadline given at a moment falls due.
 * Pure rules over configuration: no table, no feature above it.
 */
package org.linkagehub.deadlines;
