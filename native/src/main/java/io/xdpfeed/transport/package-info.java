/**
 * Choosing a live packet source: {@link io.xdpfeed.transport.PacketSources} opens AF_XDP
 * ({@code io.xdpfeed.xdp}), kernel UDP ({@code io.xdpfeed.ingress}) or, with {@code auto}, the first that can be set
 * up; {@link io.xdpfeed.transport.SequenceReceiver} is the receive benchmark behind {@code scripts/bench-ingress}.
 * It sits above both: {@code xdp} implements {@code ingress}'s interfaces, and neither imports this package.
 */
package io.xdpfeed.transport;
