/**
 * Shared plumbing: the embedded PostgreSQL and Artemis defaults, where {@code routes/} and
 * {@code mappings/} files are read from, Beijing time, security, the names of queues, and what each department
 * has on the broker (provisioned on the embedded one, checked on a standalone one).
 */
package org.linkagehub.platform;
