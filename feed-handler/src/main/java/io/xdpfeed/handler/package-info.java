/**
 * The handler's command-line programs, on top of every other package: {@link io.xdpfeed.handler.FeedHandlerMain}
 * ({@code scripts/feed-handler}: launch, run until a signal, print the latency summary, optionally write the final
 * books) and {@link io.xdpfeed.handler.FeedStat} ({@code scripts/feed-stat}: the live terminal view of a running
 * handler's counters). Nothing under {@code io.xdpfeed.handler} imports this package.
 */
package io.xdpfeed.handler;
