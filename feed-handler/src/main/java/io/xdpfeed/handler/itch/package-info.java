/**
 * Nasdaq TotalView-ITCH 5.0 over MoldUDP64, the second protocol, run by the engine through its protocol seam:
 * {@link io.xdpfeed.handler.itch.ItchProtocol} gives each channel an {@link io.xdpfeed.handler.itch.ItchPacketDecoder}
 * (framing, the message count the engine's sequencer steps by) whose book builder's changes
 * {@link io.xdpfeed.handler.itch.ItchSinkListener} says on the channel's sinks.
 * {@link io.xdpfeed.handler.itch.MoldUdp64Framing} validates a datagram,
 * {@link io.xdpfeed.handler.itch.ItchBookBuilder} sequences its messages per MoldUDP64 sequence number, dispatches on
 * the ITCH type byte to the generated {@code io.xdpfeed.codecs.itch} flyweights and keeps order books and MBP
 * levels (orders in {@link io.xdpfeed.handler.itch.ItchOrders}, indexed by reference number; levels on
 * {@code common.book.MbpSide}), telling an
 * {@link io.xdpfeed.handler.itch.ItchListener} what changed (standalone, it also sequences by itself:
 * {@code onPacket}). Recovery, the engine's {@code StreamRecovery} for a channel with servers
 * ({@link io.xdpfeed.handler.itch.ItchRecovery}, driven by the channel's gap fill):
 * {@link io.xdpfeed.handler.itch.MoldUdp64Requester} re-requests gaps from a MoldUDP64 retransmission server
 * through a {@link io.xdpfeed.handler.itch.MoldUdp64RetransmissionChannel}, and
 * {@link io.xdpfeed.handler.itch.GlimpseClient} reads a GLIMPSE snapshot over SoupBinTCP. Nothing here imports the
 * engine, the channel or the MDP3 packages: only the seam ({@code handler.protocol}) and {@code handler.config}.
 * See docs/itch.md.
 */
package io.xdpfeed.handler.itch;
