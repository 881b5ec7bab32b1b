/**
 * The pipeline of one channel, composed by {@link io.xdpfeed.handler.channel.ChannelPipeline} with the protocol the
 * caller chose: {@link io.xdpfeed.handler.channel.ChannelState} (the engine's entry points and the counters),
 * {@link io.xdpfeed.handler.channel.PacketSequencer} (A/B arbitration with a reorder window and a gap wait), the
 * sequenced stream, the sinks the protocol's decoder calls (book, order book, event and definition updaters sharing
 * an instrument directory, an RptSeq gate and the open match event; the snapshot recovery and its state machine),
 * the bounded recovery queue of packet copies, and {@link io.xdpfeed.handler.channel.ChannelListener}, the records a
 * channel asks to publish. Protocol-neutral: nothing here names a protocol's types.
 */
package io.xdpfeed.handler.channel;
