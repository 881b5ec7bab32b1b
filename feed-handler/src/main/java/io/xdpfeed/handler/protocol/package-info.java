/**
 * The seam between the protocol-neutral engine (line routing, sequencing, recovery, instruments, books,
 * publication) and a market-data protocol. A {@link io.xdpfeed.handler.protocol.Protocol} gives each channel
 * {@link io.xdpfeed.handler.protocol.PacketDecoder}s (framing on arrival, decode once in sequence), which turn the
 * protocol's messages into calls on the channel's {@link io.xdpfeed.handler.protocol.MessageSinks}: book, order,
 * event (trade, volume, status), definition and snapshot sinks, in the channel's own terms. A protocol whose exchange
 * sends lost sequence numbers again (a re-request server, a snapshot server) also gives a channel a
 * {@link io.xdpfeed.handler.protocol.StreamRecovery}, which the channel's gap fill drives. Depends on no protocol
 * and on no engine package: the engine's stages implement these interfaces, the protocol calls them.
 */
package io.xdpfeed.handler.protocol;
