/**
 * Inputs that cannot become a valid, routed decision, kept with their source reference and every reason,
 * so that nothing is lost and each can be replayed after a mapping or routing fix.
 */
package org.linkagehub.quarantine;
