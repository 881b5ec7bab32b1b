package io.xdpfeed.client;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.client.RecordingListener.Seen;
import io.xdpfeed.client.RecordingListener.SyncChange;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import static io.xdpfeed.client.LevelEntry.bid;
import static io.xdpfeed.client.Scripts.CME_EQUITY;
import static io.xdpfeed.client.Scripts.CME_RATES;
import static io.xdpfeed.client.Scripts.ES;
import static io.xdpfeed.client.Scripts.TICK;
import static io.xdpfeed.client.Scripts.assertMirrorEqualsTruth;
import static io.xdpfeed.codecs.md.BookAction.NEW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscribers against a scripted handler over a real embedded media driver (IPC, and UDP on loopback): books equal to
 * the handler's after every book action, late join, recovery from a recordSeq gap and from real back-pressure of a
 * slow subscriber, several subscribers at once, a subscriber started before the handler, and one started before the
 * handler's own media driver that survives the handler's restart.
 */
@Timeout(120)
class MarketDataSubscriberTest
{
    private static final String IPC = "aeron:ipc";
    private static final int STREAM_ID = SubscriberConfiguration.STREAM_ID_DEFAULT;
    private static final int CONTROL_STREAM_ID = SubscriberConfiguration.CONTROL_STREAM_ID_DEFAULT;

    private MediaDriver driver;
    private Aeron aeron;
    private ScriptedHandler handler;
    private final List<MarketDataSubscriber> subscribers = new ArrayList<>();
    private long seed = 1;

    @BeforeEach
    void launch()
    {
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .threadingMode(ThreadingMode.SHARED)
            .ipcTermBufferLength(64 * 1024)
            .publicationTermBufferLength(64 * 1024)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
    }

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(subscribers);
        CloseHelper.closeAll(handler, aeron, driver);
    }

    @Test
    void theMirrorEqualsTheHandlersBooksAfterEveryBookAction()
    {
        final RecordingListener recording = new RecordingListener();
        final MarketDataSubscriber subscriber = subscriber(IPC, IPC, recording);
        startHandler(IPC, IPC);
        pumpUntil(() -> handler.publication().isConnected());

        Scripts.definitions(handler.feed);
        Scripts.everyAction(handler.feed);
        Scripts.random(handler.feed, 1, 3_000);
        pumpUntil(() -> caughtUp(subscriber));

        final BookMirror mirror = subscriber.mirror();
        assertEquals(0, handler.feed.dropped);
        assertEquals(FeedStatus.LIVE, mirror.syncStatus());
        assertMirrorEqualsTruth(handler.feed, mirror);
        assertEquals(
            LongStream.rangeClosed(1, handler.feed.recordSeq).boxed().toList(),
            recording.seen.stream().map(Seen::recordSeq).toList());
        assertEquals(List.of(), handler.requests);
        assertEquals(0, mirror.count(BookMirror.Count.SNAPSHOT_REQUESTS));
        assertEquals(0, mirror.count(BookMirror.Count.GAPS));
        assertEquals(0, mirror.count(BookMirror.Count.LATE_JOINS));
        assertEquals(0, subscriber.adapter().count(MarketDataAdapter.Count.MALFORMED));
        assertEquals(handler.feed.recordSeq, subscriber.latency().intervalHistogram(LatencyTier.BUS).getTotalCount());
    }

    @Test
    void aSubscriberJoinsBesideAnotherPublisherOfTheControlStreamWithAnotherTermLength()
    {
        // as a strategy of an older build: a shared control publication with a term of its own length
        final Publication older = aeron.addPublication(IPC + "?term-length=128k", CONTROL_STREAM_ID);
        final MarketDataSubscriber early = subscriber(IPC, IPC, new RecordingListener());
        startHandler(IPC, IPC);
        pumpUntil(() -> handler.publication().isConnected());
        Scripts.definitions(handler.feed);
        Scripts.random(handler.feed, 5, 1_000);
        pumpUntil(() -> caughtUp(early));

        final MarketDataSubscriber late = joinLate();
        pumpUntil(() -> caughtUp(early) && caughtUp(late));

        assertEquals(1, late.mirror().count(BookMirror.Count.LATE_JOINS));
        assertEquals(2, handler.requests.size(), "one per channel, through the late subscriber's own publication");
        assertMirrorEqualsTruth(handler.feed, late.mirror());
        assertEquals(128 * 1024, older.termBufferLength());
        assertEquals(SubscriberConfiguration.CONTROL_TERM_LENGTH,
            late.connection().controlPublication().termBufferLength());
    }

    @Test
    void aSubscriberStartedBeforeTheHandlerWaitsThenJoins()
    {
        final RecordingListener recording = new RecordingListener();
        final MarketDataSubscriber subscriber = subscriber(IPC, IPC, recording);
        for (int i = 0; i < 1_000; i++)
        {
            pumpOnce();
        }
        assertFalse(subscriber.mirror().isConnected());
        assertEquals(FeedStatus.STALE, subscriber.mirror().syncStatus());
        assertEquals(0, subscriber.mirror().count(BookMirror.Count.RECORDS));

        startHandler(IPC, IPC);
        Scripts.definitions(handler.feed);
        Scripts.random(handler.feed, 2, 1_000);
        pumpUntil(() -> caughtUp(subscriber));

        assertEquals(FeedStatus.LIVE, subscriber.mirror().syncStatus());
        assertEquals(0, subscriber.mirror().count(BookMirror.Count.LATE_JOINS));
        assertEquals(0, subscriber.mirror().count(BookMirror.Count.SNAPSHOT_REQUESTS));
        assertMirrorEqualsTruth(handler.feed, subscriber.mirror());
    }

    @Test
    void aLateSubscriberConvergesWhileTheFirstOneStaysLive()
    {
        final RecordingListener first = new RecordingListener();
        final MarketDataSubscriber early = subscriber(IPC, IPC, first);
        startHandler(IPC, IPC);
        pumpUntil(() -> handler.publication().isConnected());
        Scripts.definitions(handler.feed);
        Scripts.everyAction(handler.feed);
        Scripts.random(handler.feed, 3, 1_000);
        pumpUntil(() -> caughtUp(early));

        final MarketDataSubscriber late = joinLate();
        Scripts.random(handler.feed, 4, 500);
        pumpUntil(() -> caughtUp(early) && caughtUp(late));

        assertEquals(1, late.mirror().count(BookMirror.Count.LATE_JOINS));
        assertEquals(2, late.mirror().count(BookMirror.Count.RECOVERIES));
        assertEquals(0, late.mirror().count(BookMirror.Count.GAPS));
        assertMirrorEqualsTruth(handler.feed, late.mirror());
        assertMirrorEqualsTruth(handler.feed, early.mirror());
        assertEquals(2, handler.requests.size());
        handler.requests.forEach(request ->
        {
            assertEquals(STREAM_ID, request.subscriberStreamId());
            assertEquals(SnapshotRequestProxy.ALL_INSTRUMENTS, request.securityId());
        });
        // the early subscriber applied the late one's snapshots and never stopped being LIVE
        assertTrue(early.mirror().count(BookMirror.Count.SNAPSHOTS_APPLIED) > 0);
        assertEquals(0, early.mirror().count(BookMirror.Count.SNAPSHOT_REQUESTS));
        assertEquals(
            List.of(new SyncChange(CME_EQUITY, FeedStatus.LIVE), new SyncChange(CME_RATES, FeedStatus.LIVE)),
            first.syncChanges);
    }

    @Test
    void twoLateSubscribersAtOnceEachGetTheirAnswer()
    {
        startHandler(IPC, IPC);
        Scripts.definitions(handler.feed);
        Scripts.random(handler.feed, 5, 500);
        assertEquals(handler.feed.recordSeq, handler.feed.dropped);

        final MarketDataSubscriber one = subscriber(IPC, IPC, new RecordingListener());
        final MarketDataSubscriber two = subscriber(IPC, IPC, new RecordingListener());
        pumpUntil(() ->
        {
            Scripts.random(handler.feed, seed++, 3);
            return one.mirror().syncStatus() == FeedStatus.LIVE && one.mirror().channels().size() == 2 &&
                two.mirror().syncStatus() == FeedStatus.LIVE && two.mirror().channels().size() == 2;
        });
        Scripts.random(handler.feed, 6, 500);
        pumpUntil(() -> caughtUp(one) && caughtUp(two));

        assertMirrorEqualsTruth(handler.feed, one.mirror());
        assertMirrorEqualsTruth(handler.feed, two.mirror());
        assertEquals(4, handler.requests.size());
        assertEquals(4, handler.requests.stream().map(ScriptedHandler.Request::requestId).distinct().count());
        assertNotEquals(one.context().instanceId(), two.context().instanceId());
    }

    @Test
    void aRecordSeqGapIsDetectedAndRecoveredThroughTheLateJoinPath()
    {
        final RecordingListener recording = new RecordingListener();
        final MarketDataSubscriber subscriber = subscriber(IPC, IPC, recording);
        startHandler(IPC, IPC);
        pumpUntil(() -> handler.publication().isConnected());
        Scripts.definitions(handler.feed);
        Scripts.random(handler.feed, 7, 500);
        pumpUntil(() -> caughtUp(subscriber));

        handler.feed.dropUpdate(CME_EQUITY, ES, bid(NEW, 1, 4_499 * 4 * TICK, 9, 9));
        Scripts.random(handler.feed, 8, 10);
        pumpUntil(() -> subscriber.mirror().count(BookMirror.Count.RECOVERIES) == 2 &&
            subscriber.mirror().syncStatus() == FeedStatus.LIVE);
        Scripts.random(handler.feed, 9, 200);
        pumpUntil(() -> caughtUp(subscriber));

        final BookMirror mirror = subscriber.mirror();
        assertEquals(1, mirror.count(BookMirror.Count.GAPS));
        assertEquals(1, mirror.count(BookMirror.Count.MISSED_RECORDS));
        assertEquals(2, handler.requests.size());
        assertMirrorEqualsTruth(handler.feed, mirror);
        for (final int channelId : List.of(CME_EQUITY, CME_RATES))
        {
            assertEquals(List.of(
                new SyncChange(channelId, FeedStatus.LIVE),
                new SyncChange(channelId, FeedStatus.STALE),
                new SyncChange(channelId, FeedStatus.RECOVERING),
                new SyncChange(channelId, FeedStatus.LIVE)),
                recording.syncChanges.stream().filter(change -> change.channelId() == channelId).toList());
        }
    }

    @Test
    void aSlowSubscriberBackPressuresTheHandlerThenRecovers()
    {
        final MarketDataSubscriber fast = subscriber(IPC, IPC, new RecordingListener());
        final MarketDataSubscriber slow = subscriber(IPC, IPC, new RecordingListener());
        startHandler(IPC, IPC);
        pumpUntil(() -> handler.publication().isConnected() &&
            fast.connection().subscription().imageCount() == 1 && slow.connection().subscription().imageCount() == 1);
        Scripts.definitions(handler.feed);
        Scripts.random(handler.feed, 10, 200);
        pumpUntil(() -> caughtUp(fast) && caughtUp(slow));

        // the slow one stops polling: the IPC window fills up, the handler is back-pressured and drops records
        handler.dropOnBackPressure = true;
        while (handler.feed.dropped < 100)
        {
            Scripts.random(handler.feed, seed++, 1);
            fast.poll();
        }
        assertTrue(handler.backPressured > 0);

        // it polls again, sees the hole in recordSeq, and comes back through snapshot requests
        handler.dropOnBackPressure = false;
        pumpUntil(() ->
        {
            Scripts.random(handler.feed, seed++, 1);
            return slow.mirror().count(BookMirror.Count.RECOVERIES) == 2 &&
                slow.mirror().syncStatus() == FeedStatus.LIVE && fast.mirror().syncStatus() == FeedStatus.LIVE;
        });
        Scripts.random(handler.feed, 11, 300);
        pumpUntil(() -> caughtUp(fast) && caughtUp(slow));

        assertTrue(slow.mirror().count(BookMirror.Count.GAPS) >= 1);
        assertTrue(slow.mirror().count(BookMirror.Count.MISSED_RECORDS) >= 100);
        assertMirrorEqualsTruth(handler.feed, slow.mirror());
        assertMirrorEqualsTruth(handler.feed, fast.mirror());
    }

    @Test
    void overUdpALateSubscriberConvergesTheSameWay() throws Exception
    {
        final String data = "aeron:udp?endpoint=localhost:" + freeUdpPort();
        final String control = "aeron:udp?endpoint=localhost:" + freeUdpPort();
        startHandler(data, control);
        Scripts.definitions(handler.feed);
        Scripts.random(handler.feed, 12, 200);

        final MarketDataSubscriber subscriber = subscriber(data, control, new RecordingListener());
        pumpUntil(() ->
        {
            Scripts.random(handler.feed, seed++, 3);
            return subscriber.mirror().syncStatus() == FeedStatus.LIVE && subscriber.mirror().channels().size() == 2;
        });
        Scripts.random(handler.feed, 13, 300);
        pumpUntil(() -> caughtUp(subscriber));

        assertEquals(1, subscriber.mirror().count(BookMirror.Count.LATE_JOINS));
        assertMirrorEqualsTruth(handler.feed, subscriber.mirror());
    }

    @Test
    void aSubscriberStartedBeforeTheHandlersDriverWaitsForItAndSurvivesARestart()
    {
        final String dir = CommonContext.generateRandomDirName();
        final RecordingListener recording = new RecordingListener();
        final MarketDataSubscriber subscriber = new MarketDataSubscriber(new MarketDataSubscriber.Context()
            .aeronDirectoryName(dir)
            .driverTimeoutMs(3_000)
            .driverConnectIntervalNs(TimeUnit.MILLISECONDS.toNanos(10))
            .listener(recording)
            .mirrorStatusListener(recording));
        subscribers.add(subscriber);
        for (int i = 0; i < 100; i++)
        {
            pumpOnce();
        }
        assertFalse(subscriber.connection().isDriverConnected());
        assertEquals(FeedStatus.STALE, subscriber.mirror().syncStatus());

        // the handler starts with its embedded driver: the subscriber connects and has the stream from recordSeq 1
        MediaDriver handlerDriver = launchDriver(dir);
        Aeron handlerAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
        startHandler(handlerAeron, IPC, IPC);
        pumpUntil(() -> subscriber.connection().isDriverConnected() && handler.publication().isConnected());
        Scripts.definitions(handler.feed);
        Scripts.random(handler.feed, 14, 500);
        pumpUntil(() -> caughtUp(subscriber));
        assertEquals(0, subscriber.mirror().count(BookMirror.Count.LATE_JOINS));
        assertMirrorEqualsTruth(handler.feed, subscriber.mirror());

        // the handler stops, its driver with it: the subscriber notices, goes STALE and waits
        CloseHelper.closeAll(handler, handlerAeron, handlerDriver);
        handler = null;
        pumpUntil(() -> !subscriber.connection().isDriverConnected() && !subscriber.mirror().isConnected());
        assertEquals(FeedStatus.STALE, subscriber.mirror().syncStatus());
        assertFalse(subscriber.mirror().book(CME_EQUITY, ES).isTrusted());

        // it comes back: a new driver, a new stream from recordSeq 1, new books
        handlerDriver = launchDriver(dir);
        handlerAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
        try
        {
            startHandler(handlerAeron, IPC, IPC);
            pumpUntil(() -> subscriber.connection().isDriverConnected() && handler.publication().isConnected());
            Scripts.definitions(handler.feed);
            Scripts.random(handler.feed, 15, 500);
            pumpUntil(() -> caughtUp(subscriber));

            assertEquals(2, subscriber.connection().count(DriverConnection.Count.DRIVER_CONNECTS));
            assertEquals(2, recording.newStreams.size());
            // gone noticed by its removed cnc.dat (at once) or by the client's driver timeout (3 s here)
            assertTrue(subscriber.connection().count(DriverConnection.Count.DRIVER_REPLACEMENTS) == 1 ||
                subscriber.connection().count(DriverConnection.Count.AERON_ERRORS) >= 1);
            assertMirrorEqualsTruth(handler.feed, subscriber.mirror());
        }
        finally
        {
            CloseHelper.closeAll(subscriber, handler, handlerAeron, handlerDriver);
            handler = null;
        }
    }

    private static MediaDriver launchDriver(final String dir)
    {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .ipcTermBufferLength(64 * 1024)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
    }

    private MarketDataSubscriber subscriber(
        final String channel, final String controlChannel, final RecordingListener listener)
    {
        final MarketDataSubscriber subscriber = new MarketDataSubscriber(new MarketDataSubscriber.Context()
            .aeron(aeron)
            .channel(channel)
            .streamId(STREAM_ID)
            .controlChannel(controlChannel)
            .controlStreamId(CONTROL_STREAM_ID)
            .listener(listener)
            .mirrorStatusListener(listener));
        subscribers.add(subscriber);

        return subscriber;
    }

    /**
     * A subscriber joined while the handler publishes, polled (the handler keeps publishing) until it is LIVE on both
     * channels.
     */
    private MarketDataSubscriber joinLate()
    {
        final MarketDataSubscriber late = subscriber(IPC, IPC, new RecordingListener());
        pumpUntil(() ->
        {
            Scripts.random(handler.feed, seed++, 3);
            return late.mirror().syncStatus() == FeedStatus.LIVE && late.mirror().channels().size() == 2;
        });
        return late;
    }

    private void startHandler(final String channel, final String controlChannel)
    {
        startHandler(aeron, channel, controlChannel);
    }

    private void startHandler(final Aeron client, final String channel, final String controlChannel)
    {
        handler = new ScriptedHandler(client, channel, STREAM_ID, controlChannel, CONTROL_STREAM_ID);
        handler.pump(this::pollSubscribers);
    }

    private boolean caughtUp(final MarketDataSubscriber subscriber)
    {
        return subscriber.mirror().lastRecordSeq() == handler.feed.recordSeq &&
            subscriber.mirror().syncStatus() == FeedStatus.LIVE;
    }

    private void pumpUntil(final BooleanSupplier condition)
    {
        while (!condition.getAsBoolean())
        {
            pumpOnce();
        }
    }

    private void pumpOnce()
    {
        if (null != handler)
        {
            handler.pollControl();
        }
        pollSubscribers();
        Thread.yield();
    }

    private void pollSubscribers()
    {
        for (final MarketDataSubscriber subscriber : subscribers)
        {
            subscriber.poll();
        }
    }

    private static int freeUdpPort() throws Exception
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
