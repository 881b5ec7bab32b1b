package io.xdpfeed.ingress;

/**
 * Counters of a {@link PacketSource}, sampled by {@link PacketSource#statistics(IngressStatistics)} into a reusable
 * instance (by the stats agent, not the receive thread). Counters a transport does not have stay 0.
 */
public final class IngressStatistics
{
    private long receivedPackets;
    private long skippedFrames;
    private long droppedPackets;
    private long rxRingFull;
    private long fillRingEmpty;
    private long invalidDescriptors;
    private long badChecksums;
    private long kernelPassed;
    private long kernelDuplicates;
    private long kernelMalformed;

    /**
     * Set every counter to 0.
     *
     * @return this for a fluent API.
     */
    public IngressStatistics reset()
    {
        receivedPackets = 0;
        skippedFrames = 0;
        droppedPackets = 0;
        rxRingFull = 0;
        fillRingEmpty = 0;
        invalidDescriptors = 0;
        badChecksums = 0;
        kernelPassed = 0;
        kernelDuplicates = 0;
        kernelMalformed = 0;
        return this;
    }

    /**
     * Frames or datagrams taken from the source (AF_XDP: RX descriptors; kernel UDP: datagrams).
     *
     * @return the count since the source opened.
     */
    public long receivedPackets()
    {
        return receivedPackets;
    }

    /**
     * Set {@link #receivedPackets()}.
     *
     * @param value the count.
     * @return this for a fluent API.
     */
    public IngressStatistics receivedPackets(final long value)
    {
        receivedPackets = value;
        return this;
    }

    /**
     * Frames taken but not delivered: not a whole IPv4/UDP datagram.
     *
     * @return the count since the source opened.
     */
    public long skippedFrames()
    {
        return skippedFrames;
    }

    /**
     * Set {@link #skippedFrames()}.
     *
     * @param value the count.
     * @return this for a fluent API.
     */
    public IngressStatistics skippedFrames(final long value)
    {
        skippedFrames = value;
        return this;
    }

    /**
     * Frames the kernel dropped for this socket for any reason ({@code XDP_STATISTICS rx_dropped}).
     *
     * @return the count since the socket was bound.
     */
    public long droppedPackets()
    {
        return droppedPackets;
    }

    /**
     * Set {@link #droppedPackets()}.
     *
     * @param value the count.
     * @return this for a fluent API.
     */
    public IngressStatistics droppedPackets(final long value)
    {
        droppedPackets = value;
        return this;
    }

    /**
     * Frames dropped because the RX ring was full: the receiver was too slow ({@code rx_ring_full}).
     *
     * @return the count since the socket was bound.
     */
    public long rxRingFull()
    {
        return rxRingFull;
    }

    /**
     * Set {@link #rxRingFull()}.
     *
     * @param value the count.
     * @return this for a fluent API.
     */
    public IngressStatistics rxRingFull(final long value)
    {
        rxRingFull = value;
        return this;
    }

    /**
     * Times the kernel found the fill ring empty: no free frame to receive into ({@code rx_fill_ring_empty_descs}).
     *
     * @return the count since the socket was bound.
     */
    public long fillRingEmpty()
    {
        return fillRingEmpty;
    }

    /**
     * Set {@link #fillRingEmpty()}.
     *
     * @param value the count.
     * @return this for a fluent API.
     */
    public IngressStatistics fillRingEmpty(final long value)
    {
        fillRingEmpty = value;
        return this;
    }

    /**
     * Descriptors the kernel rejected ({@code rx_invalid_descs}): a bug when not 0.
     *
     * @return the count since the socket was bound.
     */
    public long invalidDescriptors()
    {
        return invalidDescriptors;
    }

    /**
     * Set {@link #invalidDescriptors()}.
     *
     * @param value the count.
     * @return this for a fluent API.
     */
    public IngressStatistics invalidDescriptors(final long value)
    {
        invalidDescriptors = value;
        return this;
    }

    /**
     * Whole IPv4/UDP datagrams dropped because their UDP checksum failed (only where frames are parsed in Java and
     * the check is on; the kernel socket path drops them before us).
     *
     * @return the count since the source opened.
     */
    public long badChecksums()
    {
        return badChecksums;
    }

    /**
     * Set {@link #badChecksums()}.
     *
     * @param value the count.
     * @return this for a fluent API.
     */
    public IngressStatistics badChecksums(final long value)
    {
        badChecksums = value;
        return this;
    }

    /**
     * Copies of arbitrated lines that the XDP program let through after claiming their MsgSeqNum (kernel
     * arbitration only, summed over the channels).
     *
     * @return the count since the program was loaded.
     */
    public long kernelPassed()
    {
        return kernelPassed;
    }

    /**
     * Set {@link #kernelPassed()}.
     *
     * @param value the count.
     * @return this for a fluent API.
     */
    public IngressStatistics kernelPassed(final long value)
    {
        kernelPassed = value;
        return this;
    }

    /**
     * Copies of arbitrated lines that the XDP program dropped because the other line's copy had claimed the sequence.
     *
     * @return the count since the program was loaded.
     */
    public long kernelDuplicates()
    {
        return kernelDuplicates;
    }

    /**
     * Set {@link #kernelDuplicates()}.
     *
     * @param value the count.
     * @return this for a fluent API.
     */
    public IngressStatistics kernelDuplicates(final long value)
    {
        kernelDuplicates = value;
        return this;
    }

    /**
     * Copies of arbitrated lines that failed a check of the XDP program (lengths, UDP checksum, MDP 3.0 size chain)
     * and went to user space without claiming their sequence.
     *
     * @return the count since the program was loaded.
     */
    public long kernelMalformed()
    {
        return kernelMalformed;
    }

    /**
     * Set {@link #kernelMalformed()}.
     *
     * @param value the count.
     * @return this for a fluent API.
     */
    public IngressStatistics kernelMalformed(final long value)
    {
        kernelMalformed = value;
        return this;
    }

    /**
     * {@code name=value} pairs for logs.
     *
     * @return e.g. {@code received=10 skipped=0 dropped=0 rx_ring_full=0 fill_ring_empty=0 invalid_descs=0
     * bad_checksums=0 kernel_passed=0 kernel_duplicates=0 kernel_malformed=0}.
     */
    @Override
    public String toString()
    {
        return "received=" + receivedPackets + " skipped=" + skippedFrames + " dropped=" + droppedPackets +
            " rx_ring_full=" + rxRingFull + " fill_ring_empty=" + fillRingEmpty +
            " invalid_descs=" + invalidDescriptors + " bad_checksums=" + badChecksums +
            " kernel_passed=" + kernelPassed + " kernel_duplicates=" + kernelDuplicates +
            " kernel_malformed=" + kernelMalformed;
    }
}
