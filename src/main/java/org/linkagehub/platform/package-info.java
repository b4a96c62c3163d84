/**
 * Shared plumbing that knows no department and no decision: the embedded PostgreSQL default, where
 * {@code routes/} and {@code mappings/} files are read from, Beijing time, JSON, webhook signatures, outgoing
 * HTTP, the names of queues, the audit log, the intake gate and the event counters ({@link
 * org.linkagehub.platform.HubMetrics}).
 */
package org.linkagehub.platform;
