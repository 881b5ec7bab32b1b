package io.xdpfeed.xdp;

import io.xdpfeed.ingress.IngressContext;
import io.xdpfeed.ingress.PacketSource;
import io.xdpfeed.transport.PacketSources;
import io.xdpfeed.ingress.Subscription;
import io.xdpfeed.ingress.SubscriptionControl;
import io.xdpfeed.ingress.Transport;
import io.xdpfeed.ingress.UdpPacketSource;

import java.util.concurrent.locks.LockSupport;

/**
 * Child process of {@link SubscriptionControlIntegrationTest}, run in the handler namespace: receives a first group
 * from the start and a second one only while a control thread has it subscribed, the way the conductor joins a
 * snapshot line while the receive thread polls. Phases, each {@code --phase-ms} long, start once the first group
 * flows: A (second group not subscribed), B (subscribed), a grace period for datagrams in flight at the leave,
 * C (left). Prints {@code READY transport=...} then
 * {@code RESULT a1=.. a2=.. b1=.. b2=.. grace2=.. c1=.. c2=.. join_to_first_us=.. subscribe_call_us=.. unsubscribe_call_us=..
 * retired=.. subscribed2=..}.
 * <pre>
 *   SubscriptionProbe --transport xdp|udp --interface IF --first G:P --second G:P [--phase-ms 400]
 * </pre>
 */
public final class SubscriptionProbe
{
    private static final int PHASE_WAIT = 0;
    private static final int PHASE_A = 1;
    private static final int PHASE_B = 2;
    private static final int PHASE_GRACE = 3;
    private static final int PHASE_C = 4;
    private static final int PHASE_DONE = 5;

    private static volatile int phase = PHASE_WAIT;
    private static volatile long joinedAtNs;
    private static volatile long subscribedAtNs;
    private static volatile long unsubscribeCallNs;
    private static volatile long firstSecondAtNs;

    private SubscriptionProbe()
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        String transport = "xdp";
        String interfaceName = null;
        Subscription first = null;
        Subscription second = null;
        long phaseMs = 400;
        for (int i = 0; i < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--transport" -> transport = args[i + 1];
                case "--interface" -> interfaceName = args[i + 1];
                case "--first" -> first = Subscription.parse(args[i + 1]);
                case "--second" -> second = Subscription.parse(args[i + 1]);
                case "--phase-ms" -> phaseMs = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        final IngressContext context = new IngressContext()
            .transport(Transport.parse(transport))
            .interfaceName(interfaceName)
            .queues(0)
            .subscribe(first);
        final long[][] counts = new long[PHASE_DONE + 1][2];
        final int firstGroup = first.groupAddress();
        final int secondGroup = second.groupAddress();
        try (PacketSource source = PacketSources.open(context))
        {
            final SubscriptionControl control = (SubscriptionControl)source;
            final Subscription joined = second;
            final long phaseNs = phaseMs * 1_000_000L;
            final Thread conductor = Thread.ofPlatform().name("probe-conductor").start(() ->
            {
                while (phase == PHASE_WAIT)
                {
                    LockSupport.parkNanos(100_000);
                }
                LockSupport.parkNanos(phaseNs);
                joinedAtNs = System.nanoTime();
                // phase B starts when the join starts: a datagram may arrive as soon as the map entry is in, before
                // subscribe returns, and that one is no datagram "before it was subscribed"
                phase = PHASE_B;
                control.subscribe(joined);
                subscribedAtNs = System.nanoTime();
                LockSupport.parkNanos(phaseNs);
                final long leaveNs = System.nanoTime();
                control.unsubscribe(joined);
                unsubscribeCallNs = System.nanoTime() - leaveNs;
                phase = PHASE_GRACE;
                final long graceEndNs = System.nanoTime() + 100_000_000L;
                while (System.nanoTime() < graceEndNs)
                {
                    control.reclaim();
                    LockSupport.parkNanos(1_000_000);
                }
                phase = PHASE_C;
                LockSupport.parkNanos(phaseNs);
                control.reclaim();
                phase = PHASE_DONE;
            });
            System.out.println("READY transport=" + source.transport());
            final long deadlineNs = System.nanoTime() + 30_000_000_000L;
            while (phase != PHASE_DONE && System.nanoTime() < deadlineNs)
            {
                source.poll((groupAddress, port, buffer, offset, length, receiveTimeNs) ->
                {
                    int current = phase;
                    if (current == PHASE_WAIT && groupAddress == firstGroup)
                    {
                        phase = PHASE_A;
                        current = PHASE_A;
                    }
                    if (groupAddress == secondGroup && firstSecondAtNs == 0 && current == PHASE_B)
                    {
                        firstSecondAtNs = System.nanoTime();
                    }
                    counts[current][groupAddress == firstGroup ? 0 : 1]++;
                }, 64);
            }
            conductor.join();
            final int retired = source instanceof final UdpPacketSource udp ? udp.retiredSockets() : 0;
            System.out.println("RESULT a1=" + counts[PHASE_A][0] + " a2=" + counts[PHASE_A][1] +
                " b1=" + counts[PHASE_B][0] + " b2=" + counts[PHASE_B][1] + " grace2=" + counts[PHASE_GRACE][1] +
                " c1=" + counts[PHASE_C][0] + " c2=" + counts[PHASE_C][1] +
                " join_to_first_us=" + (firstSecondAtNs == 0 ? -1 : (firstSecondAtNs - joinedAtNs) / 1000) +
                " subscribe_call_us=" + (subscribedAtNs - joinedAtNs) / 1000 +
                " unsubscribe_call_us=" + unsubscribeCallNs / 1000 +
                " retired=" + retired + " subscribed2=" + control.isSubscribed(joined));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
