package org.linkagehub.delivery;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * What the feature a notice is about says of it now, for the pull channel's items ({@code caseRef} and
 * {@code status} of a case, the status of a task): the feature that owns the thing implements it, so the feed reads
 * no table of another feature.
 */
public interface NoticeDetails {

    /** The {@code about} of the notices this describes, e.g. {@code "case"}. */
    String about();

    /** For each id it knows, the fields to show beside it. */
    Map<UUID, Map<String, Object>> describe(Collection<UUID> ids);
}
