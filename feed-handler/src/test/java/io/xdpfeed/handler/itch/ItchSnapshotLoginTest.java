package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.protocol.Protocol;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.itch.GlimpseSnapshotServer;
import io.xdpfeed.sim.itch.ItchMessageLog;
import io.xdpfeed.sim.itch.ItchSession;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GLIMPSE login ({@code xdpfeed.itch.snapshot.username}, {@code .password}): a late start against a snapshot
 * server that accepts one account recovers with that account's login and stays STALE with another, each refused
 * login counted ({@link ChannelCounter#STREAM_SNAPSHOT_FAILURES}); a login SoupBinTCP cannot carry, or one without a
 * snapshot server, stops start-up with one line naming the key (never the password).
 */
@Timeout(30)
class ItchSnapshotLoginTest
{
    private static final String SESSION = ItchSession.SESSION;
    private static final int PORT_A = 26400;

    @Test
    void theAccountsLoginRecoversAndAnotherIsRefusedAndCountedWhileTheChannelStaysStale() throws Exception
    {
        final ItchMessageLog log = new ItchMessageLog();
        final ItchSession session = new ItchSession(new ItchSession.Settings(4, 4_000, 17, 0.0, 0.0,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel()), log);
        // a late start: the handler sees line A's packets from message 3,000 on
        final List<byte[]> late = new ArrayList<>();
        session.run((line, buffer, offset, length, timeNs) ->
        {
            if (line == SimLine.INCREMENTAL_A && buffer.getLong(offset + 10, ByteOrder.BIG_ENDIAN) >= 3_000)
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                late.add(copy);
            }
        });
        final long point = 3_000;
        try (GlimpseSnapshotServer server = new GlimpseSnapshotServer(new InetSocketAddress("127.0.0.1", 0), SESSION,
            log, () -> point, 1000, 0).account("trader", "s3cret"))
        {
            final Outcome wrong = lateStart(server.port(), "trader", "guess", late);
            assertEquals(FeedStatus.STALE, wrong.status());
            assertTrue(wrong.failures() >= 1, "failures " + wrong.failures());
            assertEquals(0, wrong.snapshots());
            assertEquals(wrong.failures(), server.loginsRejected());
            assertEquals(0, server.snapshotsServed());

            final Outcome right = lateStart(server.port(), "TRADER", "s3cret", late);
            assertEquals(List.of(FeedStatus.LIVE, 0L, 1L),
                List.of(right.status(), right.failures(), right.snapshots()));
            assertEquals(1, server.snapshotsServed());
        }
    }

    @Test
    void aLoginSoupBinTcpCannotCarryOrWithoutASnapshotServerStopsStartUpNamingTheKey()
    {
        final List<String> errors = new ArrayList<>();
        for (final String[] keyValues : List.of(
            new String[]{"xdpfeed.itch.snapshot", "1@127.0.0.1:26420", "xdpfeed.itch.snapshot.username", "toolong"},
            new String[]{"xdpfeed.itch.snapshot", "1@127.0.0.1:26420", "xdpfeed.itch.snapshot.password", "a b"},
            new String[]{"xdpfeed.itch.snapshot", "1@127.0.0.1:26420", "xdpfeed.itch.snapshot.password",
                "elevenchars"},
            new String[]{"xdpfeed.itch.snapshot.username", "trader"}))
        {
            final Properties properties = lines();
            for (int i = 0; i < keyValues.length; i += 2)
            {
                properties.setProperty(keyValues[i], keyValues[i + 1]);
            }
            errors.add(assertThrows(ConfigurationException.class,
                () -> ItchProtocol.INSTANCE.configure(properties)).getMessage());
        }
        assertEquals(List.of(
            "xdpfeed.itch.snapshot.username: at most 6 characters",
            "xdpfeed.itch.snapshot.password: letters and digits only (SoupBinTCP alphanumeric)",
            "xdpfeed.itch.snapshot.password: at most 10 characters",
            "xdpfeed.itch.snapshot.username is set but xdpfeed.itch.snapshot names no snapshot server to log in to"),
            errors);
    }

    private record Outcome(FeedStatus status, long failures, long snapshots)
    {
    }

    /**
     * The late packets through an engine whose protocol logs in to the server with this login; the engine's timer
     * is driven until the snapshot is applied or refused (every refusal is retried a second later).
     */
    private static Outcome lateStart(
        final int port, final String username, final String password, final List<byte[]> late) throws Exception
    {
        final Properties properties = lines();
        properties.setProperty(PropertiesLineMap.ITCH_SNAPSHOT_PROP_NAME, "1@127.0.0.1:" + port);
        properties.setProperty(PropertiesLineMap.ITCH_SNAPSHOT_USERNAME_PROP_NAME, username);
        properties.setProperty(PropertiesLineMap.ITCH_SNAPSHOT_PASSWORD_PROP_NAME, password);
        final Protocol protocol = ItchProtocol.INSTANCE.configure(properties);
        final List<FeedStatus> statuses = new ArrayList<>();
        final HandlerCounters counters = HandlerCounters.onHeap();
        final FeedEngine engine = new FeedEngine(protocol, PropertiesLineMap.itch(properties).lineMap(),
            ChannelOptions.defaults().withReceiveTimeOffsetNs(0), Feed.A, id -> true, id -> true,
            new ChannelListener()
            {
                public void onChannelStatus(
                    final int channelId, final FeedStatus feedStatus, final long gapFrom, final long gapTo,
                    final long recoveries, final PacketInfo packet)
                {
                    statuses.add(feedStatus);
                }
            }, null, counters);
        try
        {
            engine.start();
            final int groupA = LineMap.parseAddress("239.77.18.1");
            long timeNs = 0;
            for (final byte[] packet : late)
            {
                timeNs += 1_000;
                engine.onDatagram(groupA, PORT_A, new UnsafeBuffer(packet), 0, packet.length, timeNs);
                engine.onTimer(timeNs);
            }
            final long deadlineNs = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() - deadlineNs < 0 && counters.total(ChannelCounter.STREAM_SNAPSHOT_FAILURES) == 0 &&
                counters.total(ChannelCounter.STREAM_SNAPSHOTS) == 0)
            {
                engine.onTimer(timeNs);
                Thread.onSpinWait();
            }
            return new Outcome(engine.channel(0).channelStatus(),
                counters.total(ChannelCounter.STREAM_SNAPSHOT_FAILURES),
                counters.total(ChannelCounter.STREAM_SNAPSHOTS));
        }
        finally
        {
            engine.close();
        }
    }

    private static Properties lines()
    {
        final Properties properties = new Properties();
        properties.setProperty(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:" + PORT_A);
        return properties;
    }
}
