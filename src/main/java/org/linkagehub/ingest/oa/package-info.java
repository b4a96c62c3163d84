/**
 * The OA platform's file drop (legacy-formats §1): one XML decision document per file, taken from a local
 * inbox folder or an SFTP folder, stored raw, mapped by {@code mappings/sources/oa.yaml}, and moved to
 * {@code .done/} or {@code .failed/} (beside a reason file) — never deleted.
 */
package org.linkagehub.ingest.oa;
