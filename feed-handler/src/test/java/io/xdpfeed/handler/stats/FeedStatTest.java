package io.xdpfeed.handler.stats;

import io.aeron.Subscription;
import io.xdpfeed.handler.FeedStat;
import io.xdpfeed.handler.engine.AeronDirectory;
import io.xdpfeed.handler.engine.FeedHandler;
import io.xdpfeed.handler.engine.ThreadingMode;
import io.xdpfeed.handler.testing.ListPacketSource;
import io.xdpfeed.handler.testing.MarketDataRecords;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.UUID;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class FeedStatTest
{
    @TempDir
    Path directory;

    @Test
    void printsOneFrameOfARunningHandler() throws Exception
    {
        final ListPacketSource source = new ListPacketSource();
        final FeedHandler.Context context = new FeedHandler.Context()
            .lineMap(PacketTimerTest.lineMap())
            .channels(310)
            .packetSource(source)
            .threadingMode(ThreadingMode.DEDICATED)
            .aeronDir("").embeddedAeronDir(AeronDirectory.defaultName() + "-" + UUID.randomUUID())
            .heartbeatIntervalNs(0)
            .latencyIntervalNs(100_000_000L)
            .hlogDir(directory.toString());

        final AtomicBoolean running = new AtomicBoolean(true);
        try (FeedHandler handler = FeedHandler.launch(context))
        {
            final Subscription marketData = handler.aeron().addSubscription("aeron:ipc", 1001);
            final Thread feeder = Thread.ofPlatform().name("feeder").start(() -> feed(source, marketData, running));
            try
            {
                final CountersReader counters = handler.aeron().countersReader();
                final String samples = LatencyCounter.SAMPLES.label(HandlerLatencyTier.WIRE);
                while (counterValue(counters, samples) <= 0)
                {
                    LockSupport.parkNanos(10_000_000);
                }

                // a frame shows the last latency interval (100 ms here): on a loaded machine the feeder may not run
                // in one, so take frames until every tier has samples in the same one (bounded)
                int status = -1;
                String frame = "";
                final ByteArrayOutputStream err = new ByteArrayOutputStream();
                for (int attempt = 0; attempt < 50 && !everyTierHasValues(frame); attempt++)
                {
                    final ByteArrayOutputStream out = new ByteArrayOutputStream();
                    err.reset();
                    status = FeedStat.run(new String[]{ "--aeron-dir", handler.aeron().context()
                        .aeronDirectoryName(), "--once", "--interval-ms", "300" }, print(out), print(err));
                    frame = out.toString(StandardCharsets.UTF_8);
                }
                System.out.print(frame);

                assertEquals(0, status, frame + err);
                for (final String section : new String[]{
                    "feed-stat ", "handler (aeron client", "rates", "packets/s", "records/s", "latency", "channels",
                    "310 LIVE", "drops", "malformed 0", "back-pressure", "ingress", "received", "rx ring full",
                    "recovery", "recoveries 0", "errors" })
                {
                    assertTrue(frame.contains(section), "'" + section + "' in\n" + frame);
                }
                assertTrue(everyTierHasValues(frame), "every tier with values in\n" + frame);
                assertTrue(Pattern.compile("packets/s [1-9]").matcher(frame).find(), frame);
            }
            finally
            {
                running.set(false);
                feeder.join();
            }
        }
        assertTrue(Files.size(directory.resolve(LatencyIntervalLog.FILE_NAME)) > 0, "interval log written");
    }

    @Test
    void showsASilentLineThenAStaleChannelThenLiveAgainWhenTheLinesSpeak()
    {
        final ListPacketSource source = new ListPacketSource();
        final FeedHandler.Context context = new FeedHandler.Context()
            .lineMap(PacketTimerTest.lineMap())
            .channels(310)
            .packetSource(source)
            .threadingMode(ThreadingMode.DEDICATED)
            .aeronDir("").embeddedAeronDir(AeronDirectory.defaultName() + "-" + UUID.randomUUID())
            .heartbeatIntervalNs(0)
            .latency(false)
            .lineSilenceNs(2_000_000_000L);

        try (FeedHandler handler = FeedHandler.launch(context))
        {
            final Subscription marketData = handler.aeron().addSubscription("aeron:ipc", 1001);
            final MarketDataRecords records = new MarketDataRecords();
            final String aeronDir = handler.aeron().context().aeronDirectoryName();
            final CountersReader counters = handler.aeron().countersReader();
            final String silentLines = HandlerCounter.SILENT_LINES.label();
            final String state = "xdpfeed channel 310 state (0 LIVE, 1 STALE, 2 RECOVERING, 3 SILENT)";
            final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();
            long seq = 1;

            // line A only: B is silent, the books stay LIVE
            while (counterValue(counters, silentLines) != 1 || counterValue(counters, state) != 3)
            {
                builder.packet(seq, SystemEpochNanoClock.INSTANCE.nanoTime()).book46(END_OF_EVENT,
                    book(7, seq, 1, '0', 1, 100, (int)(seq % 50) + 1, 1));
                source.add(PacketTimerTest.INCREMENTAL_A, 14310, builder, System.nanoTime());
                seq++;
                records.poll(marketData);
                LockSupport.parkNanos(1_000_000);
            }
            String frame = frame(aeronDir);
            for (final String text : new String[]{ "310 SILENT", "stale instruments 0", "silent now 1", "link up" })
            {
                assertTrue(frame.contains(text), "'" + text + "' with only line A speaking in\n" + frame);
            }
            final long silencesBefore = silences(frame);

            // nothing: both silent, the channel and its instrument STALE
            while (counterValue(counters, silentLines) != 2 || counterValue(counters, state) != 1)
            {
                records.poll(marketData);
                LockSupport.parkNanos(10_000_000);
            }
            frame = frame(aeronDir);
            for (final String text : new String[]{ "310 STALE", "stale instruments 1", "silent now 2" })
            {
                assertTrue(frame.contains(text), "'" + text + "' with both lines silent in\n" + frame);
            }
            assertEquals(silencesBefore + 1, silences(frame), "line A's silence counted\n" + frame);

            // both lines again, in sequence: LIVE without a recovery
            builder.packet(seq, SystemEpochNanoClock.INSTANCE.nanoTime()).book46(END_OF_EVENT,
                book(7, seq, 1, '0', 1, 100, 7, 1));
            source.add(PacketTimerTest.INCREMENTAL_A, 14310, builder, System.nanoTime());
            source.add(PacketTimerTest.INCREMENTAL_B, 15310, builder, System.nanoTime());
            while (counterValue(counters, silentLines) != 0 || counterValue(counters, state) != 0)
            {
                records.poll(marketData);
                LockSupport.parkNanos(10_000_000);
            }
            frame = frame(aeronDir);
            for (final String text : new String[]{ "310 LIVE", "stale instruments 0", "silent now 0", "recoveries 0" })
            {
                assertTrue(frame.contains(text), "'" + text + "' with both lines speaking again in\n" + frame);
            }
            records.pollUntil(marketData, () -> statuses(records).size() >= 6);
            assertEquals(List.of("ChannelStatus SILENT", "InstrumentStatus STALE", "ChannelStatus STALE",
                "InstrumentStatus LIVE", "ChannelStatus SILENT", "ChannelStatus LIVE"), statuses(records));
        }
    }

    private static List<String> statuses(final MarketDataRecords records)
    {
        final List<String> statuses = new ArrayList<>();
        for (final MarketDataRecords.Rec rec : records.records())
        {
            if (rec.type().endsWith("Status"))
            {
                statuses.add(rec.type() + " " + rec.detail().split(" ")[0]);
            }
        }
        return statuses;
    }

    private static long silences(final String frame)
    {
        final java.util.regex.Matcher matcher = Pattern.compile("  silences ([\\d,]+)").matcher(frame);
        assertTrue(matcher.find(), frame);
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    private static boolean everyTierHasValues(final String frame)
    {
        for (final HandlerLatencyTier tier : HandlerLatencyTier.tiers())
        {
            if (!Pattern.compile("\\n\\s+" + tier.tag() + "\\s+[1-9][\\d,]*\\s+[\\d,]+\\s+[\\d,]+").matcher(frame).find())
            {
                return false;
            }
        }
        return true;
    }

    private static String frame(final String aeronDir)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = FeedStat.run(new String[]{ "--aeron-dir", aeronDir, "--once", "--interval-ms", "50" },
            print(out), print(err));
        final String frame = out.toString(StandardCharsets.UTF_8);
        System.out.print(frame);
        assertEquals(0, status, frame + err);
        return frame;
    }

    @Test
    void saysWhatToDoWithoutADriver()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = FeedStat.run(new String[]{ "--aeron-dir", directory.resolve("none").toString(), "--once" },
            print(new ByteArrayOutputStream()), print(err));
        assertEquals(1, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no media driver at"), err.toString());
        assertEquals(2, FeedStat.run(new String[]{ "--bogus" }, print(new ByteArrayOutputStream()), print(err)));
    }

    private static void feed(final ListPacketSource source, final Subscription marketData, final AtomicBoolean running)
    {
        final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();
        long seq = 1;
        long rptSeq = 1;
        while (running.get())
        {
            builder.packet(seq++, SystemEpochNanoClock.INSTANCE.nanoTime()).book46(END_OF_EVENT,
                book(7, rptSeq++, 1, '0', 1, 100, (int)(seq % 50) + 1, 1),
                book(7, rptSeq++, 1, '1', 1, 101, (int)(seq % 40) + 1, 1));
            source.add(PacketTimerTest.INCREMENTAL_A, 14310, builder, System.nanoTime());
            marketData.poll((buffer, offset, length, header) -> { }, 100);
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static PrintStream print(final ByteArrayOutputStream out)
    {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private static long counterValue(final CountersReader counters, final String label)
    {
        final long[] value = { Long.MIN_VALUE };
        counters.forEach((counterId, typeId, keyBuffer, counterLabel) ->
        {
            if (counterLabel.equals(label))
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        return value[0];
    }
}
