/**
 * The HTTP push channel, for departments whose registry entry says {@code channel: http}: their outbox rows are
 * POSTed, signed, to the endpoint configured for the department, one lane per department so that one dead
 * endpoint or poison message never delays another department, with back-off persisted in the outbox. Messages
 * parked after the last attempt wait for an operator's audited retry, which the console asks of
 * {@link org.linkagehub.delivery.ParkedPushes}; the settings are {@link org.linkagehub.delivery.PushProperties}.
 * Nothing outside package delivery uses this package.
 */
package org.linkagehub.delivery.push;
