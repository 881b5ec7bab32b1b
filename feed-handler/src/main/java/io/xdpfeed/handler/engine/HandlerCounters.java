package io.xdpfeed.handler.engine;

import io.aeron.Aeron;
import io.xdpfeed.handler.counters.AeronCounterAllocator;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.counters.ChannelCounters;
import io.xdpfeed.handler.counters.CounterAllocator;
import io.xdpfeed.handler.counters.HeapCounterAllocator;
import io.xdpfeed.handler.stats.HandlerCounter;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.Arrays;

/**
 * The handler's counters: the handler-wide {@link HandlerCounter}s and, for each channel the engine handles, its
 * {@link ChannelCounters}, all from one {@link CounterAllocator} (the CnC file live, the heap otherwise). The stages
 * write their counters in place; nothing is copied. The handler-wide totals of the per-channel counters are summed
 * by the conductor ({@link #sumChannels()}), off the critical path.
 */
public final class HandlerCounters implements AutoCloseable
{
    private static final HandlerCounter[] TOTALS = Arrays.stream(HandlerCounter.values())
        .filter(counter -> counter.perChannel() != null).toArray(HandlerCounter[]::new);

    private final CounterAllocator allocator;
    private final AtomicCounter[] counters = new AtomicCounter[HandlerCounter.values().length];
    private volatile ChannelCounters[] channels = new ChannelCounters[0];

    /**
     * Counters in the media driver's CnC file.
     *
     * @param aeron client to allocate the counters with.
     */
    public HandlerCounters(final Aeron aeron)
    {
        this(new AeronCounterAllocator(aeron));
    }

    /**
     * @param allocator where the counters live.
     */
    public HandlerCounters(final CounterAllocator allocator)
    {
        this.allocator = allocator;
        for (final HandlerCounter counter : HandlerCounter.values())
        {
            counters[counter.id()] = allocator.allocate(counter.typeId(), CounterAllocator.NO_CHANNEL,
                counter.label());
        }
    }

    /**
     * @return counters on the heap (replay, tests, benchmarks: no media driver).
     */
    public static HandlerCounters onHeap()
    {
        return new HandlerCounters(new HeapCounterAllocator());
    }

    /**
     * Allocate the counters of a channel as its pipeline is composed. The thread that builds the engine, or the
     * receive thread when a channel is met on the fly (a replay without a configuration).
     *
     * @param channelId CME channel id.
     * @return the channel's counters.
     */
    public ChannelCounters newChannel(final int channelId)
    {
        final ChannelCounters channel = new ChannelCounters(channelId, allocator);
        final ChannelCounters[] before = channels;
        final ChannelCounters[] after = Arrays.copyOf(before, before.length + 1);
        after[before.length] = channel;
        channels = after;
        return channel;
    }

    /**
     * @param counter which.
     * @return the handler-wide counter (for the per-channel kinds, the total the conductor sums).
     */
    public AtomicCounter counter(final HandlerCounter counter)
    {
        return counters[counter.id()];
    }

    /**
     * @return the counters of every channel allocated so far; any thread.
     */
    public ChannelCounters[] channels()
    {
        return channels.clone();
    }

    /**
     * The handler-wide total of one per-channel kind, summed now; any thread.
     *
     * @param counter which.
     * @return the sum over the channels.
     */
    public long total(final ChannelCounter counter)
    {
        long total = 0;
        for (final ChannelCounters channel : channels)
        {
            total += channel.get(counter);
        }
        return total;
    }

    /**
     * Set the handler-wide totals of the per-channel counters. One thread: the conductor, every millisecond.
     */
    public void sumChannels()
    {
        final ChannelCounters[] channels = this.channels;
        for (final HandlerCounter counter : TOTALS)
        {
            final ChannelCounter perChannel = counter.perChannel();
            long total = 0;
            for (final ChannelCounters channel : channels)
            {
                total += channel.get(perChannel);
            }
            counters[counter.id()].setRelease(total);
        }
    }

    /**
     * Free the counters (Aeron's; the heap's go with the engine).
     */
    public void close()
    {
        if (allocator instanceof final AeronCounterAllocator aeronCounters)
        {
            aeronCounters.close();
        }
    }
}
