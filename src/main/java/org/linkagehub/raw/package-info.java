/**
 * Raw inputs: every payload exactly as it arrived, stored and committed before anything reads it, and the only
 * way back to it for a replay, an attachment or an audit. Owns table {@code raw_input}; past an operator's retention
 * period it hands unreferenced ones to the archive and deletes them (package {@code retention}).
 */
package org.linkagehub.raw;
