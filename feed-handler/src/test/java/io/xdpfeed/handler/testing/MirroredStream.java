package io.xdpfeed.handler.testing;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.MarketDataAdapter;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.client.OrderBookMirror;
import io.xdpfeed.handler.publish.MarketDataProxy;
import org.agrona.CloseHelper;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the engine publishes, read back as a strategy reads it: a {@link MarketDataProxy} on an exclusive publication,
 * and on a thread of its own a subscription read by a {@code MarketDataAdapter} into a {@link BookMirror} and an
 * {@link OrderBookMirror}, until {@link #awaitRead()} says the publishing is done and the subscriber has read it all.
 */
public final class MirroredStream implements AutoCloseable
{
    private final Subscription subscription;
    private final ExclusivePublication publication;
    private final MarketDataProxy proxy;
    private final BookMirror bookMirror;
    private final OrderBookMirror orderMirror;
    private final AtomicBoolean published = new AtomicBoolean();
    private final Thread reader;

    /**
     * Connect both ends and start the reader.
     *
     * @param aeron   client of a running media driver.
     * @param channel of the stream (room for every record: a publication that back-pressures drops them).
     * @param stream  stream id.
     */
    public MirroredStream(final Aeron aeron, final String channel, final int stream)
    {
        subscription = aeron.addSubscription(channel, stream);
        publication = aeron.addExclusivePublication(channel, stream);
        // both ends: the reader stops when its image has everything, so the image must be there first
        while (!publication.isConnected() || !subscription.isConnected())
        {
            Thread.onSpinWait();
        }
        proxy = new MarketDataProxy(publication, new OffsetEpochNanoClock());
        bookMirror = new BookMirror(new MarketDataSubscriber.Context(), (requestId, channelId, securityId) -> false);
        orderMirror = new OrderBookMirror(bookMirror);
        final FragmentAssembler assembler = new FragmentAssembler(new MarketDataAdapter(orderMirror, null, null));
        reader = new Thread(() ->
        {
            while (!published.get() || subscription.imageCount() > 0 &&
                subscription.imageAtIndex(0).position() < publication.position())
            {
                if (subscription.poll(assembler, 256) == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }, "mirrored-stream");
        reader.start();
    }

    /**
     * @return the publisher to hand the engine.
     */
    public MarketDataProxy proxy()
    {
        return proxy;
    }

    /**
     * @return the market-by-price mirror (read it after {@link #awaitRead()}).
     */
    public BookMirror bookMirror()
    {
        return bookMirror;
    }

    /**
     * @return the market-by-order mirror (read it after {@link #awaitRead()}).
     */
    public OrderBookMirror orderMirror()
    {
        return orderMirror;
    }

    /**
     * The publishing is done: wait until the reader has read everything published.
     *
     * @throws InterruptedException when interrupted while waiting.
     */
    public void awaitRead() throws InterruptedException
    {
        published.set(true);
        reader.join();
    }

    /**
     * Stop the reader if still running, close both ends.
     */
    public void close()
    {
        published.set(true);
        try
        {
            reader.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        CloseHelper.closeAll(subscription, publication);
    }
}
