/**
 * Several hubs on one PostgreSQL: which hub runs each job that must run once in the city. A Camel
 * {@link org.apache.camel.cluster.CamelClusterService} ({@link org.linkagehub.cluster.JdbcLockClusterService}) elects a
 * leader per namespace through Spring Integration's JDBC lock registry in the hub's own database (table
 * {@code cluster_lock}), so routes written {@code master:<namespace>:<uri>} run on one hub at a time and move to
 * another within the lock's time to live when their hub dies. Each hub also says that it is up and what it leads
 * (table {@code hub_node}), for its health component {@code leadership} and the console. It sits just above platform:
 * the routes of many features use it, and it knows no feature.
 */
package org.linkagehub.cluster;
