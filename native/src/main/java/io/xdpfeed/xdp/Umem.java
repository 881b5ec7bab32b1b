package io.xdpfeed.xdp;

import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.nativeio.LibC;
import io.xdpfeed.nativeio.LibXdp;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A UMEM: the packet memory an AF_XDP socket shares with the kernel, cut into equal frames, with its
 * {@link FillRing} and {@link CompletionRing}. Created with {@code xsk_umem__create} from this configuration,
 * {@code struct xsk_umem_config} (20 bytes):
 * <pre>
 *   0            4            8            12               16           20
 *   +------------+------------+------------+----------------+------------+
 *   | fill_size  | comp_size  | frame_size | frame_headroom |   flags    |
 *   +------------+------------+------------+----------------+------------+
 * </pre>
 * Frame {@code i} starts at UMEM offset {@code i * frameSize}. The kernel writes a received frame
 * {@code XDP_PACKET_HEADROOM} (256) bytes into it, with the XDP metadata just before the data. The memory is
 * native, page-aligned, and lives (with the ring structs libxdp keeps pointers to) until {@link #close()}, which must
 * come after the sockets using it are deleted.
 */
public final class Umem implements AutoCloseable
{
    /** Bytes of {@code struct xsk_umem_config}. */
    public static final int CONFIG_SIZE = 20;

    private static final long PAGE_SIZE = 4096;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment area;
    private final MemorySegment umem;
    private final MemorySegment fillRingStruct;
    private final MemorySegment completionRingStruct;
    private final FillRing fillRing;
    private final CompletionRing completionRing;
    private final UnsafeBuffer buffer;
    private final int frameCount;
    private final int frameSize;
    private boolean closed;

    /**
     * Allocate the memory and register it with the kernel.
     *
     * @param frameCount     frames in the UMEM.
     * @param frameSize      bytes per frame: 2048 or 4096.
     * @param fillSize       entries of the fill ring, a power of two.
     * @param completionSize entries of the completion ring, a power of two.
     */
    public Umem(final int frameCount, final int frameSize, final int fillSize, final int completionSize)
    {
        this.frameCount = frameCount;
        this.frameSize = frameSize;
        try
        {
            area = arena.allocate((long)frameCount * frameSize, PAGE_SIZE);
            fillRingStruct = arena.allocate(XskRing.RING_STRUCT);
            completionRingStruct = arena.allocate(XskRing.RING_STRUCT);
            final MemorySegment config = arena.allocate(CONFIG_SIZE, 4);
            config.set(JAVA_INT, 0, fillSize);
            config.set(JAVA_INT, 4, completionSize);
            config.set(JAVA_INT, 8, frameSize);
            config.set(JAVA_INT, 12, 0);
            config.set(JAVA_INT, 16, 0);
            final MemorySegment umemOut = arena.allocate(ADDRESS);

            final int result = LibXdp.xskUmemCreate(
                umemOut, area, area.byteSize(), fillRingStruct, completionRingStruct, config);
            if (0 != result)
            {
                throw new IngressException("cannot register " + area.byteSize() + " bytes of UMEM: " +
                    LibC.strerror(result) + (-LibC.EPERM == result ? " (AF_XDP sockets need CAP_NET_RAW)" :
                    " (raise the memlock limit: LimitMEMLOCK=infinity or ulimit -l unlimited, or grant CAP_IPC_LOCK;" +
                    " the kernel may still hold a UMEM just freed)"));
            }
            umem = umemOut.get(ADDRESS, 0);
        }
        catch (final RuntimeException ex)
        {
            arena.close();
            throw ex;
        }

        fillRing = new FillRing(fillRingStruct);
        completionRing = new CompletionRing(completionRingStruct);
        buffer = new UnsafeBuffer(area.address(), (int)area.byteSize());
    }

    /**
     * The {@code struct xsk_umem *} for {@code xsk_socket__create}.
     *
     * @return libxdp's UMEM handle.
     */
    public MemorySegment handle()
    {
        return umem;
    }

    /**
     * The fill ring: free frames for the kernel to receive into.
     *
     * @return the fill ring.
     */
    public FillRing fillRing()
    {
        return fillRing;
    }

    /**
     * The completion ring: frames the kernel has transmitted.
     *
     * @return the completion ring.
     */
    public CompletionRing completionRing()
    {
        return completionRing;
    }

    /**
     * The whole UMEM as one buffer, index = UMEM offset, wrapped once.
     *
     * @return a buffer over the packet memory.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * Frames in the UMEM.
     *
     * @return the frame count.
     */
    public int frameCount()
    {
        return frameCount;
    }

    /**
     * Bytes per frame.
     *
     * @return the frame size.
     */
    public int frameSize()
    {
        return frameSize;
    }

    /**
     * UMEM offset of the start of a frame.
     *
     * @param frameIndex 0 to {@code frameCount - 1}.
     * @return the offset.
     */
    public long frameAddress(final int frameIndex)
    {
        return (long)frameIndex * frameSize;
    }

    /**
     * Unregister and free the memory. Idempotent.
     *
     * @throws IllegalStateException when a socket still uses the UMEM.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        final int result = LibXdp.xskUmemDelete(umem);
        if (0 != result)
        {
            throw new IllegalStateException("xsk_umem__delete: " + LibC.strerror(result) + " (delete sockets first)");
        }
        closed = true;
        arena.close();
    }
}
