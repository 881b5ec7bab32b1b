package io.xdpfeed.xdp;

import org.agrona.UnsafeApi;

import java.lang.foreign.MemorySegment;

/**
 * The TX ring of an AF_XDP socket: Java produces one descriptor per frame to send, the kernel consumes them and
 * returns the frames on the {@link CompletionRing}. Each entry is an {@link XdpDescriptor}. After {@link #submit(int)},
 * a copy-mode socket (or one whose ring {@link #needsWakeup()}) needs {@link XskSocket#kickTx()}.
 */
public final class TxRing extends ProducerRing
{
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
        final long slot = slot(index, XdpDescriptor.SHIFT);
        UnsafeApi.putLong(slot + XdpDescriptor.ADDR_OFFSET, address);
        UnsafeApi.putInt(slot + XdpDescriptor.LEN_OFFSET, length);
        UnsafeApi.putInt(slot + XdpDescriptor.OPTIONS_OFFSET, 0);
    }
}
