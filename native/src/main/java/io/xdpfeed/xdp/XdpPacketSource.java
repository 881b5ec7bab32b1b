package io.xdpfeed.xdp;

import io.xdpfeed.ingress.Arbitration;
import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.IngressConfiguration;
import io.xdpfeed.ingress.IngressContext;
import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.ingress.IngressStatistics;
import io.xdpfeed.ingress.IngressStatistics.Count;
import io.xdpfeed.ingress.MulticastMembership;
import io.xdpfeed.ingress.PacketSource;
import io.xdpfeed.ingress.Subscription;
import io.xdpfeed.ingress.SubscriptionControl;
import io.xdpfeed.ingress.XdpBindMode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AF_XDP ingress: our XDP program on the interface redirects the subscribed (group, port) datagrams into one
 * AF_XDP socket per configured RX queue; {@link #poll(DatagramHandler, int)} reads their RX rings in batches and
 * calls the handler in place over the UMEM, then gives the frames back through the fill ring. No downcall, no
 * allocation and no lock per packet; a syscall only when the kernel asks for a wake-up.
 * <p>
 * Each datagram's {@code receiveTimeNs} is the time the XDP program saw the frame ({@code bpf_ktime_get_ns},
 * the {@link System#nanoTime()} clock), or the poll time when the program could not stamp it.
 * <p>
 * Set-up order: program (taking the interface's ownership, refused while another live handler has it, and replacing
 * a stale copy of ours), subscriptions, sockets (zero-copy where the driver offers it, copy otherwise), XSKMAP
 * entries, then the multicast memberships, held until {@link #close()}. A failure at any step undoes the earlier
 * ones (nothing stays attached, the ownership is released) and throws an {@link IngressException} with one line
 * saying what to do.
 * <p>
 * Lines are added and dropped while running ({@link SubscriptionControl}): a subscription map entry (a bpf syscall)
 * and an IGMP membership on a kernel socket, both made by the calling thread; the receive loop is not involved and
 * never waits (the program sees the map change on the next packet). Frames already in the RX ring when a line is
 * dropped are still delivered.
 * <p>
 * Threading: {@link #poll(DatagramHandler, int)} and {@link #close()} from the one receiving thread (closing unmaps
 * the memory a poll reads); {@link #statistics(IngressStatistics)}, {@link #program()}, {@link #subscribe} and
 * {@link #unsubscribe} from any thread.
 */
public final class XdpPacketSource implements PacketSource, SubscriptionControl
{
    private static final System.Logger LOGGER = System.getLogger(XdpPacketSource.class.getName());

    private final XdpProgram program;
    private final XskReceiver[] receivers;
    private final MulticastMembership membership;
    private final Set<Subscription> subscribed = new LinkedHashSet<>();
    private final Map<Subscription, Integer> arbitratedLines;
    private final boolean verifyChecksum;
    private final int arbitrationChannels;
    private final long[] arbitrationSum = new long[3];
    private int nextReceiver;
    private boolean closed;

    /**
     * Set up AF_XDP ingress as configured.
     *
     * @param context interface, queues, subscriptions, attach and bind modes, ring and frame sizes.
     * @throws IngressException when AF_XDP cannot be set up, saying why and what to do.
     */
    public XdpPacketSource(final IngressContext context)
    {
        context.conclude();
        final String interfaceName = context.interfaceName();
        final String unavailable = XdpSupport.unavailableReason(interfaceName);
        if (null != unavailable)
        {
            throw new IngressException(unavailable);
        }
        final String memlock = XdpPrivileges.memlockShortfall(context);
        if (null != memlock)
        {
            throw new IngressException(memlock);
        }

        final List<XskReceiver> opened = new ArrayList<>();
        XdpProgram attachedProgram = null;
        MulticastMembership joined = null;
        try
        {
            final boolean kernelArbitration = Arbitration.KERNEL == context.arbitration() &&
                !context.arbitratedLines().isEmpty();
            attachedProgram = XdpProgram.attach(interfaceName, context.xdpAttachMode(), kernelArbitration);
            if (kernelArbitration && null == attachedProgram.arbitration())
            {
                LOGGER.log(System.Logger.Level.WARNING, "{0}=kernel refused by the kernel ({1}): arbitrating A/B " +
                    "in user space", IngressConfiguration.ARBITRATION_PROP_NAME, attachedProgram.arbitrationRefusal());
            }
            for (final Subscription subscription : context.subscriptions())
            {
                attachedProgram.subscriptions().add(subscription, lineValue(attachedProgram,
                    context.arbitratedLines().get(subscription), context.udpChecksum()));
            }
            // link the map delete downcall now, not on the first recovery leave (an absent key: ENOENT)
            attachedProgram.subscriptions().remove(new Subscription(0xEFFFFFFF, 65535));
            for (final int queue : context.queues())
            {
                final XskReceiver receiver = openReceiver(context, queue);
                opened.add(receiver);
                receiver.socket().updateXskMap(attachedProgram.xskMapFd());
                LOGGER.log(System.Logger.Level.INFO, "AF_XDP socket on {0} queue {1,number,#}: {2} mode, {3,number,#} frames of {4,number,#}",
                    interfaceName, queue, receiver.socket().zeroCopy() ? "zero-copy" : "copy",
                    context.xdpRingSize(), context.xdpFrameSize());
            }
            joined = new MulticastMembership(interfaceName, context.subscriptions());
        }
        catch (final RuntimeException | Error ex)
        {
            // every step undone even when one undo fails: a failed start leaves nothing attached and no owner
            for (final XskReceiver receiver : opened)
            {
                try
                {
                    receiver.close();
                }
                catch (final RuntimeException closeFailure)
                {
                    ex.addSuppressed(closeFailure);
                }
            }
            if (null != attachedProgram)
            {
                attachedProgram.close();
            }
            throw ex;
        }

        program = attachedProgram;
        arbitratedLines = Map.copyOf(context.arbitratedLines());
        verifyChecksum = context.udpChecksum();
        int channels = 0;
        for (final int channel : arbitratedLines.values())
        {
            channels = Math.max(channels, channel + 1);
        }
        arbitrationChannels = channels;
        if (null != attachedProgram.arbitration())
        {
            LOGGER.log(System.Logger.Level.INFO, "A/B arbitration in the XDP program for {0,number,#} lines",
                arbitratedLines.size());
        }
        receivers = opened.toArray(new XskReceiver[0]);
        membership = joined;
        subscribed.addAll(context.subscriptions());
    }

    /**
     * {@inheritDoc}
     * <p>
     * IGMP join first, then the map entry, so that the first datagrams redirected are the group's.
     */
    @Override
    public synchronized boolean subscribe(final Subscription subscription)
    {
        ensureOpen();
        if (subscribed.contains(subscription))
        {
            return false;
        }
        membership.join(subscription);
        try
        {
            final Integer channel = arbitratedLines.get(subscription);
            program.subscriptions().add(subscription, lineValue(program, channel, verifyChecksum));
            resetChannel(channel);
        }
        catch (final IngressException ex)
        {
            membership.leave(subscription);
            throw ex;
        }
        subscribed.add(subscription);
        return true;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Map entry first (the program passes the group to the kernel from the next packet), then the IGMP leave.
     */
    @Override
    public synchronized boolean unsubscribe(final Subscription subscription)
    {
        ensureOpen();
        if (!subscribed.remove(subscription))
        {
            return false;
        }
        try
        {
            program.subscriptions().remove(subscription);
            resetChannel(arbitratedLines.get(subscription));
        }
        finally
        {
            membership.leave(subscription);
        }
        return true;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized boolean isSubscribed(final Subscription subscription)
    {
        return subscribed.contains(subscription);
    }

    /**
     * Whether the XDP program arbitrates the A/B lines marked in the context (the arbitrating build was asked for and
     * loaded).
     *
     * @return true for kernel arbitration.
     */
    public boolean kernelArbitration()
    {
        return null != program.arbitration() && !arbitratedLines.isEmpty();
    }

    private static int lineValue(final XdpProgram program, final Integer channel, final boolean verifyChecksum)
    {
        return null == channel || null == program.arbitration() ? 1 :
            ArbitrationTable.lineValue(channel, verifyChecksum);
    }

    /** A line of the channel joined or left: the sequences claimed so far may belong to another sequence space. */
    private void resetChannel(final Integer channel)
    {
        if (null != channel && null != program.arbitration())
        {
            program.arbitration().reset(channel);
        }
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IngressException("the AF_XDP source on " + program.interfaceName() + " is closed");
        }
    }

    private static XskReceiver openReceiver(final IngressContext context, final int queue)
    {
        final XdpBindMode bindMode = context.xdpBindMode();
        if (XdpBindMode.COPY != bindMode)
        {
            try
            {
                return openReceiver(context, queue, true);
            }
            catch (final IngressException ex)
            {
                if (XdpBindMode.ZERO_COPY == bindMode)
                {
                    throw ex;
                }
                LOGGER.log(System.Logger.Level.INFO, "zero-copy not offered on {0} queue {1,number,#} ({2}): using copy mode",
                    context.interfaceName(), queue, ex.getMessage());
            }
        }
        return openReceiver(context, queue, false);
    }

    private static XskReceiver openReceiver(final IngressContext context, final int queue, final boolean zeroCopy)
    {
        final int ringSize = context.xdpRingSize();
        // fill ring twice the frames: see XskReceiver on the kernel's lazy consumer index
        final Umem umem = new Umem(ringSize, context.xdpFrameSize(), 2 * ringSize, ringSize);
        try
        {
            final XskSocket socket = new XskSocket(context.interfaceName(), queue, umem, ringSize, 0, zeroCopy);
            return new XskReceiver(umem, socket, context.udpChecksum());
        }
        catch (final RuntimeException ex)
        {
            umem.close();
            throw ex;
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * Polls the queues round-robin, starting after the one that delivered last, so that one busy queue cannot starve
     * the others.
     */
    @Override
    public int poll(final DatagramHandler handler, final int limit)
    {
        final XskReceiver[] receivers = this.receivers;
        final int count = receivers.length;
        int delivered = 0;
        for (int i = 0; i < count && delivered < limit; i++)
        {
            final int index = nextReceiver;
            nextReceiver = index + 1 == count ? 0 : index + 1;
            delivered += receivers[index].poll(handler, limit - delivered);
        }
        return delivered;
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code xdp}.
     */
    @Override
    public String transport()
    {
        return "xdp";
    }

    /**
     * {@inheritDoc}
     * <p>
     * Received and skipped counts come from the receive loop; dropped, RX-ring-full, fill-ring-empty and invalid
     * descriptors from the kernel ({@code XDP_STATISTICS}), summed over the queues.
     */
    @Override
    public synchronized void statistics(final IngressStatistics statistics)
    {
        statistics.reset();
        final long[] arbitration = arbitrationSum;
        arbitration[0] = 0;
        arbitration[1] = 0;
        arbitration[2] = 0;
        if (!closed)
        {
            if (null != program.arbitration())
            {
                program.arbitration().total(arbitrationChannels, arbitration);
            }
            for (final XskReceiver receiver : receivers)
            {
                final XskStatistics kernel = receiver.kernelStatistics();
                statistics.add(Count.RECEIVED_PACKETS, receiver.receivedPackets())
                    .add(Count.SKIPPED_FRAMES, receiver.skippedFrames())
                    .add(Count.BAD_CHECKSUMS, receiver.badChecksums())
                    .add(Count.DROPPED_PACKETS, kernel.rxDropped())
                    .add(Count.RX_RING_FULL, kernel.rxRingFull())
                    .add(Count.FILL_RING_EMPTY, kernel.rxFillRingEmpty())
                    .add(Count.INVALID_DESCRIPTORS, kernel.rxInvalidDescriptors());
            }
        }
        statistics.add(Count.KERNEL_PASSED, arbitration[0]).add(Count.KERNEL_DUPLICATES, arbitration[1])
            .add(Count.KERNEL_MALFORMED, arbitration[2]);
    }

    /**
     * The attached program, e.g. to add or remove subscriptions while running.
     *
     * @return the program.
     */
    public XdpProgram program()
    {
        return program;
    }

    /**
     * Whether every queue's socket is bound in zero-copy mode.
     *
     * @return true when all are zero-copy.
     */
    public boolean zeroCopy()
    {
        for (final XskReceiver receiver : receivers)
        {
            if (!receiver.socket().zeroCopy())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Leave the groups, delete the sockets and UMEMs, detach the program. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        membership.close();
        for (final XskReceiver receiver : receivers)
        {
            receiver.close();
        }
        program.close();
    }
}
