/**
 * Raw inputs: every payload exactly as it arrived, stored and committed before anything reads it, and the only
 * way back to it for a replay, an attachment or an audit. Owns table {@code raw_input}.
 */
package org.linkagehub.raw;
