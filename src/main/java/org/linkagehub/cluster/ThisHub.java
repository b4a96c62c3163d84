package org.linkagehub.cluster;

/**
 * This hub's name among the hubs on one database ({@code linkage.cluster.node-id}) and where operators reach it.
 *
 * @param nodeId the name, unique among the hubs
 * @param baseUrl its address for operators
 */
public record ThisHub(String nodeId, String baseUrl) {
}
