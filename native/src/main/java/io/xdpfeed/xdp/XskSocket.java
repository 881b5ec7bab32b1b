package io.xdpfeed.xdp;

import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.nativeio.LibC;
import io.xdpfeed.nativeio.LibXdp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * An AF_XDP socket bound to one RX queue of an interface, with its {@link RxRing} and/or {@link TxRing}, created by
 * {@code xsk_socket__create} from {@code struct xsk_socket_config} (20 bytes):
 * <pre>
 *   0            4            8                 12            16           18       20
 *   +------------+------------+-----------------+-------------+------------+--------+
 *   |  rx_size   |  tx_size   |  libxdp_flags   |  xdp_flags  | bind_flags |  pad   |
 *   +------------+------------+-----------------+-------------+------------+--------+
 * </pre>
 * libxdp is told not to load its own program ({@code XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD}): the socket is put into
 * our program's XSKMAP with {@link #updateXskMap(int)}. Bound with {@code XDP_USE_NEED_WAKEUP} so that the kernel
 * asks for a syscall only when it needs one, and with {@code XDP_ZEROCOPY} or {@code XDP_COPY} as requested.
 */
public final class XskSocket implements AutoCloseable
{
    /** Bytes of {@code struct xsk_socket_config}. */
    public static final int CONFIG_SIZE = 20;

    private static final int BUSY_RETRIES = 40;
    private static final long BUSY_RETRY_INTERVAL_NS = 50_000_000L;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment socket;
    private final RxRing rxRing;
    private final TxRing txRing;
    private final String interfaceName;
    private final int queueId;
    private final int fd;
    private final boolean zeroCopy;
    private boolean closed;

    /**
     * Create the socket and bind it.
     *
     * @param interfaceName to bind.
     * @param queueId       RX queue to bind.
     * @param umem          owning the frames; must outlive this socket.
     * @param rxSize        entries of the RX ring, 0 for a TX-only socket.
     * @param txSize        entries of the TX ring, 0 for an RX-only socket.
     * @param zeroCopy      bind with {@code XDP_ZEROCOPY} (fails unless the driver offers it), else {@code XDP_COPY}.
     * @throws IngressException with the errno description when the bind fails.
     */
    public XskSocket(
        final String interfaceName,
        final int queueId,
        final Umem umem,
        final int rxSize,
        final int txSize,
        final boolean zeroCopy)
    {
        this.interfaceName = interfaceName;
        this.queueId = queueId;
        this.zeroCopy = zeroCopy;
        try
        {
            final MemorySegment rxStruct = rxSize > 0 ?
                arena.allocate(XskRing.RING_STRUCT) : MemorySegment.NULL;
            final MemorySegment txStruct = txSize > 0 ?
                arena.allocate(XskRing.RING_STRUCT) : MemorySegment.NULL;
            final MemorySegment config = arena.allocate(CONFIG_SIZE, 4);
            config.set(JAVA_INT, 0, rxSize);
            config.set(JAVA_INT, 4, txSize);
            config.set(JAVA_INT, 8, LibXdp.XSK_LIBXDP_FLAGS_INHIBIT_PROG_LOAD);
            config.set(JAVA_INT, 12, 0);
            config.set(JAVA_SHORT, 16,
                (short)(LibXdp.XDP_USE_NEED_WAKEUP | (zeroCopy ? LibXdp.XDP_ZEROCOPY : LibXdp.XDP_COPY)));
            final MemorySegment socketOut = arena.allocate(ADDRESS);

            final MemorySegment name = arena.allocateFrom(interfaceName);
            int result = LibXdp.xskSocketCreate(socketOut, name, queueId, umem.handle(), rxStruct, txStruct, config);
            for (int attempt = 0; -LibC.EBUSY == result && attempt < BUSY_RETRIES; attempt++)
            {
                // the kernel releases a closed socket's queue binding asynchronously: a restart may find it held
                LockSupport.parkNanos(BUSY_RETRY_INTERVAL_NS);
                result = LibXdp.xskSocketCreate(socketOut, name, queueId, umem.handle(), rxStruct, txStruct, config);
            }
            if (0 != result)
            {
                throw new IngressException("cannot bind an AF_XDP socket to " + interfaceName + " queue " + queueId +
                    " in " + (zeroCopy ? "zero-copy" : "copy") + " mode: " + LibC.strerror(result) +
                    hint(result, interfaceName, queueId));
            }
            socket = socketOut.get(ADDRESS, 0);
            rxRing = rxSize > 0 ? new RxRing(rxStruct) : null;
            txRing = txSize > 0 ? new TxRing(txStruct) : null;
            fd = LibXdp.xskSocketFd(socket);
        }
        catch (final RuntimeException ex)
        {
            arena.close();
            throw ex;
        }
    }

    private static String hint(final int error, final String interfaceName, final int queueId)
    {
        if (-LibC.EPERM == error)
        {
            return " (AF_XDP sockets need CAP_NET_RAW: see docs/operations.md)";
        }
        if (-LibC.EINVAL == error)
        {
            return " (does " + interfaceName + " have RX queue " + queueId + "? see ethtool -l " + interfaceName + ")";
        }
        if (-LibC.EBUSY == error)
        {
            return " (another AF_XDP socket has been bound to this queue for 2 s: stop it)";
        }
        return "";
    }

    /**
     * Put this socket into the XSKMAP slot of its queue, so that the program redirects to it.
     *
     * @param xskMapFd file descriptor of the program's XSKMAP.
     */
    public void updateXskMap(final int xskMapFd)
    {
        final int result = LibXdp.xskSocketUpdateXskmap(socket, xskMapFd);
        if (0 != result)
        {
            throw new IngressException("cannot put the AF_XDP socket of " + interfaceName + " queue " + queueId +
                " into the XSKMAP: " + LibC.strerror(result));
        }
    }

    /**
     * The RX ring.
     *
     * @return the ring, null for a TX-only socket.
     */
    public RxRing rxRing()
    {
        return rxRing;
    }

    /**
     * The TX ring.
     *
     * @return the ring, null for an RX-only socket.
     */
    public TxRing txRing()
    {
        return txRing;
    }

    /**
     * File descriptor of the socket.
     *
     * @return the fd.
     */
    public int fd()
    {
        return fd;
    }

    /**
     * RX queue the socket is bound to.
     *
     * @return the queue id.
     */
    public int queueId()
    {
        return queueId;
    }

    /**
     * Whether the socket was bound in zero-copy mode.
     *
     * @return true for zero-copy, false for copy.
     */
    public boolean zeroCopy()
    {
        return zeroCopy;
    }

    /**
     * Wake the kernel to refill from the fill ring; call when the fill ring {@link XskRing#needsWakeup()}.
     */
    public void wakeupRx()
    {
        LibC.recvfromDontWait(fd);
    }

    /**
     * Wake the kernel to transmit what was submitted on the TX ring.
     */
    public void kickTx()
    {
        LibC.sendtoDontWait(fd);
    }

    /**
     * Read the kernel's counters of this socket.
     *
     * @param statistics overwritten with the current counters.
     * @return 0, or a negative errno.
     */
    public int statistics(final XskStatistics statistics)
    {
        return statistics.read(fd);
    }

    /**
     * Close the socket and unmap its rings. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        LibXdp.xskSocketDelete(socket);
        arena.close();
    }
}
