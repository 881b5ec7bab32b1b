package io.xdpfeed.handler.replay;

import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.mdp3.Mdp3Framing;
import io.xdpfeed.handler.mdp3.Mdp3PacketAdapter;
import io.xdpfeed.handler.mdp3.Mdp3PacketPipeline;

import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of one replay, as one JSON object or as readable text.
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
 * @param acceptedPackets       packets valid and accepted by arbitration.
 * @param duplicates            packets dropped as duplicates.
 * @param gaps                  sequence gaps.
 * @param missingPackets        MsgSeqNums skipped by gaps.
 * @param malformed             datagrams dropped for bad framing.
 * @param malformedReasons      reason name -> count.
 * @param messages              messages in accepted packets.
 * @param templates             template id -> messages, in accepted packets.
 * @param unknownTemplates      messages of templates not decoded.
 * @param foreignSchemaMessages messages of another schema id.
 * @param trades                entries of trade summaries 42 and 48.
 * @param tradeQty              sum of their MDEntrySize.
 * @param damage                why the capture ended early, or null.
 * @param elapsedNs             wall time of the replay.
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
    long elapsedNs)
{
    /**
     * Collect the counts of a finished replay.
     *
     * @param source    the capture.
     * @param pipeline  the packet path.
     * @param listener  the trade counter.
     * @param elapsedNs wall time.
     * @return the summary.
     */
    public static ReplaySummary of(
        final PcapPacketSource source,
        final Mdp3PacketPipeline pipeline,
        final ReplayListener listener,
        final long elapsedNs)
    {
        final Mdp3PacketAdapter adapter = pipeline.adapter();
        final TreeMap<Integer, Long> templates = new TreeMap<>();
        for (int id = 0; id <= Mdp3PacketAdapter.MAX_COUNTED_TEMPLATE_ID; id++)
        {
            final long count = adapter.templateCount(id);
            if (count > 0)
            {
                templates.put(id, count);
            }
        }
        final TreeMap<String, Long> reasons = new TreeMap<>();
        for (int reason = 1; reason < Mdp3Framing.REASON_COUNT; reason++)
        {
            final long count = adapter.malformed(-reason);
            if (count > 0)
            {
                reasons.put(Mdp3Framing.reasonName(-reason), count);
            }
        }
        return new ReplaySummary(
            source.path().getFileName().toString(),
            source.format(),
            pipeline.lineMap().isConfigured(),
            pipeline.lineMap().lineCount(),
            source.frames(),
            source.skippedFrames(),
            source.badChecksums(),
            source.datagrams(),
            pipeline.unconfiguredDatagrams(),
            pipeline.packets(),
            pipeline.acceptedPackets(),
            pipeline.arbiter().duplicates(),
            pipeline.arbiter().gaps(),
            pipeline.arbiter().missingPackets(),
            adapter.malformed(),
            reasons,
            adapter.messages(),
            templates,
            adapter.unknownTemplates(),
            adapter.foreignSchemaMessages(),
            listener.trades(),
            listener.tradeQty(),
            source.damage(),
            elapsedNs);
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
            .append(" MsgSeqNums missing on every line)\n");
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
}
