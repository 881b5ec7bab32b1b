package io.xdpfeed.xdp;

import org.agrona.UnsafeApi;

import java.lang.foreign.MemorySegment;

/**
 * The TX ring of an AF_XDP socket: Java produces one descriptor per frame to send, the kernel consumes them and
 * returns the frames on the {@link CompletionRing}. Each entry is a {@code struct xdp_desc} (16 bytes):
 * <pre>
 *   0                               8               12              16
 *   +-------------------------------+---------------+---------------+
 *   |  u64 addr (offset in UMEM)    |   u32 len     |  u32 options  |
 *   +-------------------------------+---------------+---------------+
 * </pre>
 * After {@link #submit(int)}, a copy-mode socket (or one whose ring {@link #needsWakeup()}) needs
 * {@link XskSocket#kickTx()}.
 */
public final class TxRing extends ProducerRing
{
    /** Bytes of {@code struct xdp_desc}. */
    public static final int DESCRIPTOR_SIZE = 16;

    private static final int DESCRIPTOR_SHIFT = 4;
    private static final long ADDR_OFFSET = 0;
    private static final long LEN_OFFSET = 8;
    private static final long OPTIONS_OFFSET = 12;

    /**
     * View the ring libxdp described.
     *
     * @param ringStruct the {@code struct xsk_ring_prod} passed to {@code xsk_socket__create}.
     */
    public TxRing(final MemorySegment ringStruct)
    {
        super(ringStruct);
    }

    /**
     * Describe a frame to send in a reserved entry.
     *
     * @param index   of the entry, from {@link #reserveIndex()} onwards.
     * @param address UMEM offset of the first byte of the Ethernet frame.
     * @param length  of the frame in bytes.
     */
    public void descriptor(final int index, final long address, final int length)
    {
        final long slot = slot(index, DESCRIPTOR_SHIFT);
        UnsafeApi.putLong(slot + ADDR_OFFSET, address);
        UnsafeApi.putInt(slot + LEN_OFFSET, length);
        UnsafeApi.putInt(slot + OPTIONS_OFFSET, 0);
    }
}
