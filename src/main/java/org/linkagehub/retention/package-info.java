/**
 * Retention of the public records (issue 16, item 7): raw inputs, delivery events and the audit are kept for the
 * period an operator sets ({@code linkage.retention.*}, default for ever); past it, the job archives them
 * (gzip'd JSON lines and a manifest of sha256 sums, fsynced) and only then asks each table's owner to delete exactly
 * the archived rows, in small batches of their own short transactions. Owns no table.
 */
package org.linkagehub.retention;
