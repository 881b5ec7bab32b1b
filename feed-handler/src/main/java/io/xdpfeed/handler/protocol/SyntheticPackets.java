package io.xdpfeed.handler.protocol;

import org.agrona.MutableDirectBuffer;

/**
 * A stream of synthetic datagrams of one protocol for one channel, valid and in sequence, that change books and
 * publish records the way live traffic does: what the start-up warm-up drives through a scratch engine so that the
 * JIT compiles the live path before the first live packet ({@code engine.WarmUp}). Each call writes the next datagram;
 * the warm-up hands the same bytes to the channel's A and then its B line. One thread; no allocation per call.
 */
public interface SyntheticPackets
{
    /** Room the buffer handed to {@link #next} has, from offset 0: any generator's datagram fits it. */
    int MAX_LENGTH = 1500;

    /**
     * @param buffer        where, from offset 0, at least {@link #MAX_LENGTH} bytes.
     * @param sendingTimeNs the exchange's sending time of the datagram, epoch ns (where the protocol has one).
     * @return the datagram's length.
     */
    int next(MutableDirectBuffer buffer, long sendingTimeNs);
}
