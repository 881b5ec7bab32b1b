package io.xdpfeed.handler.replay;

import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.protocol.DecodeCounts;

import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of one replay, as one JSON object or as readable text. Every count comes from the one run of the
 * engine ({@link io.xdpfeed.handler.engine.FeedEngine}, the live composition) that also writes the books; the
 * counts that are counters live (duplicates, gaps, missing packets, malformed, recoveries, stale instruments,
 * snapshots applied, unconfigured datagrams) are read from the very counters the stages write, here on the heap
 * (the sum of each channel's {@link io.xdpfeed.handler.counters.ChannelCounter}).
 *
 * @param capture               capture file name.
 * @param format                {@code pcap} or {@code pcapng}.
 * @param configured            true when a config.xml gave the line map.
 * @param lines                 lines in the map at the end.
 * @param frames                records in the capture.
 * @param skippedFrames         records that were not IPv4/UDP datagrams.
 * @param badChecksums          whole UDP datagrams dropped for a failed checksum (not in {@code datagrams}).
 * @param datagrams             UDP datagrams in the capture.
 * @param unconfiguredDatagrams datagrams not on a line of the config.
 * @param packets               datagrams on the lines.
 * @param acceptedPackets       packets valid and decoded: delivered by the sequencer, or recovery packets used.
 * @param duplicates            packets dropped as duplicates by the sequencer.
 * @param gaps                  holes declared lost: not filled by the other line within the reorder window and the
 *                              gap wait.
 * @param missingPackets        MsgSeqNums in those holes (lost on every line).
 * @param malformed             datagrams dropped for bad framing.
 * @param malformedReasons      reason name -> count.
 * @param messages              messages in accepted packets.
 * @param templates             template id -> messages, in accepted packets.
 * @param unknownTemplates      messages of templates not decoded.
 * @param foreignSchemaMessages messages of another schema id.
 * @param trades                trades published (New entries of trade summaries 42 and 48).
 * @param tradeQty              sum of their sizes.
 * @param damage                why the capture ended early, or null.
 * @param elapsedNs             wall time of the replay.
 * @param recoveries            recoveries started (channel losses and late starts).
 * @param staleInstruments      instruments not LIVE at the end.
 * @param instruments           instruments known at the end (text only).
 * @param snapshotsApplied      snapshots applied by recoveries (text only).
 * @param retransmissionRequests re-requests sent by a protocol's own recovery (ITCH: MoldUDP64).
 * @param retransmittedMessages sequence numbers lost on every line that retransmissions filled.
 * @param streamSnapshots       snapshots from a protocol's snapshot server applied (ITCH: GLIMPSE).
 * @param streamSnapshotFailures snapshots from that server that failed (refused, login rejected, cut short).
 * @param orderOverflows        orders refused by full market-by-order books ({@code xdpfeed.mbo.max.orders}), each
 *                              leaving its instrument STALE.
 */
public record ReplaySummary(
    String capture,
    String format,
    boolean configured,
    int lines,
    long frames,
    long skippedFrames,
    long badChecksums,
    long datagrams,
    long unconfiguredDatagrams,
    long packets,
    long acceptedPackets,
    long duplicates,
    long gaps,
    long missingPackets,
    long malformed,
    Map<String, Long> malformedReasons,
    long messages,
    Map<Integer, Long> templates,
    long unknownTemplates,
    long foreignSchemaMessages,
    long trades,
    long tradeQty,
    String damage,
    long elapsedNs,
    long recoveries,
    long staleInstruments,
    long instruments,
    long snapshotsApplied,
    long retransmissionRequests,
    long retransmittedMessages,
    long streamSnapshots,
    long streamSnapshotFailures,
    long orderOverflows)
{
    /**
     * Collect the counts of a finished replay from the engine that ran it: its line routing, its channels'
     * sequencers (duplicates, holes declared lost after the reorder window and gap wait) and framing/decoding
     * counts, its recovery state, and the trades it handed the publisher.
     *
     * @param source    the capture.
     * @param engine    the engine after the replay.
     * @param listener  what the publisher was told (trades).
     * @param elapsedNs wall time.
     * @return the summary.
     */
    public static ReplaySummary of(
        final PcapPacketSource source,
        final FeedEngine engine,
        final ReplayListener listener,
        final long elapsedNs)
    {
        final DecodedCounts decoded = new DecodedCounts();
        for (int i = 0; i < engine.channelCount(); i++)
        {
            final ChannelState channel = engine.channel(i);
            if (channel != null)
            {
                channel.decoder().addCountsTo(decoded);
            }
        }
        final LineMap lineMap = engine.lineMap();
        final HandlerCounters counters = engine.counters();
        return new ReplaySummary(
            source.path().getFileName().toString(),
            source.format(),
            lineMap.isConfigured(),
            lineMap.lineCount(),
            source.frames(),
            source.skippedFrames(),
            source.badChecksums(),
            source.datagrams(),
            engine.unconfiguredDatagrams(),
            engine.datagrams() - engine.unconfiguredDatagrams(),
            decoded.packets,
            counters.total(ChannelCounter.DUPLICATES),
            counters.total(ChannelCounter.GAPS),
            counters.total(ChannelCounter.LOST_PACKETS),
            counters.total(ChannelCounter.MALFORMED),
            decoded.malformedByReason,
            decoded.messages,
            decoded.messagesByType,
            decoded.unknownTypeMessages,
            decoded.otherSchemaMessages,
            listener.trades(),
            listener.tradeQty(),
            source.damage(),
            elapsedNs,
            counters.total(ChannelCounter.RECOVERIES),
            counters.total(ChannelCounter.STALE_INSTRUMENTS),
            engine.instruments(),
            counters.total(ChannelCounter.SNAPSHOTS_APPLIED),
            counters.total(ChannelCounter.RETRANSMISSION_REQUESTS),
            counters.total(ChannelCounter.RETRANSMITTED_MESSAGES),
            counters.total(ChannelCounter.STREAM_SNAPSHOTS),
            counters.total(ChannelCounter.STREAM_SNAPSHOT_FAILURES),
            counters.total(ChannelCounter.ORDER_OVERFLOWS));
    }

    /**
     * @return one line of JSON.
     */
    public String toJson()
    {
        final StringBuilder json = new StringBuilder(512);
        json.append('{');
        json.append("\"capture\":").append(quote(capture));
        json.append(",\"format\":").append(quote(format));
        json.append(",\"configured\":").append(configured);
        json.append(",\"lines\":").append(lines);
        json.append(",\"frames\":").append(frames);
        json.append(",\"skippedFrames\":").append(skippedFrames);
        json.append(",\"badChecksums\":").append(badChecksums);
        json.append(",\"datagrams\":").append(datagrams);
        json.append(",\"unconfiguredDatagrams\":").append(unconfiguredDatagrams);
        json.append(",\"packets\":").append(packets);
        json.append(",\"acceptedPackets\":").append(acceptedPackets);
        json.append(",\"duplicates\":").append(duplicates);
        json.append(",\"gaps\":").append(gaps);
        json.append(",\"missingPackets\":").append(missingPackets);
        json.append(",\"malformed\":").append(malformed);
        json.append(",\"malformedReasons\":{");
        String separator = "";
        for (final Map.Entry<String, Long> entry : malformedReasons.entrySet())
        {
            json.append(separator).append(quote(entry.getKey())).append(':').append(entry.getValue());
            separator = ",";
        }
        json.append('}');
        json.append(",\"messages\":").append(messages);
        json.append(",\"templates\":{");
        separator = "";
        for (final Map.Entry<Integer, Long> entry : templates.entrySet())
        {
            json.append(separator).append('"').append(entry.getKey()).append("\":").append(entry.getValue());
            separator = ",";
        }
        json.append('}');
        json.append(",\"unknownTemplates\":").append(unknownTemplates);
        json.append(",\"foreignSchemaMessages\":").append(foreignSchemaMessages);
        json.append(",\"trades\":").append(trades);
        json.append(",\"tradeQty\":").append(tradeQty);
        json.append(",\"damage\":").append(damage == null ? "null" : quote(damage));
        json.append(",\"elapsedMs\":").append(elapsedNs / 1_000_000);
        json.append(",\"recoveries\":").append(recoveries);
        json.append(",\"staleInstruments\":").append(staleInstruments);
        json.append(",\"retransmissionRequests\":").append(retransmissionRequests);
        json.append(",\"retransmittedMessages\":").append(retransmittedMessages);
        json.append(",\"streamSnapshots\":").append(streamSnapshots);
        json.append(",\"streamSnapshotFailures\":").append(streamSnapshotFailures);
        json.append(",\"orderOverflows\":").append(orderOverflows);
        json.append('}');
        return json.toString();
    }

    /**
     * @return a few lines for a person.
     */
    public String toText()
    {
        final StringBuilder text = new StringBuilder(512);
        text.append("capture          ").append(capture).append(" (").append(format).append(")\n");
        text.append("line map         ").append(configured ? lines + " lines from config" :
            lines + " (group, port) seen, no config: no arbitration").append('\n');
        text.append("frames           ").append(frames).append(" (").append(skippedFrames)
            .append(" skipped: not IPv4/UDP, ").append(badChecksums).append(" bad UDP checksums)\n");
        text.append("datagrams        ").append(datagrams);
        if (configured)
        {
            text.append(" (").append(unconfiguredDatagrams).append(" not on a configured line)");
        }
        text.append('\n');
        text.append("packets          ").append(packets).append(" on lines, ").append(acceptedPackets)
            .append(" accepted, ").append(duplicates).append(" duplicates, ").append(malformed).append(" malformed\n");
        text.append("gaps             ").append(gaps).append(" (").append(missingPackets)
            .append(" MsgSeqNums missing on every line after the reorder window)\n");
        if (!malformedReasons.isEmpty())
        {
            text.append("malformed        ").append(malformedReasons).append('\n');
        }
        text.append("messages         ").append(messages).append(" by template ").append(templates).append('\n');
        text.append("not decoded      ").append(unknownTemplates).append(" unknown template, ")
            .append(foreignSchemaMessages).append(" foreign schema\n");
        text.append("trades           ").append(trades).append(" entries, quantity ").append(tradeQty).append('\n');
        if (damage != null)
        {
            text.append("capture damaged  ").append(damage).append(": replayed what came before\n");
        }
        text.append("engine           ").append(recoveries).append(" recoveries, ").append(staleInstruments)
            .append(" stale instruments of ").append(instruments).append(", ").append(snapshotsApplied)
            .append(" snapshots applied\n");
        if (retransmissionRequests + streamSnapshots + streamSnapshotFailures > 0)
        {
            text.append("stream recovery  ").append(retransmissionRequests).append(" re-requests, ")
                .append(retransmittedMessages).append(" sequence numbers retransmitted, ").append(streamSnapshots)
                .append(" snapshots, ").append(streamSnapshotFailures).append(" failed\n");
        }
        if (orderOverflows > 0)
        {
            text.append("order books      ").append(orderOverflows).append(" orders refused by full books, ")
                .append("their instruments STALE: raise xdpfeed.mbo.max.orders\n");
        }
        text.append(String.format("elapsed          %.1f ms", elapsedNs / 1e6));
        return text.toString();
    }

    private static String quote(final String value)
    {
        final StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                quoted.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                quoted.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /**
     * The channels' decode counts summed; the types and reasons seen only.
     */
    private static final class DecodedCounts implements DecodeCounts
    {
        private final TreeMap<Integer, Long> messagesByType = new TreeMap<>();
        private final TreeMap<String, Long> malformedByReason = new TreeMap<>();
        private long packets;
        private long messages;
        private long unknownTypeMessages;
        private long otherSchemaMessages;

        @Override
        public void totals(final long packets, final long messages, final long unknownTypeMessages,
            final long otherSchemaMessages)
        {
            this.packets += packets;
            this.messages += messages;
            this.unknownTypeMessages += unknownTypeMessages;
            this.otherSchemaMessages += otherSchemaMessages;
        }

        @Override
        public void messages(final int type, final long count)
        {
            if (count > 0)
            {
                messagesByType.merge(type, count, Long::sum);
            }
        }

        @Override
        public void malformed(final String reason, final long count)
        {
            if (count > 0)
            {
                malformedByReason.merge(reason, count, Long::sum);
            }
        }
    }
}
