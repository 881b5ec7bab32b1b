package io.xdpfeed.ingress;

import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.xdpfeed.nativeio.LibSocket.IOVEC_SIZE;
import static io.xdpfeed.nativeio.LibSocket.MMSGHDR_SIZE;
import static io.xdpfeed.nativeio.LibSocket.MSG_CONTROLLEN_OFFSET;
import static io.xdpfeed.nativeio.LibSocket.MSG_CONTROL_OFFSET;
import static io.xdpfeed.nativeio.LibSocket.MSG_IOVLEN_OFFSET;
import static io.xdpfeed.nativeio.LibSocket.MSG_IOV_OFFSET;
import static io.xdpfeed.nativeio.LibSocket.MSG_LEN_OFFSET;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The native memory of one {@code recvmmsg} batch, allocated once: the message headers, one iovec, one datagram slot
 * and one control buffer per message (the {@code struct mmsghdr} and {@code struct iovec} layouts are
 * {@link io.xdpfeed.nativeio.LibSocket}'s).
 * The kernel overwrites {@code msg_controllen} with the bytes it wrote, so {@link #rearm(int)} puts the control
 * buffer's size back into the messages it filled before the next call. Datagram {@code i} is at
 * {@link #offset(int)} of {@link #data()}; its kernel stamp is read from its control buffer with
 * {@link ControlMessages#softwareStampNs}. One thread uses a batch (the receive thread).
 */
final class ReceiveBatch implements AutoCloseable
{
    static final int CONTROL_SIZE = 64;

    private final Arena arena = Arena.ofShared();
    private final int capacity;
    private final int slotBytes;
    private final MemorySegment messages;
    private final MemorySegment controls;
    private final UnsafeBuffer data;
    private final UnsafeBuffer control;

    /**
     * @param capacity  messages per call.
     * @param slotBytes bytes of each datagram slot (at least the largest datagram, or the kernel truncates it).
     */
    ReceiveBatch(final int capacity, final int slotBytes)
    {
        this.capacity = capacity;
        this.slotBytes = slotBytes;
        messages = arena.allocate((long)capacity * MMSGHDR_SIZE, 64);
        final MemorySegment iovecs = arena.allocate((long)capacity * IOVEC_SIZE, 64);
        controls = arena.allocate((long)capacity * CONTROL_SIZE, 64);
        final MemorySegment slots = arena.allocate((long)capacity * slotBytes, 64);
        for (int i = 0; i < capacity; i++)
        {
            final long iovec = (long)i * IOVEC_SIZE;
            iovecs.set(JAVA_LONG, iovec, slots.address() + (long)i * slotBytes);
            iovecs.set(JAVA_LONG, iovec + 8, slotBytes);
            final long message = (long)i * MMSGHDR_SIZE;
            messages.set(JAVA_LONG, message + MSG_IOV_OFFSET, iovecs.address() + iovec);
            messages.set(JAVA_LONG, message + MSG_IOVLEN_OFFSET, 1);
            messages.set(JAVA_LONG, message + MSG_CONTROL_OFFSET, controls.address() + (long)i * CONTROL_SIZE);
        }
        rearm(capacity);
        data = new UnsafeBuffer(slots.address(), (int)slots.byteSize());
        control = new UnsafeBuffer(controls.address(), (int)controls.byteSize());
    }

    /**
     * @return the {@code struct mmsghdr} array to give {@code recvmmsg}.
     */
    MemorySegment messages()
    {
        return messages;
    }

    /**
     * @return messages per call.
     */
    int capacity()
    {
        return capacity;
    }

    /**
     * Give the first {@code count} messages their full control buffer again.
     *
     * @param count messages the last call filled.
     */
    void rearm(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            messages.set(JAVA_LONG, (long)i * MMSGHDR_SIZE + MSG_CONTROLLEN_OFFSET, CONTROL_SIZE);
        }
    }

    /**
     * @return the buffer over every datagram slot.
     */
    UnsafeBuffer data()
    {
        return data;
    }

    /**
     * @param index of the message.
     * @return where its datagram starts in {@link #data()}.
     */
    int offset(final int index)
    {
        return index * slotBytes;
    }

    /**
     * @param index of the message.
     * @return bytes of its datagram.
     */
    int length(final int index)
    {
        return Math.min(messages.get(JAVA_INT, (long)index * MMSGHDR_SIZE + MSG_LEN_OFFSET), slotBytes);
    }

    /**
     * @param index of the message.
     * @return its kernel receive stamp (CLOCK_REALTIME ns), 0 when it carries none.
     */
    long stampNs(final int index)
    {
        final long controlLength = messages.get(JAVA_LONG, (long)index * MMSGHDR_SIZE + MSG_CONTROLLEN_OFFSET);
        return ControlMessages.softwareStampNs(
            control, index * CONTROL_SIZE, (int)Math.min(controlLength, CONTROL_SIZE));
    }

    /**
     * Free the memory; the batch must not be used after.
     */
    @Override
    public void close()
    {
        arena.close();
    }
}
