package io.xdpfeed.xdp;

/**
 * An entry of the RX and TX rings of an AF_XDP socket, a {@code struct xdp_desc} ({@code linux/if_xdp.h}, 16 bytes):
 * <pre>
 *   0                               8               12              16
 *   +-------------------------------+---------------+---------------+
 *   |  u64 addr (offset in UMEM)    |   u32 len     |  u32 options  |
 *   +-------------------------------+---------------+---------------+
 * </pre>
 * The one description of it: the {@link RxRing} reads entries the kernel wrote, the {@link TxRing} writes entries for
 * the kernel, the receive loop reads them in place.
 */
public final class XdpDescriptor
{
    /** Bytes of {@code struct xdp_desc}. */
    public static final int SIZE = 16;

    static final int SHIFT = 4;
    static final long ADDR_OFFSET = 0;
    static final long LEN_OFFSET = 8;
    static final long OPTIONS_OFFSET = 12;

    private XdpDescriptor()
    {
    }
}
