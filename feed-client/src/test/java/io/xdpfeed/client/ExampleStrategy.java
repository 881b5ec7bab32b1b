package io.xdpfeed.client;

import io.xdpfeed.codecs.md.BookUpdateDecoder;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The strategy of feed-client/README.md, compiled so the example cannot drift from the API.
 */
final class ExampleStrategy implements MarketDataListener
{
    private BookMirror mirror;
    long spread;

    public void onBookUpdate(final BookUpdateDecoder update)
    {
        final Book book = mirror.book(update.channelId(), update.securityId());  // already updated
        if (book.isEndOfEvent() && book.isTrusted() && book.bestBidPrice() != BookSide.NULL_PRICE)
        {
            spread = book.bestAskPrice() - book.bestBidPrice();       // PRICE9 mantissas
            // ... decide, send orders
        }
    }

    public static void main(final String[] args)
    {
        final ExampleStrategy strategy = new ExampleStrategy();
        try (MarketDataSubscriber subscriber = new MarketDataSubscriber(new MarketDataSubscriber.Context()
            .aeronDirectoryName("/dev/shm/aeron-root")     // the handler's (embedded) media driver
            .listener(strategy)))
        {
            strategy.mirror = subscriber.mirror();
            final IdleStrategy idle = new BusySpinIdleStrategy();
            while (!Thread.currentThread().isInterrupted())
            {
                idle.idle(subscriber.poll());
            }
        }
    }
}
