/**
 * The market-supervision system (市场监管综合业务管理系统): its licensing view {@code V_XK_GS}, polled over JDBC by
 * (change time {@code SJC}, row {@code ID}). The view's connection pool is private to this package, never a
 * {@code DataSource} bean, so Flyway, the outbox and everything else keep the hub's own database.
 */
package org.linkagehub.ingest.market;
