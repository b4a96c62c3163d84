/**
 * How each department's acknowledgement is tracked: receipts (签收, supervision started, returned) by REST or
 * queue, and the deadline watch that warns, reminds and escalates to the oversight office when a deadline passes.
 */
package org.linkagehub.receipt;
