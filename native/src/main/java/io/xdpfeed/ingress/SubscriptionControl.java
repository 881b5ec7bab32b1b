package io.xdpfeed.ingress;

/**
 * A {@link PacketSource} whose subscriptions change while it runs: a line (e.g. a snapshot feed) is received only
 * while it is needed, so that neither the kernel, the NIC nor the switch carries it the rest of the time.
 * <p>
 * Threading: called from one thread other than the poller (the conductor), or from the poller between two polls
 * (a shared agent). The poller never blocks or allocates because of these calls: the caller prepares the change
 * (sockets, IGMP membership, XDP map entry) and publishes it with an ordered write the receive loop picks up.
 * A source may defer releasing resources until the poller has moved past them: call {@link #reclaim()} from time
 * to time (the conductor's duty cycle).
 * <p>
 * Failures at run time are {@link IngressException}s thrown to the caller (the conductor), which counts and reports
 * them; nothing is thrown on the receive thread.
 */
public interface SubscriptionControl
{
    /**
     * Start receiving a (group, port): IGMP join and, for AF_XDP, the program's subscription map entry. Idempotent.
     *
     * @param subscription to receive.
     * @return true when it was added, false when it was already received.
     * @throws IngressException when the kernel refuses; nothing is left half done.
     */
    boolean subscribe(Subscription subscription);

    /**
     * Stop receiving a (group, port). Idempotent.
     *
     * @param subscription to drop.
     * @return true when it was received until now.
     */
    boolean unsubscribe(Subscription subscription);

    /**
     * Whether a (group, port) is received now.
     *
     * @param subscription to check.
     * @return true when subscribed.
     */
    boolean isSubscribed(Subscription subscription);

    /**
     * Release what earlier {@link #unsubscribe(Subscription)} calls left for the poller to move past.
     *
     * @return resources released (work count).
     */
    default int reclaim()
    {
        return 0;
    }
}
