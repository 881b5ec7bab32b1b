package io.xdpfeed.handler.counters;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * The counters of one channel, one per {@link ChannelCounter} and the channel's state, allocated together when the
 * channel's pipeline is composed and handed out to the stages that own them (the sequencer its duplicates, gaps and
 * lost packets; the recovery its recoveries and snapshots; ...). Written only by the receive thread, in place, with
 * {@link AtomicCounter#incrementRelease()}: a plain load and add and a release store, no locked instruction (on x86 a
 * release store is an ordinary store), which single-writer counters need to be read whole and in order by another
 * thread or process. Read by anyone ({@link AtomicCounter#get()}).
 */
public final class ChannelCounters
{
    private final int channelId;
    private final AtomicCounter[] counters = new AtomicCounter[ChannelCounter.ID_SPAN];
    private final AtomicCounter state;

    /**
     * Allocate the counters of one channel.
     *
     * @param channelId CME channel id, in the counters' keys and labels.
     * @param allocator where.
     */
    public ChannelCounters(final int channelId, final CounterAllocator allocator)
    {
        this.channelId = channelId;
        for (final ChannelCounter counter : ChannelCounter.values())
        {
            counters[counter.id()] = allocator.allocate(counter.typeId(), channelId, counter.label(channelId));
        }
        state = allocator.allocate(ChannelCounter.STATE_TYPE_ID, channelId, ChannelCounter.stateLabel(channelId));
    }

    /**
     * Counters of one channel on the heap (a stage or a channel built alone, in tests and benchmarks).
     *
     * @param channelId CME channel id.
     * @return the counters.
     */
    public static ChannelCounters onHeap(final int channelId)
    {
        return new ChannelCounters(channelId, new HeapCounterAllocator());
    }

    /**
     * @return CME channel id.
     */
    public int channelId()
    {
        return channelId;
    }

    /**
     * @param counter which.
     * @return the channel's counter.
     */
    public AtomicCounter counter(final ChannelCounter counter)
    {
        return counters[counter.id()];
    }

    /**
     * @param counter which.
     * @return its value now.
     */
    public long get(final ChannelCounter counter)
    {
        return counters[counter.id()].get();
    }

    /**
     * @return the channel's state: 0 LIVE, 1 STALE, 2 RECOVERING, 3 SILENT (the ChannelStatus value).
     */
    public AtomicCounter state()
    {
        return state;
    }
}
