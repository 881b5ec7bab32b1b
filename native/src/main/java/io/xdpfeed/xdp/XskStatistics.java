package io.xdpfeed.xdp;

import io.xdpfeed.nativeio.LibC;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The kernel's counters of one AF_XDP socket, read with {@code getsockopt(SOL_XDP, XDP_STATISTICS)} into
 * {@code struct xdp_statistics} (48 bytes, all u64):
 * <pre>
 *   0            8                16               24             32                        40                  48
 *   +------------+----------------+----------------+--------------+-------------------------+-------------------+
 *   | rx_dropped | rx_invalid_    | tx_invalid_    | rx_ring_full | rx_fill_ring_empty_descs| tx_ring_empty_    |
 *   |            |   descs        |   descs        |              |                         |   descs           |
 *   +------------+----------------+----------------+--------------+-------------------------+-------------------+
 * </pre>
 */
public final class XskStatistics
{
    /** Bytes of {@code struct xdp_statistics}. */
    public static final int SIZE = 48;

    private long rxDropped;
    private long rxInvalidDescriptors;
    private long txInvalidDescriptors;
    private long rxRingFull;
    private long rxFillRingEmpty;
    private long txRingEmpty;

    /**
     * Read the counters of a socket.
     *
     * @param fd AF_XDP socket.
     * @return 0, or a negative errno (the counters are then unchanged).
     */
    public int read(final int fd)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment value = arena.allocate(SIZE, 8);
            final MemorySegment length = arena.allocate(JAVA_INT);
            length.set(JAVA_INT, 0, SIZE);
            final int result = LibC.getsockopt(fd, LibC.SOL_XDP, LibC.XDP_STATISTICS, value, length);
            if (0 == result)
            {
                rxDropped = value.get(JAVA_LONG, 0);
                rxInvalidDescriptors = value.get(JAVA_LONG, 8);
                txInvalidDescriptors = value.get(JAVA_LONG, 16);
                final int written = length.get(JAVA_INT, 0);
                rxRingFull = written >= 32 ? value.get(JAVA_LONG, 24) : 0;
                rxFillRingEmpty = written >= 40 ? value.get(JAVA_LONG, 32) : 0;
                txRingEmpty = written >= 48 ? value.get(JAVA_LONG, 40) : 0;
            }
            return result;
        }
    }

    /**
     * Frames dropped for any reason.
     *
     * @return {@code rx_dropped}.
     */
    public long rxDropped()
    {
        return rxDropped;
    }

    /**
     * RX descriptors the kernel found invalid.
     *
     * @return {@code rx_invalid_descs}.
     */
    public long rxInvalidDescriptors()
    {
        return rxInvalidDescriptors;
    }

    /**
     * TX descriptors the kernel found invalid.
     *
     * @return {@code tx_invalid_descs}.
     */
    public long txInvalidDescriptors()
    {
        return txInvalidDescriptors;
    }

    /**
     * Frames dropped because the RX ring was full.
     *
     * @return {@code rx_ring_full}.
     */
    public long rxRingFull()
    {
        return rxRingFull;
    }

    /**
     * Times the fill ring was empty when a frame arrived.
     *
     * @return {@code rx_fill_ring_empty_descs}.
     */
    public long rxFillRingEmpty()
    {
        return rxFillRingEmpty;
    }

    /**
     * Times the TX ring was empty when the kernel looked.
     *
     * @return {@code tx_ring_empty_descs}.
     */
    public long txRingEmpty()
    {
        return txRingEmpty;
    }
}
