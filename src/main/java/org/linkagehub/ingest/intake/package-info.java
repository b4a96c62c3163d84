/**
 * The intake's steps, each a bean with one job that the route {@code intake} ({@code routes/intake.yaml}) calls in
 * turn on one {@link org.linkagehub.ingest.intake.IntakeBatch}: raw store, mapping, validation, chunking, then per
 * chunk in one transaction identity, routing, quarantine and outbox, and last the outcome. Internal to ingest: the
 * rest of the hub hands a payload to {@code direct:intake} (or {@link org.linkagehub.ingest.DecisionIntake}).
 */
package org.linkagehub.ingest.intake;
