/**
 * How an input becomes one canonical decision: the model departments script against, the declarative
 * per-source mappings under {@code mappings/sources/}, and the checks (USCC, ID number, dates) that decide
 * whether it is valid.
 */
package org.linkagehub.canonical;
