/**
 * The loop back to the bureau (issue 12): a department's letter (函告) to the approval bureau about a decision, a
 * penalty, a violation or a serious problem, and the bureau's reply (函复). This package owns the tables
 * {@code case_file}, {@code case_event}, {@code case_reply}, {@code case_decision} and {@code case_attachment}:
 * {@link org.linkagehub.cases.CaseService} files, replies and closes cases, {@link org.linkagehub.cases.CaseQueries}
 * reads them. New case types (issue 13) add a constant to {@link org.linkagehub.cases.CaseType} and a branch to
 * {@link org.linkagehub.cases.CaseValidator}.
 */
package org.linkagehub.cases;
