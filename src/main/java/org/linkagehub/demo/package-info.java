/** Simulators of the city's platforms for the demo profile, so that data visibly flows on a fresh machine. */
package org.linkagehub.demo;
