/**
 * The online service hall (网上办事大厅): completed cases polled page by page over REST. Each page is stored raw
 * before it is read, the walk's cursor is saved only after its last page, and the hall's in-body errors (401,
 * 500 with HTTP 200) become the source's health instead of quarantined decisions.
 */
package org.linkagehub.ingest.hall;
