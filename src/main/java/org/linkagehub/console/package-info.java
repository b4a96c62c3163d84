/** What operators and the oversight office see: the decision query API (and, as it grows, the web console). */
package org.linkagehub.console;
