/**
 * What operators, the oversight office (督查室) and browser-only departments see: the decision query API and the
 * web console at {@code /console} — route and source health, quarantine, departments' load and scorecards, a
 * decision's timeline, and the audited operator actions — behind its own form-login filter chain. It holds no SQL
 * and writes nothing itself: it reads through the features' query classes and asks the features to act.
 */
package org.linkagehub.console;
