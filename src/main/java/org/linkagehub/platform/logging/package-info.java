/** Log output that never shows personal data in clear: ID and mobile numbers are masked at the encoder. */
package org.linkagehub.platform.logging;
