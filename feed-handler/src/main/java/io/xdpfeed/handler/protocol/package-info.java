/**
 * The seam between a channel's protocol-neutral stages (sequencing, the sequenced stream, the recovery queue's
 * replay) and a market-data protocol: {@link io.xdpfeed.handler.protocol.PacketDecoder}. Depends on no protocol.
 */
package io.xdpfeed.handler.protocol;
