/**
 * The pipeline of one channel, composed by {@link io.xdpfeed.handler.channel.ChannelPipeline}:
 * {@link io.xdpfeed.handler.channel.ChannelState} (the engine's entry points and the counters),
 * {@link io.xdpfeed.handler.channel.PacketSequencer} (A/B arbitration with a reorder window and a gap wait), the
 * sequenced stream, the message dispatcher (by decode mode), the updaters (book, order book, event, definition)
 * sharing an instrument directory, an RptSeq gate and the open match event, the snapshot recovery and its state
 * machine, the bounded recovery queue of packet copies, and {@link io.xdpfeed.handler.channel.ChannelListener}, the
 * records a channel asks to publish.
 */
package io.xdpfeed.handler.channel;
