package io.xdpfeed.sim.send;

import io.xdpfeed.sim.wire.DatagramSink;

/**
 * A sink that puts datagrams on the network from the exchange side of the lab: {@link UdpSender} (one kernel
 * socket write per datagram), {@link MmsgSender} (batched {@code sendmmsg}) or {@link XdpTxSender} (AF_XDP TX ring).
 * Chosen with {@code --tx}, see {@link TxMode}.
 */
public interface LiveSender extends DatagramSink
{
    /**
     * What sends, for the run's first line.
     *
     * @return e.g. {@code xdp (AF_XDP TX ring, copy mode, on xfx0 queue 0)}.
     */
    String describe();

    /**
     * Counters of the run, for the summary.
     *
     * @return one line.
     */
    String statistics();
}
