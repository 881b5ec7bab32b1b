package io.xdpfeed.handler.testing;

import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.ingress.PacketSource;
import io.xdpfeed.ingress.Subscription;
import io.xdpfeed.ingress.SubscriptionControl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link ListPacketSource} that can change its subscriptions while running, like the live sources: it records
 * every subscribe ({@code +group:port}) and unsubscribe ({@code -group:port}), delivers only the datagrams of the
 * (group, port)s subscribed when they are polled, and can be told to refuse the next joins.
 */
public final class SubscribingPacketSource implements PacketSource, SubscriptionControl
{
    private final ListPacketSource datagrams = new ListPacketSource();
    private final Set<Subscription> subscribed = new LinkedHashSet<>();
    private final List<String> actions = new ArrayList<>();
    private int refuseJoins;
    private long filtered;

    /**
     * @param initial subscriptions at open.
     */
    public SubscribingPacketSource(final List<Subscription> initial)
    {
        subscribed.addAll(initial);
    }

    /**
     * @return the datagrams to deliver (add to it).
     */
    public ListPacketSource datagrams()
    {
        return datagrams;
    }

    /**
     * @param count next joins to refuse with an {@link IngressException}.
     */
    public synchronized void refuseJoins(final int count)
    {
        refuseJoins = count;
    }

    /**
     * @return {@code +group:port} and {@code -group:port} in call order.
     */
    public synchronized List<String> actions()
    {
        return new ArrayList<>(actions);
    }

    /**
     * @return datagrams dropped because their (group, port) was not subscribed when polled.
     */
    public synchronized long filtered()
    {
        return filtered;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized int poll(final DatagramHandler handler, final int limit)
    {
        return datagrams.poll((groupAddress, port, buffer, offset, length, receiveTimeNs) ->
        {
            if (subscribed.contains(new Subscription(groupAddress, port)))
            {
                handler.onDatagram(groupAddress, port, buffer, offset, length, receiveTimeNs);
            }
            else
            {
                filtered++;
            }
        }, limit);
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean subscribe(final Subscription subscription)
    {
        if (refuseJoins > 0)
        {
            refuseJoins--;
            actions.add("!" + subscription);
            throw new IngressException("refused by the test: " + subscription);
        }
        if (!subscribed.add(subscription))
        {
            return false;
        }
        actions.add("+" + subscription);
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean unsubscribe(final Subscription subscription)
    {
        if (!subscribed.remove(subscription))
        {
            return false;
        }
        actions.add("-" + subscription);
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean isSubscribed(final Subscription subscription)
    {
        return subscribed.contains(subscription);
    }

    /**
     * {@inheritDoc}
     */
    public String transport()
    {
        return "test";
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        datagrams.close();
    }

    /**
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return datagrams.isClosed();
    }
}
