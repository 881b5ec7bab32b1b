package io.xdpfeed.handler.itch;

/**
 * Finds the best {@code k} distinct prices of one instrument's side among the orders below its ladder, with their
 * aggregated shares and order counts, in one pass over the order table: a sorted array of at most {@code k}
 * candidates, each order either added to its price, inserted (evicting the worst candidate when full) or rejected.
 * Exact in one pass because the candidate set only ever gets better: a price evicted or rejected is worse than
 * {@code k} others and so can never belong to the result. Preallocated; one per builder, used by every book.
 */
final class HiddenLevels
{
    private final long[] prices;
    private final long[] sizes;
    private final int[] counts;
    private int found;

    HiddenLevels(final int capacity)
    {
        prices = new long[capacity];
        sizes = new long[capacity];
        counts = new int[capacity];
    }

    /**
     * @param orders every live order.
     * @param locate of the instrument.
     * @param bid    side.
     * @param below  only prices worse than this one (the ladder's last price); ignored when {@code anyPrice}.
     * @param anyPrice true when the ladder is empty.
     * @param k      most levels wanted, at most the capacity.
     * @return levels found, best first in {@link #price}, {@link #size}, {@link #count}.
     */
    int collect(
        final ItchOrders orders, final int locate, final boolean bid, final long below, final boolean anyPrice,
        final int k)
    {
        found = 0;
        for (int handle = orders.nextLive(0); handle != ItchOrders.ABSENT; handle = orders.nextLive(handle + 1))
        {
            if (orders.locate(handle) != locate || orders.isBid(handle) != bid)
            {
                continue;
            }
            final long price = orders.price4(handle) * ItchMessages.PRICE4_TO_PRICE9;
            if (!anyPrice && !(bid ? price < below : price > below))
            {
                continue;
            }
            offer(price, orders.shares(handle), bid, k);
        }
        return found;
    }

    private void offer(final long price, final long size, final boolean bid, final int k)
    {
        int position = 0;
        while (position < found && (bid ? prices[position] > price : prices[position] < price))
        {
            position++;
        }
        if (position < found && prices[position] == price)
        {
            sizes[position] += size;
            counts[position]++;
            return;
        }
        if (position == k)
        {
            return;
        }
        final int last = Math.min(found, k - 1);
        for (int i = last; i > position; i--)
        {
            prices[i] = prices[i - 1];
            sizes[i] = sizes[i - 1];
            counts[i] = counts[i - 1];
        }
        prices[position] = price;
        sizes[position] = size;
        counts[position] = 1;
        if (found < k)
        {
            found++;
        }
    }

    long price(final int index)
    {
        return prices[index];
    }

    long size(final int index)
    {
        return sizes[index];
    }

    int count(final int index)
    {
        return counts[index];
    }
}
