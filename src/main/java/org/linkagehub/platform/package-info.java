/**
 * Shared plumbing: the embedded PostgreSQL and Artemis defaults, where {@code routes/} and
 * {@code mappings/} files are read from, Beijing time, security, and the names of queues.
 */
package org.linkagehub.platform;
