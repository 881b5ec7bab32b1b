/**
 * The capture replay tool ({@code scripts/replay}) and the demo ({@code scripts/demo}): a capture file pushed
 * through the same packet path as live traffic ({@link io.xdpfeed.handler.replay.EngineReplay}), with a summary of
 * counts and, optionally, every book, trade and volume entry as JSON lines; the final books as JSON
 * ({@link io.xdpfeed.handler.replay.BookJsonWriter}, {@link io.xdpfeed.handler.replay.OrderBookJsonWriter}), which
 * {@code feed-handler --books} writes too.
 */
package io.xdpfeed.handler.replay;
