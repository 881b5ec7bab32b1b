package io.xdpfeed.ingress;

/**
 * System properties and defaults of the ingress, read by {@link IngressContext#conclude()} for every value not set
 * on the context.
 */
public final class IngressConfiguration
{
    /** Transport: {@code xdp}, {@code udp} or {@code auto}. */
    public static final String TRANSPORT_PROP_NAME = "xdpfeed.ingress.transport";
    /** Default transport. */
    public static final String TRANSPORT_DEFAULT = "auto";

    /** Interface the feed arrives on, e.g. {@code eth1} or the lab's {@code xfh0}. */
    public static final String INTERFACE_PROP_NAME = "xdpfeed.ingress.interface";

    /** RX queues to bind one AF_XDP socket each, comma separated. */
    public static final String QUEUES_PROP_NAME = "xdpfeed.ingress.queues";
    /** Default RX queues. */
    public static final String QUEUES_DEFAULT = "0";

    /** Subscriptions, comma separated {@code group:port}. */
    public static final String SUBSCRIPTIONS_PROP_NAME = "xdpfeed.ingress.subscriptions";

    /** XDP attach mode: {@code auto}, {@code native} or {@code skb}. */
    public static final String XDP_ATTACH_MODE_PROP_NAME = "xdpfeed.ingress.xdp.attach";
    /** Default XDP attach mode. */
    public static final String XDP_ATTACH_MODE_DEFAULT = "auto";

    /** AF_XDP bind mode: {@code auto}, {@code zerocopy} or {@code copy}. */
    public static final String XDP_BIND_MODE_PROP_NAME = "xdpfeed.ingress.xdp.bind";
    /** Default AF_XDP bind mode. */
    public static final String XDP_BIND_MODE_DEFAULT = "auto";

    /** Entries of the RX and fill rings, and frames of the UMEM, per queue: a power of two. */
    public static final String XDP_RING_SIZE_PROP_NAME = "xdpfeed.ingress.xdp.ring.size";
    /** Default ring size: 8192 frames absorb 40 ms of 200k packets/s while the receiver is descheduled. */
    public static final int XDP_RING_SIZE_DEFAULT = 8192;

    /** Bytes of a UMEM frame: 2048 or 4096. */
    public static final String XDP_FRAME_SIZE_PROP_NAME = "xdpfeed.ingress.xdp.frame.size";
    /** Default frame size: room for a 1500-byte MTU frame after the kernel's 256 bytes of headroom. */
    public static final int XDP_FRAME_SIZE_DEFAULT = 2048;

    /** SO_RCVBUF of each kernel UDP socket, bytes. */
    public static final String UDP_RECEIVE_BUFFER_PROP_NAME = "xdpfeed.ingress.udp.rcvbuf";
    /** Default SO_RCVBUF (the kernel caps it at net.core.rmem_max). */
    public static final int UDP_RECEIVE_BUFFER_DEFAULT = 8 * 1024 * 1024;

    /**
     * Verify the UDP checksum of each datagram where frames are parsed in Java (AF_XDP; capture replay has its own
     * {@code --no-udp-checksum}): {@code true} or {@code false}. The kernel socket path always verifies.
     */
    public static final String UDP_CHECKSUM_PROP_NAME = "xdpfeed.udp.checksum";
    /** Default: verify, as the kernel does. */
    public static final boolean UDP_CHECKSUM_DEFAULT = true;

    /**
     * Where the A/B copies of the incremental lines are arbitrated: {@code kernel} (the XDP program drops the later
     * copy; AF_XDP only) or {@code user} (both copies reach the sequencer). See docs/arbitration.md.
     */
    public static final String ARBITRATION_PROP_NAME = "xdpfeed.arbitration";
    /** Default: in the kernel, which halves what the receive thread handles (measured in docs/arbitration.md). */
    public static final String ARBITRATION_DEFAULT = "kernel";

    /**
     * Directory of the XDP ownership lock files (read by {@code io.xdpfeed.xdp.XdpOwnerLock}, default
     * {@code /run/xdpfeed}): every handler of a host must use the same one to see the others.
     */
    public static final String XDP_LOCK_DIR_PROP_NAME = "xdpfeed.xdp.lock.dir";

    /**
     * {@code full} prints every libxdp/libbpf log line as it comes (read by {@code io.xdpfeed.nativeio.NativeLog});
     * by default the lines of an attach or detach are summarised in one.
     */
    public static final String NATIVE_LOG_PROP_NAME = "xdpfeed.native.log";

    private IngressConfiguration()
    {
    }

    /**
     * The transport from {@link #TRANSPORT_PROP_NAME}.
     *
     * @return the configured transport.
     */
    public static Transport transport()
    {
        return Transport.parse(System.getProperty(TRANSPORT_PROP_NAME, TRANSPORT_DEFAULT));
    }

    /**
     * The interface from {@link #INTERFACE_PROP_NAME}.
     *
     * @return the interface name, or null when not set.
     */
    public static String interfaceName()
    {
        return System.getProperty(INTERFACE_PROP_NAME);
    }

    /**
     * The RX queues from {@link #QUEUES_PROP_NAME}.
     *
     * @return queue ids.
     */
    public static int[] queues()
    {
        return parseQueues(System.getProperty(QUEUES_PROP_NAME, QUEUES_DEFAULT));
    }

    /**
     * Parse a comma separated queue list.
     *
     * @param value e.g. {@code 0,1}.
     * @return queue ids.
     */
    public static int[] parseQueues(final String value)
    {
        try
        {
            final String[] parts = value.trim().split("\\s*,\\s*");
            final int[] queues = new int[parts.length];
            for (int i = 0; i < parts.length; i++)
            {
                queues[i] = Integer.parseInt(parts[i]);
            }
            return queues;
        }
        catch (final NumberFormatException ex)
        {
            throw new IngressException("RX queues must be comma separated numbers, e.g. 0,1, not '" + value + "'");
        }
    }

    /**
     * The UDP checksum switch from {@link #UDP_CHECKSUM_PROP_NAME}.
     *
     * @return true to verify.
     */
    public static boolean udpChecksum()
    {
        return booleanProperty(UDP_CHECKSUM_PROP_NAME, UDP_CHECKSUM_DEFAULT);
    }

    /**
     * The boolean value of a property: {@code true} or {@code false}, nothing else.
     *
     * @param name         of the property.
     * @param defaultValue when not set.
     * @return the value.
     */
    public static boolean booleanProperty(final String name, final boolean defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }
        final String trimmed = value.trim();
        if (!"true".equalsIgnoreCase(trimmed) && !"false".equalsIgnoreCase(trimmed))
        {
            throw new IngressException(name + "=" + value + " is neither true nor false");
        }
        return Boolean.parseBoolean(trimmed);
    }

    /**
     * The integer value of a property.
     *
     * @param name         of the property.
     * @param defaultValue when not set.
     * @return the value.
     */
    public static int intProperty(final String name, final int defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IngressException(name + " must be a number, not '" + value + "'");
        }
    }
}
