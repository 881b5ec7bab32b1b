package io.xdpfeed.bench.live;

import io.aeron.CncFileDescriptor;
import io.aeron.driver.status.SystemCounterDescriptor;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A media driver's own evidence of loss recovery and flow control, read from its CnC file as AeronStat does (no Aeron
 * client): the system counters that say what NAK recovery did (NAKs sent and received, retransmits, retransmit pool
 * overflows, status messages, flow-control under- and over-runs, sender flow-control limits, short sends, loss-gap
 * fills) and the stream positions (publisher position and limit, sender position and limit, receiver high-water mark
 * and position, subscriber positions). Read for both hosts of a remote run (docs/distribution.md).
 *
 * @param values by short name ({@code naks-sent}, {@code snd-pos}, ...), in {@link #SYSTEM} order then the positions
 *               in the CnC file's order; absent when the directory holds no CnC file.
 */
public record DriverCounterSnapshot(Map<String, Long> values)
{
    /** The system counters read, with their short names. */
    static final List<Map.Entry<SystemCounterDescriptor, String>> SYSTEM = List.of(
        Map.entry(SystemCounterDescriptor.BYTES_SENT, "bytes-sent"),
        Map.entry(SystemCounterDescriptor.BYTES_RECEIVED, "bytes-received"),
        Map.entry(SystemCounterDescriptor.NAK_MESSAGES_SENT, "naks-sent"),
        Map.entry(SystemCounterDescriptor.NAK_MESSAGES_RECEIVED, "naks-received"),
        Map.entry(SystemCounterDescriptor.RETRANSMITS_SENT, "retransmits-sent"),
        Map.entry(SystemCounterDescriptor.RETRANSMITTED_BYTES, "retransmitted-bytes"),
        Map.entry(SystemCounterDescriptor.RETRANSMIT_OVERFLOW, "retransmit-overflow"),
        Map.entry(SystemCounterDescriptor.STATUS_MESSAGES_SENT, "sms-sent"),
        Map.entry(SystemCounterDescriptor.STATUS_MESSAGES_RECEIVED, "sms-received"),
        Map.entry(SystemCounterDescriptor.HEARTBEATS_SENT, "heartbeats-sent"),
        Map.entry(SystemCounterDescriptor.FLOW_CONTROL_UNDER_RUNS, "fc-under-runs"),
        Map.entry(SystemCounterDescriptor.FLOW_CONTROL_OVER_RUNS, "fc-over-runs"),
        Map.entry(SystemCounterDescriptor.SENDER_FLOW_CONTROL_LIMITS, "sender-fc-limits"),
        Map.entry(SystemCounterDescriptor.SHORT_SENDS, "short-sends"),
        Map.entry(SystemCounterDescriptor.LOSS_GAP_FILLS, "loss-gap-fills"),
        Map.entry(SystemCounterDescriptor.INVALID_PACKETS, "invalid-packets"),
        Map.entry(SystemCounterDescriptor.ERRORS, "errors"),
        Map.entry(SystemCounterDescriptor.SENDER_MAX_CYCLE_TIME, "sender-max-cycle-ns"),
        Map.entry(SystemCounterDescriptor.RECEIVER_MAX_CYCLE_TIME, "receiver-max-cycle-ns"));

    /** Labels of the per-stream position counters read (their label's first word). */
    static final List<String> POSITIONS = List.of(
        "pub-pos", "pub-lmt", "snd-pos", "snd-lmt", "snd-bpe", "rcv-hwm", "rcv-pos", "sub-pos", "spy-pos");

    /**
     * Read the counters now.
     *
     * @param aeronDir a media driver's directory.
     * @return the values, empty when the directory holds no CnC file.
     */
    public static DriverCounterSnapshot read(final String aeronDir)
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        final File cnc = new File(aeronDir, CncFileDescriptor.CNC_FILE);
        if (!cnc.exists())
        {
            return new DriverCounterSnapshot(values);
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(cnc, "cnc");
        try
        {
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(mapped);
            final CountersReader reader = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(mapped, metaData),
                CncFileDescriptor.createCountersValuesBuffer(mapped, metaData));
            final Map<Integer, Long> system = new LinkedHashMap<>();
            final Map<String, Long> positions = new LinkedHashMap<>();
            reader.forEach((counterId, typeId, keyBuffer, label) ->
            {
                if (typeId == SystemCounterDescriptor.SYSTEM_COUNTER_TYPE_ID)
                {
                    system.put(keyBuffer.getInt(0), reader.getCounterValue(counterId));
                    return;
                }
                // "snd-pos: 12 ...", "pub-pos (sampled): 12 ...": the name ends at the first space or colon
                int end = 0;
                while (end < label.length() && label.charAt(end) != ' ' && label.charAt(end) != ':')
                {
                    end++;
                }
                final String kind = label.substring(0, end);
                if (POSITIONS.contains(kind))
                {
                    // a name per stream: "snd-pos", then "snd-pos#2" for a second stream of the same kind
                    String name = kind;
                    for (int i = 2; positions.containsKey(name); i++)
                    {
                        name = kind + "#" + i;
                    }
                    positions.put(name, reader.getCounterValue(counterId));
                }
            });
            for (final Map.Entry<SystemCounterDescriptor, String> entry : SYSTEM)
            {
                final Long value = system.get(entry.getKey().id());
                if (value != null)
                {
                    values.put(entry.getValue(), value);
                }
            }
            values.putAll(positions);
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
        return new DriverCounterSnapshot(values);
    }

    /**
     * @param name a short name.
     * @return its value, 0 when absent.
     */
    public long get(final String name)
    {
        return values.getOrDefault(name, 0L);
    }

    /**
     * @return {@code name=value} pairs, e.g. {@code naks-sent=812 retransmits-sent=790 ...}.
     */
    public String format()
    {
        return format(values);
    }

    /**
     * @param values counter names and values, in the order to print.
     * @return {@code name=value} pairs separated by one space.
     */
    static String format(final Map<String, Long> values)
    {
        final StringBuilder builder = new StringBuilder();
        for (final Map.Entry<String, Long> entry : values.entrySet())
        {
            if (!builder.isEmpty())
            {
                builder.append(' ');
            }
            builder.append(entry.getKey()).append('=').append(entry.getValue());
        }
        return builder.toString();
    }

    /**
     * Print the counters of one or more running drivers while a benchmark runs: {@code [--interval-ms N] DIR...}
     * prints every directory's counters every N ms (default once) until none of them holds a CnC file.
     *
     * @param args the interval and the drivers' directories.
     * @throws InterruptedException when interrupted between samples.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        long intervalMs = 0;
        int first = 0;
        if (args.length >= 2 && "--interval-ms".equals(args[0]))
        {
            intervalMs = Long.parseLong(args[1]);
            first = 2;
        }
        final long startMs = System.currentTimeMillis();
        boolean any = true;
        while (any)
        {
            any = false;
            for (int i = first; i < args.length; i++)
            {
                final DriverCounterSnapshot snapshot = read(args[i]);
                if (!snapshot.values().isEmpty())
                {
                    any = true;
                    System.out.println((System.currentTimeMillis() - startMs) + " ms " + args[i] + ": " +
                        snapshot.format());
                }
            }
            if (intervalMs <= 0)
            {
                return;
            }
            Thread.sleep(intervalMs);
        }
    }
}
