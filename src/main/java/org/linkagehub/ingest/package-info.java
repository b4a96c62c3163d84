/**
 * Where decisions come from: each platform's inbound interface, the raw store that keeps every payload
 * before anything parses it, and the intake that turns a stored payload into decisions or quarantine.
 */
package org.linkagehub.ingest;
