package io.xdpfeed.client;

import io.aeron.Subscription;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One subscription to several handlers that split the channels between them (each with its own {@code
 * xdpfeed.channels} subset, its own media driver or stream): one {@link MarketDataSubscriber} per handler, all calling
 * the same listener, polled together. Each handler's stream is watched on its own: when one handler dies its stream
 * goes {@link StreamState#NOT_CONNECTED} (said to the {@link StreamStateListener}) and its channels go STALE in its
 * mirror, while the others go on untouched.
 * <pre>{@code
 * try (MultiHandlerSubscriber feeds = new MultiHandlerSubscriber(List.of(
 *     new MarketDataSubscriber.Context().aeronDirectoryName(handlerA).listener(strategy),
 *     new MarketDataSubscriber.Context().aeronDirectoryName(handlerB).listener(strategy)),
 *     (index, state) -> log(index, state)))
 * {
 *     while (running)
 *     {
 *         idle.idle(feeds.poll());
 *     }
 * }
 * }</pre>
 */
public final class MultiHandlerSubscriber implements Agent, AutoCloseable
{
    /**
     * Whether a handler's stream is there.
     */
    public enum StreamState
    {
        /** The handler's publication is connected to this subscriber. */
        CONNECTED,
        /** No publication: the handler (or its media driver) is gone or not started yet. */
        NOT_CONNECTED
    }

    /**
     * Told when a handler's stream changes state, on the polling thread.
     */
    @FunctionalInterface
    public interface StreamStateListener
    {
        /**
         * @param index which handler, in the order of the contexts given.
         * @param state its stream's new state.
         */
        void onStreamState(int index, StreamState state);
    }

    private final List<MarketDataSubscriber> subscribers = new ArrayList<>();
    private final StreamState[] states;
    private final StreamStateListener listener;

    /**
     * Subscribe to every handler.
     *
     * @param contexts one per handler: its media driver directory (or Aeron client), channel, streams, listener.
     * @param listener told of each stream's state changes; may be null.
     */
    public MultiHandlerSubscriber(final List<MarketDataSubscriber.Context> contexts, final StreamStateListener listener)
    {
        this.listener = listener;
        states = new StreamState[contexts.size()];
        try
        {
            for (final MarketDataSubscriber.Context context : contexts)
            {
                subscribers.add(new MarketDataSubscriber(context));
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(subscribers);
            throw ex;
        }
        Arrays.fill(states, StreamState.NOT_CONNECTED);
    }

    /**
     * Poll every handler's stream once, then look at their states.
     *
     * @return work done; 0 means idle.
     */
    public int poll()
    {
        int work = 0;
        for (int i = 0; i < states.length; i++)
        {
            final MarketDataSubscriber subscriber = subscribers.get(i);
            work += subscriber.poll();
            final DriverConnection connection = subscriber.connection();
            final Subscription subscription = connection.subscription();
            final StreamState state = connection.isDriverConnected() && subscription != null &&
                subscription.isConnected() ? StreamState.CONNECTED : StreamState.NOT_CONNECTED;
            if (state != states[i])
            {
                states[i] = state;
                work++;
                if (listener != null)
                {
                    listener.onStreamState(i, state);
                }
            }
        }
        return work;
    }

    /**
     * @param index which handler.
     * @return its stream's state as of the last poll.
     */
    public StreamState state(final int index)
    {
        return states[index];
    }

    /**
     * @param index which handler.
     * @return its subscriber (mirror, counters).
     */
    public MarketDataSubscriber subscriber(final int index)
    {
        return subscribers.get(index);
    }

    /**
     * @return handlers subscribed to.
     */
    public int handlerCount()
    {
        return states.length;
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        return poll();
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "xdpfeed-multi-handler-subscriber";
    }

    /**
     * Close every subscriber.
     */
    public void close()
    {
        CloseHelper.quietCloseAll(subscribers);
    }
}
