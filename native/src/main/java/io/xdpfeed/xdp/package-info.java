/**
 * AF_XDP ingress, one class per kernel object: {@link io.xdpfeed.xdp.XdpProgram} (our steering program on an
 * interface) and its {@link io.xdpfeed.xdp.SubscriptionMap}, {@link io.xdpfeed.xdp.Umem},
 * {@link io.xdpfeed.xdp.XskSocket}, and the four rings driven from Java over the mmapped memory
 * ({@link io.xdpfeed.xdp.RxRing}, {@link io.xdpfeed.xdp.FillRing}, {@link io.xdpfeed.xdp.TxRing},
 * {@link io.xdpfeed.xdp.CompletionRing}). {@link io.xdpfeed.xdp.XdpPacketSource} assembles them into a
 * {@link io.xdpfeed.ingress.PacketSource}.
 * <p>
 * libxdp and libbpf are called only to set up and tear down; the receive path is VarHandle acquire/release on the
 * ring indices and plain reads of descriptors and frames.
 */
package io.xdpfeed.xdp;
