package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.FeedStat;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.stats.HandlerCounter;
import io.xdpfeed.handler.testing.ListPacketSource;
import io.xdpfeed.handler.testing.ListPacketSource.Datagram;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running handler on an embedded media driver (its own Aeron directory, removed afterwards): the per-channel
 * counters its stages write in the CnC file, read through Aeron's {@link CountersReader} the way AeronStat reads
 * them (by type id, channel id in the key, label), hold the session's gaps, duplicates, recoveries, ...; and
 * {@code feed-stat} shows the very same values in its per-channel rows.
 */
@Timeout(60)
class PerChannelCountersAeronTest
{
    private static final Pattern ROW = Pattern.compile("^\\s+(31[01])((?:\\s+[\\d,]+){9})\\s*$", Pattern.MULTILINE);
    private static final ChannelCounter[] FEED_STAT_COLUMNS = {
        ChannelCounter.PACKETS, ChannelCounter.DUPLICATES, ChannelCounter.GAPS, ChannelCounter.LOST_PACKETS,
        ChannelCounter.RECOVERIES, ChannelCounter.SNAPSHOTS_APPLIED, ChannelCounter.STALE_INSTRUMENTS,
        ChannelCounter.RPTSEQ_GAPS, ChannelCounter.MALFORMED };

    @Test
    void aeronStatAndFeedStatReadTheCountersTheStagesWrite()
    {
        final ListPacketSource source = new ListPacketSource();
        final FeedHandler.Context context = new FeedHandler.Context()
            .lineMap(FeedEngineTest.lineMap())
            .channels(310, 311)
            .packetSource(source)
            .threadingMode(ThreadingMode.DEDICATED)
            .aeronDir("").embeddedAeronDir(AeronDirectory.defaultName() + "-" + UUID.randomUUID())
            .heartbeatIntervalNs(0)
            .latency(false);

        final String directory;
        try (FeedHandler handler = FeedHandler.launch(context))
        {
            directory = handler.aeron().context().aeronDirectoryName();
            final CountersReader reader = handler.aeron().countersReader();
            final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();

            // the session of PerChannelCountersTest, in real time: the hole waits the 2 ms gap wait on the clock
            builder.packet(1, 1).book46(END_OF_EVENT, book(7, 1, 0, '0', 1, 100, 5, 1));
            source.add(FeedEngineTest.INCREMENTAL_A, 14310, builder, System.nanoTime());
            source.add(FeedEngineTest.INCREMENTAL_B, 15310, builder, System.nanoTime());
            builder.packet(2, 2).book46(END_OF_EVENT, book(7, 2, 0, '0', 1, 100, 6, 1));
            source.add(FeedEngineTest.INCREMENTAL_A, 14310, builder, System.nanoTime());
            builder.packet(5, 5).book46(END_OF_EVENT, book(7, 5, 0, '0', 1, 100, 7, 1));
            source.add(FeedEngineTest.INCREMENTAL_A, 14310, builder, System.nanoTime());
            awaitValue(reader, ChannelCounter.GAPS.label(310), 1);

            source.add(new Datagram(FeedEngineTest.INCREMENTAL_A, 14310, new byte[5], System.nanoTime()));
            source.add(new Datagram(FeedEngineTest.SNAPSHOT_A, 14311, new byte[5], System.nanoTime()));
            builder.packet(1, 13).book46(END_OF_EVENT, book(9, 1, 0, '1', 1, 200, 1, 1));
            source.add(FeedEngineTest.OTHER_CHANNEL, 14320, builder, System.nanoTime());
            source.add(LineMap.parseAddress("239.77.9.9"), 19999, builder, System.nanoTime());
            awaitValue(reader, HandlerCounter.UNCONFIGURED_DATAGRAMS.label(), 1);
            awaitValue(reader, ChannelCounter.PACKETS.label(311), 1);

            final Map<String, Long> aeronStat = PerChannelCountersTest.perChannel(reader);
            assertEquals(PerChannelCountersTest.expected(), aeronStat);

            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int status = FeedStat.run(new String[]{ "--aeron-dir", directory, "--once", "--interval-ms", "100" },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            final String frame = out.toString(StandardCharsets.UTF_8);
            System.out.println(frame);
            assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
            assertEquals(List.of(row(aeronStat, 310), row(aeronStat, 311)), rows(frame), frame);
        }
        assertFalse(new File(directory).exists(), "embedded driver directory removed: " + directory);
    }

    private static List<String> row(final Map<String, Long> values, final int channelId)
    {
        final List<String> row = new ArrayList<>();
        row.add(Integer.toString(channelId));
        for (final ChannelCounter column : FEED_STAT_COLUMNS)
        {
            row.add(Long.toString(values.get(column.label(channelId))));
        }
        return row;
    }

    private static List<List<String>> rows(final String frame)
    {
        final List<List<String>> rows = new ArrayList<>();
        final Matcher matcher = ROW.matcher(frame.substring(Math.max(0, frame.indexOf("per channel"))));
        while (matcher.find())
        {
            final List<String> row = new ArrayList<>();
            row.add(matcher.group(1));
            for (final String value : matcher.group(2).trim().split("\\s+"))
            {
                row.add(value.replace(",", ""));
            }
            rows.add(row);
        }
        return rows;
    }

    private static void awaitValue(final CountersReader reader, final String label, final long value)
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        final BooleanSupplier reached = () -> FeedHandlerTest.counterValue(reader, label) == value;
        while (!reached.getAsBoolean() && System.nanoTime() < deadline)
        {
            Thread.yield();
        }
        assertTrue(reached.getAsBoolean(), label + " = " + FeedHandlerTest.counterValue(reader, label));
    }
}
