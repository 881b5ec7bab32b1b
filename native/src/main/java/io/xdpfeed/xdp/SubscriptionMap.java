package io.xdpfeed.xdp;

import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.ingress.Subscription;
import io.xdpfeed.nativeio.LibBpf;
import io.xdpfeed.nativeio.LibC;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The program's {@code subscriptions} hash map: the (group, port) pairs it redirects to AF_XDP; everything else goes
 * to the kernel. The key, {@code struct subscription_key} (8 bytes, network byte order):
 * <pre>
 *   0                       4            6            8
 *   +-----------------------+------------+------------+
 *   |   be32 group          | be16 port  |  u16 zero  |
 *   +-----------------------+------------+------------+
 * </pre>
 * The value is a u32: 1 to steer only, or {@link ArbitrationTable#lineValue(int, boolean)} to have the arbitrating
 * program drop the later A/B copy of each packet (docs/arbitration.md). Updates take effect for the next packet;
 * they are setup-time calls (a downcall and a syscall each), safe from any thread.
 */
public final class SubscriptionMap
{
    /** Bytes of the key. */
    public static final int KEY_SIZE = 8;

    private static final ValueLayout.OfInt BE_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    private final int mapFd;

    /**
     * Wrap the map.
     *
     * @param mapFd file descriptor of the loaded map.
     */
    public SubscriptionMap(final int mapFd)
    {
        this.mapFd = mapFd;
    }

    /**
     * Redirect a (group, port) to AF_XDP.
     *
     * @param subscription to add.
     */
    public void add(final Subscription subscription)
    {
        add(subscription, 1);
    }

    /**
     * Redirect a (group, port) to AF_XDP with a given value, or change the value of one redirected already.
     *
     * @param subscription to add.
     * @param lineValue    1, or {@link ArbitrationTable#lineValue(int, boolean)} for an arbitrated line.
     */
    public void add(final Subscription subscription, final int lineValue)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment value = arena.allocate(JAVA_INT);
            value.set(JAVA_INT, 0, lineValue);
            final int result = LibBpf.bpfMapUpdateElem(mapFd, key(arena, subscription), value, LibBpf.BPF_ANY);
            if (0 != result)
            {
                throw new IngressException("cannot add " + subscription + " to the XDP subscription map: " +
                    LibC.strerror(result) + (-LibC.E2BIG == result ? " (more than 4096 subscriptions)" : ""));
            }
        }
    }

    /**
     * Stop redirecting a (group, port): its datagrams go to the kernel again.
     *
     * @param subscription to remove.
     * @return true when it was present.
     */
    public boolean remove(final Subscription subscription)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final int result = LibBpf.bpfMapDeleteElem(mapFd, key(arena, subscription));
            if (0 != result && -LibC.ENOENT != result)
            {
                throw new IngressException("cannot remove " + subscription + " from the XDP subscription map: " +
                    LibC.strerror(result));
            }
            return 0 == result;
        }
    }

    /**
     * Encode the key of a subscription.
     *
     * @param arena        to allocate from.
     * @param subscription to encode.
     * @return the 8-byte key.
     */
    static MemorySegment key(final Arena arena, final Subscription subscription)
    {
        final MemorySegment key = arena.allocate(KEY_SIZE, 4);
        key.set(BE_INT, 0, subscription.groupAddress());
        key.set(BE_SHORT, 4, (short)subscription.port());
        key.set(BE_SHORT, 6, (short)0);
        return key;
    }
}
