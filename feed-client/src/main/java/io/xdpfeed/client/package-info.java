/**
 * What a strategy links to consume the feed handler's normalized market data: {@link
 * io.xdpfeed.client.MarketDataSubscriber} polls the Aeron stream, {@link io.xdpfeed.client.MarketDataAdapter} decodes
 * each record into a flyweight and calls a {@link io.xdpfeed.client.MarketDataListener}, {@link
 * io.xdpfeed.client.BookMirror} keeps local books with a trust status and recovers from gaps and late starts with
 * snapshot requests on the control stream, and {@link io.xdpfeed.client.SubscriberLatency} records the {@code bus} and
 * {@code end-to-end} latency tiers.
 */
package io.xdpfeed.client;
