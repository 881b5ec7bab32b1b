package io.xdpfeed.ingress;

/**
 * A source of UDP datagrams polled by one thread: AF_XDP socket, kernel UDP socket or capture file.
 * <p>
 * {@link #poll(DatagramHandler, int)} never blocks and never allocates in steady state: it hands at most
 * {@code limit} datagrams to the handler and returns how many it handed, 0 when idle, so that an
 * {@link org.agrona.concurrent.IdleStrategy} can decide how to wait.
 */
public interface PacketSource extends AutoCloseable
{
    /**
     * Deliver the datagrams that are ready.
     *
     * @param handler receiving each datagram in place.
     * @param limit   the most datagrams to deliver in this call.
     * @return the number of datagrams delivered (the work count of an Agrona agent).
     */
    int poll(DatagramHandler handler, int limit);

    /**
     * Short name of the transport for logs and reports, e.g. {@code xdp}, {@code udp}, {@code pcap}.
     *
     * @return the transport name.
     */
    String transport();

    /**
     * Sample the source's counters; may be called from another thread than the one polling. A source without
     * counters reports zeros.
     *
     * @param statistics overwritten with the current values.
     */
    default void statistics(final IngressStatistics statistics)
    {
        statistics.reset();
    }

    /**
     * Release the socket, rings, program or mapping. Idempotent.
     */
    @Override
    void close();
}
