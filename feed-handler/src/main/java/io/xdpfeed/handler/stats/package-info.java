/**
 * The handler's latency tiers and live statistics: {@link io.xdpfeed.handler.stats.HandlerLatency} (one HdrHistogram
 * SingleWriterRecorder per tier, written by the receive thread), {@link io.xdpfeed.handler.stats.PacketTimer} with
 * {@link io.xdpfeed.handler.stats.TimedDatagramHandler} and {@link io.xdpfeed.handler.stats.TimedChannelListener}
 * (the hooks that time each datagram on the critical path), {@link io.xdpfeed.handler.stats.StatsAgent} (off the
 * critical path: interval histograms, interval log, Aeron counters), and {@link io.xdpfeed.handler.stats.FeedStatView},
 * the live terminal view behind {@code scripts/feed-stat}.
 * <pre>
 *   tier      from                                   to
 *   wire      exchange SendingTime (packet header)   frame seen (XDP program's stamp, else first touch)
 *   decode    frame seen                             last record of the datagram committed, minus publish
 *   publish   claim of each record                   its commit, summed over the datagram's records
 *   ring-wait frame seen (the kernel's stamp, live)      first touch of the datagram by the receive thread
 *   processing first touch                           last record of the datagram committed
 * </pre>
 * The first three tiers of a datagram add up to SendingTime -&gt; last record committed; so do wire, ring-wait and
 * processing.
 */
package io.xdpfeed.handler.stats;
