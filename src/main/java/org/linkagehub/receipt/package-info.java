/**
 * How each department's acknowledgement is tracked: receipts (签收, supervision started, returned), the
 * working-day calendar and the deadlines it gives every delivery.
 */
package org.linkagehub.receipt;
