package io.xdpfeed.ingress;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to receive and how: interface, RX queues, (group, port) subscriptions, transport and the AF_XDP sizes.
 * Values not set are taken from {@link IngressConfiguration} by {@link #conclude()}, which validates them and throws
 * an {@link IngressException} naming the bad value.
 * <pre>{@code
 * final IngressContext context = new IngressContext()
 *     .transport(Transport.AUTO)
 *     .interfaceName("xfh0")
 *     .subscribe(Subscription.of("224.0.31.1", 14310))
 *     .subscribe(Subscription.of("224.0.32.1", 15310));
 * try (PacketSource source = PacketSources.open(context)) { ... }
 * }</pre>
 */
public final class IngressContext
{
    private boolean concluded;
    private Transport transport;
    private String interfaceName;
    private int[] queues;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private XdpAttachMode xdpAttachMode;
    private XdpBindMode xdpBindMode;
    private int xdpRingSize;
    private int xdpFrameSize;
    private int udpReceiveBufferBytes;
    private Boolean udpChecksum;
    private Arbitration arbitration;
    private final Map<Subscription, Integer> arbitratedLines = new LinkedHashMap<>();

    /**
     * Fill defaults and validate. Called by the sources; idempotent.
     *
     * @return this for a fluent API.
     */
    public IngressContext conclude()
    {
        if (concluded)
        {
            return this;
        }

        if (null == transport)
        {
            transport = IngressConfiguration.transport();
        }
        if (null == interfaceName)
        {
            interfaceName = IngressConfiguration.interfaceName();
        }
        if (null == interfaceName || interfaceName.isBlank())
        {
            throw new IngressException("no interface configured: set " + IngressConfiguration.INTERFACE_PROP_NAME +
                " (e.g. -D" + IngressConfiguration.INTERFACE_PROP_NAME + "=xfh0 in the lab)");
        }
        if (null == queues)
        {
            queues = IngressConfiguration.queues();
        }
        if (0 == queues.length)
        {
            throw new IngressException("no RX queue configured: set " + IngressConfiguration.QUEUES_PROP_NAME);
        }
        for (final int queue : queues)
        {
            if (queue < 0 || queue > 63)
            {
                throw new IngressException("RX queue " + queue + " out of range: use 0..63");
            }
        }
        if (subscriptions.isEmpty())
        {
            final String list = System.getProperty(IngressConfiguration.SUBSCRIPTIONS_PROP_NAME, "");
            for (final String item : list.split(","))
            {
                if (!item.isBlank())
                {
                    subscriptions.add(Subscription.parse(item.trim()));
                }
            }
        }
        if (subscriptions.isEmpty())
        {
            throw new IngressException("no subscription configured: subscribe at least one group:port (" +
                IngressConfiguration.SUBSCRIPTIONS_PROP_NAME + "=224.0.31.1:14310)");
        }
        if (null == xdpAttachMode)
        {
            xdpAttachMode = XdpAttachMode.parse(System.getProperty(
                IngressConfiguration.XDP_ATTACH_MODE_PROP_NAME, IngressConfiguration.XDP_ATTACH_MODE_DEFAULT));
        }
        if (null == xdpBindMode)
        {
            xdpBindMode = XdpBindMode.parse(System.getProperty(
                IngressConfiguration.XDP_BIND_MODE_PROP_NAME, IngressConfiguration.XDP_BIND_MODE_DEFAULT));
        }
        if (0 == xdpRingSize)
        {
            xdpRingSize = IngressConfiguration.intProperty(
                IngressConfiguration.XDP_RING_SIZE_PROP_NAME, IngressConfiguration.XDP_RING_SIZE_DEFAULT);
        }
        if (xdpRingSize < 64 || xdpRingSize > 65536 || Integer.bitCount(xdpRingSize) != 1)
        {
            throw new IngressException("XDP ring size " + xdpRingSize + " invalid: use a power of two, 64..65536");
        }
        if (0 == xdpFrameSize)
        {
            xdpFrameSize = IngressConfiguration.intProperty(
                IngressConfiguration.XDP_FRAME_SIZE_PROP_NAME, IngressConfiguration.XDP_FRAME_SIZE_DEFAULT);
        }
        if (xdpFrameSize != 2048 && xdpFrameSize != 4096)
        {
            throw new IngressException("XDP frame size " + xdpFrameSize + " invalid: use 2048 or 4096");
        }
        if (0 == udpReceiveBufferBytes)
        {
            udpReceiveBufferBytes = IngressConfiguration.intProperty(
                IngressConfiguration.UDP_RECEIVE_BUFFER_PROP_NAME, IngressConfiguration.UDP_RECEIVE_BUFFER_DEFAULT);
        }
        if (null == udpChecksum)
        {
            udpChecksum = IngressConfiguration.udpChecksum();
        }
        if (null == arbitration)
        {
            arbitration = Arbitration.parse(System.getProperty(
                IngressConfiguration.ARBITRATION_PROP_NAME, IngressConfiguration.ARBITRATION_DEFAULT));
        }

        concluded = true;
        return this;
    }

    /**
     * Transport to use.
     *
     * @return the transport, null before {@link #conclude()} when not set.
     */
    public Transport transport()
    {
        return transport;
    }

    /**
     * Set the transport.
     *
     * @param transport xdp, udp or auto.
     * @return this for a fluent API.
     */
    public IngressContext transport(final Transport transport)
    {
        this.transport = transport;
        return this;
    }

    /**
     * Interface the feed arrives on.
     *
     * @return the interface name.
     */
    public String interfaceName()
    {
        return interfaceName;
    }

    /**
     * Set the interface the feed arrives on.
     *
     * @param interfaceName e.g. {@code eth1}.
     * @return this for a fluent API.
     */
    public IngressContext interfaceName(final String interfaceName)
    {
        this.interfaceName = interfaceName;
        return this;
    }

    /**
     * RX queues, one AF_XDP socket each.
     *
     * @return queue ids (not a copy).
     */
    public int[] queues()
    {
        return queues;
    }

    /**
     * Set the RX queues (the NIC's RSS or flow steering must bring the groups to these queues).
     *
     * @param queues queue ids.
     * @return this for a fluent API.
     */
    public IngressContext queues(final int... queues)
    {
        this.queues = queues.clone();
        return this;
    }

    /**
     * Subscriptions to receive.
     *
     * @return the live list.
     */
    public List<Subscription> subscriptions()
    {
        return subscriptions;
    }

    /**
     * Add a subscription.
     *
     * @param subscription (group, port).
     * @return this for a fluent API.
     */
    public IngressContext subscribe(final Subscription subscription)
    {
        if (!subscriptions.contains(subscription))
        {
            subscriptions.add(subscription);
        }
        return this;
    }

    /**
     * XDP attach mode.
     *
     * @return the mode.
     */
    public XdpAttachMode xdpAttachMode()
    {
        return xdpAttachMode;
    }

    /**
     * Set the XDP attach mode.
     *
     * @param mode auto, native or skb.
     * @return this for a fluent API.
     */
    public IngressContext xdpAttachMode(final XdpAttachMode mode)
    {
        this.xdpAttachMode = mode;
        return this;
    }

    /**
     * AF_XDP bind mode.
     *
     * @return the mode.
     */
    public XdpBindMode xdpBindMode()
    {
        return xdpBindMode;
    }

    /**
     * Set the AF_XDP bind mode.
     *
     * @param mode auto, zero-copy or copy.
     * @return this for a fluent API.
     */
    public IngressContext xdpBindMode(final XdpBindMode mode)
    {
        this.xdpBindMode = mode;
        return this;
    }

    /**
     * Entries of the RX and fill rings and frames of the UMEM, per queue.
     *
     * @return a power of two.
     */
    public int xdpRingSize()
    {
        return xdpRingSize;
    }

    /**
     * Set the ring size.
     *
     * @param size a power of two, 64..65536.
     * @return this for a fluent API.
     */
    public IngressContext xdpRingSize(final int size)
    {
        this.xdpRingSize = size;
        return this;
    }

    /**
     * Bytes of a UMEM frame.
     *
     * @return 2048 or 4096.
     */
    public int xdpFrameSize()
    {
        return xdpFrameSize;
    }

    /**
     * Set the frame size.
     *
     * @param size 2048 or 4096.
     * @return this for a fluent API.
     */
    public IngressContext xdpFrameSize(final int size)
    {
        this.xdpFrameSize = size;
        return this;
    }

    /**
     * SO_RCVBUF of each kernel UDP socket.
     *
     * @return bytes.
     */
    public int udpReceiveBufferBytes()
    {
        return udpReceiveBufferBytes;
    }

    /**
     * Set SO_RCVBUF of each kernel UDP socket.
     *
     * @param bytes requested size (the kernel caps it at net.core.rmem_max).
     * @return this for a fluent API.
     */
    public IngressContext udpReceiveBufferBytes(final int bytes)
    {
        this.udpReceiveBufferBytes = bytes;
        return this;
    }

    /**
     * Whether sources that parse frames themselves (AF_XDP) verify UDP checksums, see
     * {@link IngressConfiguration#UDP_CHECKSUM_PROP_NAME}.
     *
     * @return true to verify; before {@link #conclude()}, false when not set.
     */
    public boolean udpChecksum()
    {
        return Boolean.TRUE.equals(udpChecksum);
    }

    /**
     * Set whether sources that parse frames themselves (AF_XDP) verify UDP checksums.
     *
     * @param verify false only for traffic whose sender leaves checksums to an offload that never ran.
     * @return this for a fluent API.
     */
    public IngressContext udpChecksum(final boolean verify)
    {
        this.udpChecksum = verify;
        return this;
    }

    /**
     * Where A/B copies are arbitrated, see {@link IngressConfiguration#ARBITRATION_PROP_NAME}.
     *
     * @return the arbitration; before {@link #conclude()}, null when not set.
     */
    public Arbitration arbitration()
    {
        return arbitration;
    }

    /**
     * Set where A/B copies are arbitrated.
     *
     * @param arbitration kernel or user.
     * @return this for a fluent API.
     */
    public IngressContext arbitration(final Arbitration arbitration)
    {
        this.arbitration = arbitration;
        return this;
    }

    /**
     * Mark a line as one copy of an arbitrated feed (an incremental line A or B): with {@link Arbitration#KERNEL}
     * the XDP program claims its MsgSeqNums in the slot table of {@code channel}, shared with the other line.
     *
     * @param subscription the line, subscribed or to be subscribed.
     * @param channel      slot table index, 0..63, the same for the A and B lines of one channel.
     * @return this for a fluent API.
     */
    public IngressContext arbitrate(final Subscription subscription, final int channel)
    {
        if (channel < 0 || channel > 63)
        {
            throw new IngressException("arbitration channel " + channel + " of " + subscription +
                " out of range: 0..63");
        }
        arbitratedLines.put(subscription, channel);
        return this;
    }

    /**
     * The lines marked by {@link #arbitrate(Subscription, int)}.
     *
     * @return line to channel slot table index.
     */
    public Map<Subscription, Integer> arbitratedLines()
    {
        return arbitratedLines;
    }

    /**
     * Summary for logs.
     *
     * @return the settings.
     */
    @Override
    public String toString()
    {
        return "transport=" + transport + " interface=" + interfaceName + " queues=" +
            java.util.Arrays.toString(queues) + " subscriptions=" + subscriptions + " xdp.attach=" + xdpAttachMode +
            " xdp.bind=" + xdpBindMode + " xdp.ring=" + xdpRingSize + " xdp.frame=" + xdpFrameSize +
            " udp.checksum=" + udpChecksum + " arbitration=" + arbitration;
    }
}
