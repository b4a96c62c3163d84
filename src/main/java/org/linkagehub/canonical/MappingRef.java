package org.linkagehub.canonical;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which source mapping made a decision or refused a record, stored beside the decision and the quarantine entry so
 * that an auditor can tell, after a fix and a replay, which version refused a record and which one accepted it.
 * The hub's own bookkeeping: the canonical decision departments receive does not carry it.
 *
 * @param name    the mapping's name (its file name without {@code .yaml})
 * @param version the version its editor gave it
 * @param sha256  of the file's bytes: which text it was, also when an edit forgot to bump the version
 */
public record MappingRef(String name, int version, String sha256) {

    /**
     * From the columns {@code mapping_name}, {@code mapping_version}, {@code mapping_sha256} of a decision or a
     * quarantine entry; null when they are null: made before the hub recorded this, or refused before any mapping
     * read it.
     */
    public static MappingRef ofColumns(String name, Integer version, String sha256) {
        return name == null ? null : new MappingRef(name, version, sha256);
    }

    /** From the current row of a query that selects those three columns. */
    public static MappingRef of(ResultSet rs) throws SQLException {
        return ofColumns(rs.getString("mapping_name"), rs.getObject("mapping_version", Integer.class),
                rs.getString("mapping_sha256"));
    }
}
