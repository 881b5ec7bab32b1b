/**
 * Per-channel state: {@link io.xdpfeed.handler.channel.ChannelState} (instruments, RptSeq, the decode modes) and the
 * classes it dispatches to (book, order book, event and definition updaters, the snapshot recovery state machine),
 * {@link io.xdpfeed.handler.channel.PacketSequencer} (A/B arbitration with a reorder window and a gap
 * wait), the bounded recovery queue of packet copies, and {@link io.xdpfeed.handler.channel.ChannelListener}, the
 * records a channel asks to publish.
 */
package io.xdpfeed.handler.channel;
