package io.xdpfeed.handler.stats;

import io.xdpfeed.handler.counters.ChannelCounter;

import java.util.Locale;
import java.util.Map;

/**
 * Formats one frame of {@code scripts/feed-stat} from two samples of a handler's counters: rates over the time
 * between them, then the latest values. Sections, one line or block each: {@code rates}, {@code latency},
 * {@code channels}, {@code per channel} (a row per channel from its own counters), {@code lines} (silent incremental
 * lines, link), {@code drops}, {@code ingress}, {@code recovery}, {@code errors}. Tool code: allocates.
 */
public final class FeedStatView
{
    private static final String[] STATES = { "LIVE", "STALE", "RECOVERING", "SILENT" };
    private static final ChannelCounter[] COLUMNS = {
        ChannelCounter.PACKETS, ChannelCounter.DUPLICATES, ChannelCounter.GAPS, ChannelCounter.LOST_PACKETS,
        ChannelCounter.RECOVERIES, ChannelCounter.SNAPSHOTS_APPLIED, ChannelCounter.STALE_INSTRUMENTS,
        ChannelCounter.RPTSEQ_GAPS, ChannelCounter.MALFORMED };
    private static final String[] HEADINGS = {
        "packets", "duplicates", "gaps", "lost", "recoveries", "snapshots", "stale", "rptseq gaps", "malformed" };

    private FeedStatView()
    {
    }

    /**
     * @param previous the sample before, or null (no rates).
     * @param current  the latest sample.
     * @param out      where the frame goes.
     */
    public static void render(final HandlerStatsSample previous, final HandlerStatsSample current,
        final StringBuilder out)
    {
        final double seconds = previous == null ? 0 : (current.timeNs() - previous.timeNs()) / 1e9;
        out.append("handler (aeron client ").append(current.ownerId()).append(")\n");

        out.append("  rates      ");
        if (seconds > 0)
        {
            out.append("packets/s ").append(group(rate(previous, current, HandlerCounter.PACKETS, seconds)))
                .append("  records/s ").append(group(rate(previous, current, HandlerCounter.RECORDS_PUBLISHED,
                seconds)))
                .append("  duplicates/s ").append(group(rate(previous, current, HandlerCounter.DUPLICATES, seconds)));
        }
        else
        {
            out.append("(needs two samples)");
        }
        out.append("   totals: packets ").append(group(current.value(HandlerCounter.PACKETS)))
            .append(", records ").append(group(current.value(HandlerCounter.RECORDS_PUBLISHED))).append('\n');

        out.append("  latency    ");
        if (current.hasLatency())
        {
            out.append(String.format(Locale.ROOT, "%-10s %10s %10s %10s %10s %12s %8s   (last interval, ns)%n",
                "tier", "samples", "p50", "p99", "p99.9", "max", "clamped"));
            for (final HandlerLatencyTier tier : HandlerLatencyTier.tiers())
            {
                final boolean empty = current.latency(tier, LatencyCounter.SAMPLES) == 0;
                out.append(String.format(Locale.ROOT, "             %-10s %10s %10s %10s %10s %12s %8s%n",
                    tier.tag(),
                    group(current.latency(tier, LatencyCounter.SAMPLES)),
                    empty ? "-" : group(current.latency(tier, LatencyCounter.P50)),
                    empty ? "-" : group(current.latency(tier, LatencyCounter.P99)),
                    empty ? "-" : group(current.latency(tier, LatencyCounter.P999)),
                    empty ? "-" : group(current.latency(tier, LatencyCounter.MAX)),
                    group(current.latency(tier, LatencyCounter.CLAMPED))));
            }
        }
        else
        {
            out.append("off (xdpfeed.latency=false)\n");
        }

        out.append("  channels   ");
        if (current.channelStates().isEmpty())
        {
            out.append("none");
        }
        for (final Map.Entry<Integer, Long> entry : current.channelStates().entrySet())
        {
            final long state = entry.getValue();
            out.append(entry.getKey()).append(' ')
                .append(state >= 0 && state < STATES.length ? STATES[(int)state] : Long.toString(state)).append("  ");
        }
        out.append("   stale instruments ").append(group(current.value(HandlerCounter.STALE_INSTRUMENTS))).append('\n');
        perChannel(current, out);
        out.append("  lines      silent now ").append(group(current.value(HandlerCounter.SILENT_LINES)))
            .append("  silences ").append(group(current.value(HandlerCounter.LINE_SILENCES)))
            .append("  link ").append(current.value(HandlerCounter.LINK_DOWN) != 0 ? "DOWN" : "up").append('\n');

        out.append("  drops      malformed ").append(group(current.value(HandlerCounter.MALFORMED)))
            .append("  back-pressure ").append(group(current.value(HandlerCounter.BACK_PRESSURE_DROPS)))
            .append("  not-connected ").append(group(current.value(HandlerCounter.NOT_CONNECTED_DROPS)))
            .append("  unconfigured ").append(group(current.value(HandlerCounter.UNCONFIGURED_DATAGRAMS)))
            .append("  duplicates ").append(group(current.value(HandlerCounter.DUPLICATES))).append('\n');

        out.append("  ingress    ");
        if (current.hasIngress())
        {
            out.append("received ").append(group(current.ingress(IngressCounter.RECEIVED)))
                .append("  skipped frames ").append(group(current.ingress(IngressCounter.SKIPPED_FRAMES)))
                .append("  bad checksums ").append(group(current.ingress(IngressCounter.BAD_CHECKSUMS)))
                .append("  xdp dropped ").append(group(current.ingress(IngressCounter.DROPPED)))
                .append("  rx ring full ").append(group(current.ingress(IngressCounter.RX_RING_FULL)))
                .append("  fill ring empty ").append(group(current.ingress(IngressCounter.FILL_RING_EMPTY)))
                .append("  invalid descriptors ").append(group(current.ingress(IngressCounter.INVALID_DESCRIPTORS)));
        }
        else
        {
            out.append("no counters");
        }
        out.append('\n');
        if (current.hasIngress() && current.ingress(IngressCounter.KERNEL_PASSED) +
            current.ingress(IngressCounter.KERNEL_DUPLICATES) + current.ingress(IngressCounter.KERNEL_MALFORMED) != 0)
        {
            out.append("  kernel a/b passed ").append(group(current.ingress(IngressCounter.KERNEL_PASSED)))
                .append("  duplicates dropped ").append(group(current.ingress(IngressCounter.KERNEL_DUPLICATES)))
                .append("  malformed passed ").append(group(current.ingress(IngressCounter.KERNEL_MALFORMED)))
                .append('\n');
        }

        out.append("  recovery   gaps ").append(group(current.value(HandlerCounter.GAPS)))
            .append("  lost packets ").append(group(current.value(HandlerCounter.LOST_PACKETS)))
            .append("  recoveries ").append(group(current.value(HandlerCounter.RECOVERIES)))
            .append("  snapshots applied ").append(group(current.value(HandlerCounter.SNAPSHOTS_APPLIED)))
            .append("  refused ").append(group(current.value(HandlerCounter.SNAPSHOTS_REFUSED)))
            .append("\n             rptseq gaps ").append(group(current.value(HandlerCounter.RPTSEQ_GAPS)))
            .append("  queue overflows ").append(group(current.value(HandlerCounter.QUEUE_OVERFLOWS)))
            .append("  late-join requests ").append(group(current.value(HandlerCounter.SNAPSHOT_REQUESTS)))
            .append("  order book overflows ").append(group(current.value(HandlerCounter.ORDER_OVERFLOWS)))
            .append('\n');

        out.append("  errors     ").append(group(current.value(HandlerCounter.ERRORS))).append('\n');
    }

    private static void perChannel(final HandlerStatsSample current, final StringBuilder out)
    {
        if (current.channelIds().isEmpty())
        {
            return;
        }
        out.append("  per channel").append(String.format(Locale.ROOT, "%8s", "channel"));
        for (final String heading : HEADINGS)
        {
            out.append(String.format(Locale.ROOT, " %12s", heading));
        }
        out.append('\n');
        for (final int channelId : current.channelIds())
        {
            out.append("             ").append(String.format(Locale.ROOT, "%8d", channelId));
            for (final ChannelCounter column : COLUMNS)
            {
                out.append(String.format(Locale.ROOT, " %12s", group(current.value(channelId, column))));
            }
            out.append('\n');
        }
    }

    private static long rate(
        final HandlerStatsSample previous,
        final HandlerStatsSample current,
        final HandlerCounter counter,
        final double seconds)
    {
        return Math.round((current.value(counter) - previous.value(counter)) / seconds);
    }

    private static String group(final long value)
    {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
