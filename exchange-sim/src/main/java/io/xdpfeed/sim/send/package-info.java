/**
 * Senders: live {@link io.xdpfeed.sim.wire.DatagramSink}s that put the simulator's datagrams on a network, chosen by
 * {@link io.xdpfeed.sim.send.TxMode}: one kernel UDP socket per line ({@link io.xdpfeed.sim.send.UdpSender}),
 * batched {@code sendmmsg} ({@link io.xdpfeed.sim.send.MmsgSender}) or AF_XDP TX
 * ({@link io.xdpfeed.sim.send.XdpTxSender}); the busy-spin {@link io.xdpfeed.sim.send.Pacer} that times them; an
 * in-process sink into a handler's ingress ({@link io.xdpfeed.sim.send.HandlerSink}); and the receiving side used to
 * measure them ({@link io.xdpfeed.sim.send.MulticastReceiver}).
 */
package io.xdpfeed.sim.send;
