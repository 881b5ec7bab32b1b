package io.xdpfeed.handler.stats;

import io.xdpfeed.handler.counters.ChannelCounter;
import org.agrona.concurrent.status.CountersReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counters of one running feed handler read from a media driver's counters (any process: the CnC file is
 * shared memory): the {@link HandlerCounter}s, each channel's state and {@link ChannelCounter}s (by the channel id in
 * the counter's key), the {@link LatencyCounter}s and the {@link IngressCounter}s. Counters are grouped by the Aeron client that owns them, so several handlers on one driver
 * read as several samples. Tool code: allocates.
 */
public final class HandlerStatsSample
{
    private static final Pattern CHANNEL_LABEL = Pattern.compile("channel (\\d+) state");
    private static final int TIERS = HandlerLatencyTier.tiers().length;
    private static final int STATS = LatencyCounter.values().length;

    private final long ownerId;
    private final long timeNs;
    private final long[] handler = new long[HandlerCounter.values().length];
    private final long[] latency = new long[TIERS * STATS];
    private final long[] ingress = new long[IngressCounter.values().length];
    private final TreeMap<Integer, Long> channelStates = new TreeMap<>();
    private final TreeMap<Integer, long[]> channels = new TreeMap<>();
    private boolean hasLatency;
    private boolean hasIngress;
    private long intervalEndMs;

    private HandlerStatsSample(final long ownerId, final long timeNs)
    {
        this.ownerId = ownerId;
        this.timeNs = timeNs;
    }

    /**
     * Read every handler's counters now.
     *
     * @param counters the driver's counters.
     * @param timeNs   when (monotonic), for rates between two samples.
     * @return one sample per handler found, in order of owner id; empty when none runs.
     */
    public static List<HandlerStatsSample> read(final CountersReader counters, final long timeNs)
    {
        final Map<Long, HandlerStatsSample> byOwner = new TreeMap<>();
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            final boolean handlerCounter = typeId >= HandlerCounter.TYPE_ID_BASE &&
                typeId < HandlerCounter.TYPE_ID_BASE + HandlerCounter.values().length;
            final LatencyCounter latencyCounter = LatencyCounter.ofTypeId(typeId);
            final IngressCounter ingressCounter = IngressCounter.ofTypeId(typeId);
            final boolean channelState = typeId == HandlerCounter.CHANNEL_STATE_TYPE_ID;
            final boolean intervalEnd = typeId == LatencyCounter.INTERVAL_END_TYPE_ID;
            final ChannelCounter channelCounter = ChannelCounter.ofTypeId(typeId);
            if (!handlerCounter && latencyCounter == null && ingressCounter == null && !channelState && !intervalEnd &&
                channelCounter == null)
            {
                return;
            }
            final long ownerId = counters.getCounterOwnerId(counterId);
            final HandlerStatsSample sample = byOwner.computeIfAbsent(
                ownerId, (id) -> new HandlerStatsSample(id, timeNs));
            final long value = counters.getCounterValue(counterId);
            if (handlerCounter)
            {
                sample.handler[typeId - HandlerCounter.TYPE_ID_BASE] = value;
            }
            else if (latencyCounter != null)
            {
                sample.hasLatency = true;
                sample.latency[LatencyCounter.tierOfTypeId(typeId).ordinal() * STATS + latencyCounter.ordinal()] =
                    value;
            }
            else if (ingressCounter != null)
            {
                sample.hasIngress = true;
                sample.ingress[ingressCounter.id()] = value;
            }
            else if (intervalEnd)
            {
                sample.intervalEndMs = value;
            }
            else if (channelCounter != null)
            {
                sample.channels.computeIfAbsent(keyBuffer.getInt(0), (id) -> new long[ChannelCounter.ID_SPAN])
                    [channelCounter.id()] = value;
            }
            else
            {
                final Matcher matcher = CHANNEL_LABEL.matcher(label);
                sample.channelStates.put(matcher.find() ? Integer.parseInt(matcher.group(1)) : counterId, value);
            }
        });
        return new ArrayList<>(byOwner.values());
    }

    /**
     * @return Aeron client id of the handler.
     */
    public long ownerId()
    {
        return ownerId;
    }

    /**
     * @return when the sample was taken (monotonic ns).
     */
    public long timeNs()
    {
        return timeNs;
    }

    /**
     * @param counter a handler counter.
     * @return its value; for a total of per-channel counters, the sum of the channels' counters read in this same
     * pass (the handler-wide counter is the conductor's sum, up to a millisecond older), so that a frame's totals
     * agree with its per-channel rows and channel states.
     */
    public long value(final HandlerCounter counter)
    {
        final ChannelCounter perChannel = counter.perChannel();
        if (perChannel == null || channels.isEmpty())
        {
            return handler[counter.id()];
        }
        long total = 0;
        for (final long[] values : channels.values())
        {
            total += values[perChannel.id()];
        }
        return total;
    }

    /**
     * @param tier the tier.
     * @param stat the statistic.
     * @return its value in the last interval (0 without latency counters).
     */
    public long latency(final HandlerLatencyTier tier, final LatencyCounter stat)
    {
        return latency[tier.ordinal() * STATS + stat.ordinal()];
    }

    /**
     * @param counter an ingress counter.
     * @return its value.
     */
    public long ingress(final IngressCounter counter)
    {
        return ingress[counter.id()];
    }

    /**
     * @return CME channel id to state (0 LIVE, 1 STALE, 2 RECOVERING, 3 SILENT), by channel id.
     */
    public Map<Integer, Long> channelStates()
    {
        return channelStates;
    }

    /**
     * @return CME channel ids that have per-channel counters, ascending.
     */
    public Set<Integer> channelIds()
    {
        return channels.keySet();
    }

    /**
     * @param channelId CME channel id.
     * @param counter   which.
     * @return the channel's counter, 0 when the channel has none.
     */
    public long value(final int channelId, final ChannelCounter counter)
    {
        final long[] values = channels.get(channelId);
        return values == null ? 0 : values[counter.id()];
    }

    /**
     * @return true when the handler records latency.
     */
    public boolean hasLatency()
    {
        return hasLatency;
    }

    /**
     * @return true when the handler publishes its source's counters.
     */
    public boolean hasIngress()
    {
        return hasIngress;
    }

    /**
     * @return end of the last latency interval, ms since the epoch, 0 before the first.
     */
    public long intervalEndMs()
    {
        return intervalEndMs;
    }
}
