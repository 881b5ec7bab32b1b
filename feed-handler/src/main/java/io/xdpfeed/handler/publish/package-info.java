/**
 * Normalized publication over Aeron: {@link io.xdpfeed.handler.publish.MarketDataProxy} encodes the records of the
 * market-data schema with {@code tryClaim} and numbers them; {@link io.xdpfeed.handler.publish.SnapshotRequestAdapter}
 * decodes the late-join requests of the control stream.
 */
package io.xdpfeed.handler.publish;
