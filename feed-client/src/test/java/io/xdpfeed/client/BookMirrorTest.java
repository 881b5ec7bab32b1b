package io.xdpfeed.client;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.client.RecordingListener.Gap;
import io.xdpfeed.client.RecordingListener.Seen;
import io.xdpfeed.client.RecordingListener.SyncChange;
import io.xdpfeed.common.book.MbpAction;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static io.xdpfeed.client.BookMirror.Count.DISCONNECTS;
import static io.xdpfeed.client.BookMirror.Count.FAILED_RECOVERIES;
import static io.xdpfeed.client.BookMirror.Count.FAILED_REQUEST_OFFERS;
import static io.xdpfeed.client.BookMirror.Count.GAPS;
import static io.xdpfeed.client.BookMirror.Count.LATE_JOINS;
import static io.xdpfeed.client.BookMirror.Count.MISSED_RECORDS;
import static io.xdpfeed.client.BookMirror.Count.RECOVERIES;
import static io.xdpfeed.client.BookMirror.Count.REJECTED_LEVELS;
import static io.xdpfeed.client.BookMirror.Count.REQUEST_TIMEOUTS;
import static io.xdpfeed.client.BookMirror.Count.SNAPSHOTS_APPLIED;
import static io.xdpfeed.client.LevelEntry.ask;
import static io.xdpfeed.client.LevelEntry.bid;
import static io.xdpfeed.client.Scripts.CME_EQUITY;
import static io.xdpfeed.client.Scripts.CME_RATES;
import static io.xdpfeed.client.Scripts.ES;
import static io.xdpfeed.client.Scripts.NQ;
import static io.xdpfeed.client.Scripts.TICK;
import static io.xdpfeed.client.Scripts.ZN;
import static io.xdpfeed.client.Scripts.assertMirrorEqualsTruth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mirror's books, sequence tracking and late-join state machine, fed directly through a {@link MarketDataAdapter}
 * (no Aeron), with a recording snapshot requester and a hand-driven clock.
 */
@Timeout(30)
class BookMirrorTest
{
    private static final long TIMEOUT_NS = 1_000_000_000L;

    record Request(long requestId, int channelId, int securityId)
    {
    }

    private final List<Request> requests = new ArrayList<>();
    private final RecordingListener recording = new RecordingListener();
    private final CachedNanoClock clock = new CachedNanoClock();
    private boolean controlConnected = true;
    private BookMirror mirror;
    private MarketDataAdapter adapter;
    private ScriptedFeed feed;

    @BeforeEach
    void setUp()
    {
        final MarketDataSubscriber.Context ctx = new MarketDataSubscriber.Context()
            .listener(recording)
            .mirrorStatusListener(recording)
            .nanoClock(clock)
            .snapshotTimeoutNs(TIMEOUT_NS)
            .instanceId(7);
        mirror = new BookMirror(ctx, (requestId, channelId, securityId) ->
        {
            if (controlConnected)
            {
                requests.add(new Request(requestId, channelId, securityId));
            }
            return controlConnected;
        });
        adapter = new MarketDataAdapter(mirror, null, null);
        feed = new ScriptedFeed((buffer, length) ->
        {
            adapter.onMessage(buffer, 0, length);
            return true;
        });
        mirror.doWork(true);
    }

    @Test
    void actionsAreTheSchemaValues()
    {
        final List<String> schema = new ArrayList<>();
        final List<String> common = new ArrayList<>();
        for (final BookAction action : BookAction.values())
        {
            if (action != BookAction.NULL_VAL)
            {
                schema.add(action.value() + " " + action.name());
                common.add(action.value() + " " + MbpAction.ofRaw(action.value()));
            }
        }
        assertEquals(schema, common);
        assertEquals(MbpAction.values().length, schema.size());
    }

    @Test
    void fromRecordSeqOneTheMirrorIsLiveWithoutAnyRequest()
    {
        assertEquals(FeedStatus.STALE, mirror.syncStatus());

        Scripts.definitions(feed);
        Scripts.everyAction(feed);

        assertEquals(FeedStatus.LIVE, mirror.syncStatus());
        assertEquals(List.of(), requests);
        assertEquals(0, mirror.count(GAPS));
        assertEquals(0, mirror.count(LATE_JOINS));
        assertEquals(feed.recordSeq, mirror.lastRecordSeq());
        assertMirrorEqualsTruth(feed, mirror);
        assertEquals("ESZ8", mirror.book(CME_EQUITY, ES).symbol());
        assertEquals(5, mirror.book(CME_EQUITY, ES).bids().depth());
        assertEquals(2, mirror.book(CME_EQUITY, ES).impliedAsks().depth());
        assertEquals(
            List.of(new SyncChange(CME_EQUITY, FeedStatus.LIVE), new SyncChange(CME_RATES, FeedStatus.LIVE)),
            recording.syncChanges);
    }

    @Test
    void randomWalkOfEveryActionMatchesTheReferenceBooks()
    {
        Scripts.definitions(feed);
        Scripts.random(feed, 42, 20_000);

        assertMirrorEqualsTruth(feed, mirror);
        assertEquals(FeedStatus.LIVE, mirror.syncStatus());
    }

    @Test
    void aTradeCancelTakesItsRecordSeqAndReachesTheListener()
    {
        Scripts.definitions(feed);
        final long trade = feed.trade(CME_EQUITY, ES, 100, 2);
        feed.tradeCancel(CME_EQUITY, ES, trade);
        feed.trade(CME_EQUITY, ES, 101, 1);

        assertEquals(0, mirror.count(GAPS));
        assertEquals(feed.recordSeq, mirror.lastRecordSeq());
        assertEquals(List.of("Trade " + trade, "TradeCancel " + (trade + 1), "Trade " + (trade + 2)),
            recording.seen.stream().filter(seen -> seen.type().startsWith("Trade"))
                .map(seen -> seen.type() + " " + seen.recordSeq()).toList());
        assertEquals(trade, recording.seen.stream().filter(seen -> seen.type().equals("TradeCancel")).findFirst()
            .orElseThrow().requestId(), "the cancel names the trade (the writer's tradeId is the trade's recordSeq)");
    }

    @Test
    void anAuctionImbalanceTakesItsRecordSeqAndReachesTheListener()
    {
        Scripts.definitions(feed);
        final long trade = feed.trade(CME_EQUITY, ES, 100, 2);
        feed.auctionImbalance(CME_EQUITY, ES, 250);
        feed.trade(CME_EQUITY, ES, 101, 1);

        assertEquals(0, mirror.count(GAPS));
        assertEquals(feed.recordSeq, mirror.lastRecordSeq());
        assertEquals(List.of("Trade " + trade, "AuctionImbalance " + (trade + 1), "Trade " + (trade + 2)),
            recording.seen.stream().filter(seen -> seen.recordSeq() >= trade && !seen.type().endsWith("Status"))
                .map(seen -> seen.type() + " " + seen.recordSeq()).toList());
        assertEquals(250, recording.seen.stream().filter(seen -> seen.type().equals("AuctionImbalance")).findFirst()
            .orElseThrow().requestId(), "the imbalance quantity");
    }

    @Test
    void aRecordOfATemplateTheClientDoesNotKnowIsAGapOfOneRecord()
    {
        Scripts.definitions(feed);
        feed.trade(CME_EQUITY, ES, 100, 2);
        feed.unknownRecord(CME_EQUITY, ES);
        feed.trade(CME_EQUITY, ES, 101, 1);

        // what a client built before a record type sees: the record skipped, its recordSeq missing
        assertEquals(1, adapter.count(MarketDataAdapter.Count.SKIPPED_TEMPLATES));
        assertEquals(1, mirror.count(GAPS));
        assertEquals(feed.recordSeq, mirror.lastRecordSeq());
        assertEquals(List.of(new Request(req(1), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS)), requests,
            "the mirror asks for its channel's books again");
    }

    @Test
    void levelsPastTheDepthAreCountedAndSkipped()
    {
        Scripts.definitions(feed);
        feed.update(CME_RATES, ZN, bid(BookAction.NEW, 4, 100, 1, 1), bid(BookAction.CHANGE, 9, 100, 1, 1));

        assertEquals(2, mirror.count(REJECTED_LEVELS));
        assertMirrorEqualsTruth(feed, mirror);
    }

    @Test
    void theListenerSeesEveryRecordAfterTheMirrorAppliedIt()
    {
        final List<Long> bestBidSeenInCallback = new ArrayList<>();
        final MarketDataSubscriber.Context ctx = new MarketDataSubscriber.Context()
            .listener(new MarketDataListener()
            {
                public void onBookUpdate(final io.xdpfeed.codecs.md.BookUpdateDecoder decoder)
                {
                    bestBidSeenInCallback.add(mirror.book(decoder.channelId(), decoder.securityId()).bestBidPrice());
                    recording.onBookUpdate(decoder);
                }
            });
        mirror = new BookMirror(ctx, (requestId, channelId, securityId) -> true);
        adapter = new MarketDataAdapter(mirror, null, null);
        mirror.doWork(true);

        feed.definition(CME_EQUITY, ES, "ESZ8", 5, 2);
        feed.update(CME_EQUITY, ES, bid(BookAction.NEW, 1, 10 * TICK, 1, 1), ask(BookAction.NEW, 1, 11 * TICK, 1, 1));
        feed.update(CME_EQUITY, ES, bid(BookAction.NEW, 1, 12 * TICK, 1, 1));

        assertEquals(List.of(10 * TICK, 12 * TICK), bestBidSeenInCallback);
        assertEquals(List.of(
            new Seen("BookUpdate", CME_EQUITY, ES, 2, 2, 0),
            new Seen("BookUpdate", CME_EQUITY, ES, 3, 1, 0)), recording.seen);
    }

    @Test
    void aGapMarksEveryChannelStaleAndTheSnapshotAnswerMakesItLiveAgain()
    {
        Scripts.definitions(feed);
        Scripts.random(feed, 7, 500);
        recording.syncChanges.clear();
        recording.seen.clear();

        final long lost = feed.dropUpdate(CME_EQUITY, ES, bid(BookAction.NEW, 1, 99 * TICK, 5, 5));
        feed.update(CME_RATES, ZN, ask(BookAction.NEW, 1, 120 * TICK, 1, 1));

        assertEquals(List.of(new Gap(lost, lost + 1)), recording.gaps);
        assertEquals(1, mirror.count(MISSED_RECORDS));
        assertFalse(mirror.book(CME_EQUITY, ES).isTrusted());
        assertFalse(mirror.book(CME_EQUITY, ES).isSynced());
        // the record that revealed the gap requests its channel at once, the duty cycle the others
        assertEquals(List.of(new Request(req(1), CME_RATES, SnapshotRequestProxy.ALL_INSTRUMENTS)), requests);
        mirror.doWork(true);
        assertEquals(List.of(
            new Request(req(1), CME_RATES, SnapshotRequestProxy.ALL_INSTRUMENTS),
            new Request(req(2), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS)), requests);
        assertEquals(FeedStatus.RECOVERING, mirror.syncStatus());

        // incremental records keep flowing while the answers are on their way
        feed.update(CME_EQUITY, NQ, bid(BookAction.NEW, 1, 300 * TICK, 1, 1));
        assertEquals(2, feed.answer(req(2), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS, this::deliver));
        assertEquals(FeedStatus.LIVE, mirror.channel(CME_EQUITY).syncStatus());
        assertTrue(mirror.book(CME_EQUITY, ES).isTrusted());
        assertFalse(mirror.book(CME_RATES, ZN).isTrusted());
        assertEquals(FeedStatus.RECOVERING, mirror.syncStatus());

        feed.answer(req(1), CME_RATES, SnapshotRequestProxy.ALL_INSTRUMENTS, this::deliver);
        assertEquals(FeedStatus.LIVE, mirror.syncStatus());
        assertEquals(2, mirror.count(RECOVERIES));
        assertMirrorEqualsTruth(feed, mirror);
        assertEquals(List.of(
            new SyncChange(CME_EQUITY, FeedStatus.STALE),
            new SyncChange(CME_RATES, FeedStatus.STALE),
            new SyncChange(CME_RATES, FeedStatus.RECOVERING),
            new SyncChange(CME_EQUITY, FeedStatus.RECOVERING),
            new SyncChange(CME_EQUITY, FeedStatus.LIVE),
            new SyncChange(CME_RATES, FeedStatus.LIVE)), recording.syncChanges);

        // and it stays equal afterwards
        Scripts.random(feed, 8, 500);
        assertMirrorEqualsTruth(feed, mirror);
    }

    @Test
    void aLateJoinerRequestsEveryChannelItSeesAndConverges()
    {
        feed.sink(ScriptedFeed.NOWHERE);
        Scripts.definitions(feed);
        Scripts.random(feed, 11, 1_000);
        feed.sink(this::deliver);

        feed.heartbeat(CME_EQUITY);
        assertEquals(1, mirror.count(LATE_JOINS));
        assertEquals(List.of(new Request(req(1), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS)), requests);
        assertEquals(FeedStatus.RECOVERING, mirror.syncStatus());

        feed.answer(req(1), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS, this::deliver);
        assertEquals(FeedStatus.LIVE, mirror.syncStatus());
        assertNull(mirror.channel(CME_RATES));

        // a channel first seen after the join is late too
        feed.update(CME_RATES, ZN, bid(BookAction.CHANGE, 1, 100 * TICK, 1, 1));
        assertEquals(FeedStatus.RECOVERING, mirror.syncStatus());
        assertFalse(mirror.book(CME_RATES, ZN).isTrusted());
        assertEquals(new Request(req(2), CME_RATES, SnapshotRequestProxy.ALL_INSTRUMENTS), requests.get(1));
        feed.answer(req(2), CME_RATES, SnapshotRequestProxy.ALL_INSTRUMENTS, this::deliver);

        Scripts.random(feed, 12, 1_000);
        assertMirrorEqualsTruth(feed, mirror);
        assertEquals(0, mirror.count(GAPS));
    }

    @Test
    void withoutDefinitionsALateJoinerUsesTheDefaultDepth()
    {
        feed.definitionsInAnswers = false;
        feed.sink(ScriptedFeed.NOWHERE);
        feed.definition(CME_EQUITY, NQ, "NQZ8", 10, 2);
        Scripts.random(feed, 13, 300);
        feed.sink(this::deliver);

        feed.heartbeat(CME_EQUITY);
        feed.answer(req(1), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS, this::deliver);

        assertEquals("", mirror.book(CME_EQUITY, NQ).symbol());
        assertEquals(10, mirror.book(CME_EQUITY, NQ).bids().depth());
        assertMirrorEqualsTruth(feed, mirror);
    }

    @Test
    void anAnswerToSomeoneElseUpdatesBooksButDoesNotEndRecovery()
    {
        Scripts.definitions(feed);
        feed.dropUpdate(CME_EQUITY, ES, bid(BookAction.NEW, 1, 99 * TICK, 5, 5));
        feed.heartbeat(CME_EQUITY);
        assertEquals(1, requests.size());

        final long someoneElse = (99L << 32) | 1;
        feed.answer(someoneElse, CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS, this::deliver);

        assertEquals(FeedStatus.RECOVERING, mirror.channel(CME_EQUITY).syncStatus());
        assertTrue(mirror.book(CME_EQUITY, ES).isSynced());
        assertFalse(mirror.book(CME_EQUITY, ES).isTrusted());

        feed.answer(req(1), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS, this::deliver);
        assertEquals(FeedStatus.LIVE, mirror.channel(CME_EQUITY).syncStatus());
    }

    @Test
    void anAnswerThatDoesNotAddUpIsRequestedAgain()
    {
        oneChannel();
        feed.dropUpdate(CME_EQUITY, ES, bid(BookAction.NEW, 1, 99 * TICK, 5, 5));
        feed.heartbeat(CME_EQUITY);

        feed.snapshot(CME_EQUITY, ES, req(1), FeedStatus.LIVE);
        deliver(feed.writer.buffer, feed.writer.snapshotComplete(req(1), CME_EQUITY, feed.recordSeq, 2));

        assertEquals(1, mirror.count(FAILED_RECOVERIES));
        assertEquals(FeedStatus.STALE, mirror.channel(CME_EQUITY).syncStatus());
        mirror.doWork(true);
        assertEquals(new Request(req(2), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS), requests.getLast());
        feed.answer(req(2), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS, this::deliver);
        assertEquals(FeedStatus.LIVE, mirror.channel(CME_EQUITY).syncStatus());
    }

    @Test
    void anUnansweredRequestIsSentAgainAfterTheTimeout()
    {
        oneChannel();
        feed.dropUpdate(CME_EQUITY, ES, bid(BookAction.NEW, 1, 99 * TICK, 5, 5));
        feed.heartbeat(CME_EQUITY);
        assertEquals(1, requests.size());

        clock.update(clock.nanoTime() + TIMEOUT_NS - 1);
        mirror.doWork(true);
        assertEquals(1, requests.size());

        clock.update(clock.nanoTime() + 1);
        mirror.doWork(true);
        assertEquals(1, mirror.count(REQUEST_TIMEOUTS));
        assertEquals(new Request(req(2), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS), requests.getLast());

        // the late answer to the first request is ignored, the answer to the second one counts
        feed.answer(req(1), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS, this::deliver);
        assertEquals(FeedStatus.RECOVERING, mirror.channel(CME_EQUITY).syncStatus());
        feed.answer(req(2), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS, this::deliver);
        assertEquals(FeedStatus.LIVE, mirror.channel(CME_EQUITY).syncStatus());
    }

    @Test
    void aRequestThatCannotBeOfferedIsRetried()
    {
        Scripts.definitions(feed);
        controlConnected = false;
        feed.dropUpdate(CME_EQUITY, ES, bid(BookAction.NEW, 1, 99 * TICK, 5, 5));
        feed.heartbeat(CME_EQUITY);
        mirror.doWork(true);

        assertEquals(FeedStatus.STALE, mirror.syncStatus());
        assertTrue(mirror.count(FAILED_REQUEST_OFFERS) >= 2);
        assertEquals(List.of(), requests);

        controlConnected = true;
        clock.update(clock.nanoTime() + 1_000_000);
        mirror.doWork(true);
        assertEquals(FeedStatus.RECOVERING, mirror.syncStatus());
        assertEquals(2, requests.size());
    }

    @Test
    void aGapDuringRecoveryStartsItOver()
    {
        Scripts.definitions(feed);
        feed.dropUpdate(CME_EQUITY, ES, bid(BookAction.NEW, 1, 99 * TICK, 5, 5));
        feed.heartbeat(CME_EQUITY);
        mirror.doWork(true);
        assertEquals(2, requests.size());

        feed.dropUpdate(CME_EQUITY, NQ, bid(BookAction.NEW, 1, 99 * TICK, 5, 5));
        feed.heartbeat(CME_EQUITY);
        mirror.doWork(true);
        assertEquals(4, requests.size());
        assertEquals(2, mirror.count(GAPS));

        feed.answer(requests.get(0).requestId(), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS, this::deliver);
        assertEquals(FeedStatus.RECOVERING, mirror.channel(CME_EQUITY).syncStatus());
        for (final Request request : requests.subList(2, 4))
        {
            feed.answer(request.requestId(), request.channelId(), request.securityId(), this::deliver);
        }
        assertEquals(FeedStatus.LIVE, mirror.syncStatus());
        assertMirrorEqualsTruth(feed, mirror);
    }

    @Test
    void aBookTheAnswerLeavesOutIsEmptied()
    {
        Scripts.definitions(feed);
        feed.update(CME_EQUITY, ES, bid(BookAction.NEW, 1, 99 * TICK, 5, 5));
        feed.dropUpdate(CME_EQUITY, ES, bid(BookAction.NEW, 1, 98 * TICK, 5, 5));
        feed.heartbeat(CME_EQUITY);
        feed.books.remove(ScriptedFeed.key(CME_EQUITY, ES));

        feed.answer(req(1), CME_EQUITY, SnapshotRequestProxy.ALL_INSTRUMENTS, this::deliver);

        final Book book = mirror.book(CME_EQUITY, ES);
        assertTrue(book.isTrusted());
        assertTrue(book.bids().isEmpty());
    }

    @Test
    void theHandlersStatusesAreTrustedOverTheMirrorsOwn()
    {
        Scripts.definitions(feed);
        final Book es = mirror.book(CME_EQUITY, ES);
        final Book nq = mirror.book(CME_EQUITY, NQ);
        assertTrue(es.isTrusted());

        feed.channelStatus(CME_EQUITY, FeedStatus.STALE);
        assertFalse(es.isTrusted());
        assertFalse(nq.isTrusted());
        assertEquals(FeedStatus.LIVE, mirror.syncStatus());
        feed.channelStatus(CME_EQUITY, FeedStatus.LIVE);
        assertTrue(es.isTrusted());

        feed.instrumentStatus(CME_EQUITY, ES, FeedStatus.STALE);
        assertFalse(es.isTrusted());
        assertTrue(nq.isTrusted());
        // the handler recovers the instrument and republishes its book
        feed.snapshot(CME_EQUITY, ES, 0, FeedStatus.LIVE);
        assertTrue(es.isTrusted());
    }

    @Test
    void aSilentLineKeepsTheBooksTrustedAndBothLinesSilentMakeThemStaleUntilTheLinesSpeakAgain()
    {
        Scripts.definitions(feed);
        final Book es = mirror.book(CME_EQUITY, ES);
        final MirroredChannel channel = mirror.channel(CME_EQUITY);
        assertTrue(es.isTrusted());

        // line A silent: the handler still has every packet from line B
        feed.channelStatus(CME_EQUITY, FeedStatus.SILENT);
        assertEquals(FeedStatus.SILENT, channel.handlerStatus());
        assertTrue(channel.isLive(), "one line left: the books are complete, only the redundancy is gone");
        assertTrue(es.isTrusted());

        // both lines silent: what the handler publishes then
        feed.instrumentStatus(CME_EQUITY, ES, FeedStatus.STALE);
        feed.channelStatus(CME_EQUITY, FeedStatus.STALE);
        assertEquals(FeedStatus.STALE, channel.handlerStatus());
        assertFalse(channel.isLive());
        assertFalse(es.isTrusted());
        assertEquals(FeedStatus.STALE, es.handlerStatus());
        assertEquals(FeedStatus.LIVE, mirror.syncStatus(), "the handler's status, not this subscriber's sync");

        // line A speaks again in sequence, B not yet; then B
        feed.instrumentStatus(CME_EQUITY, ES, FeedStatus.LIVE);
        feed.channelStatus(CME_EQUITY, FeedStatus.SILENT);
        assertTrue(es.isTrusted());
        assertEquals(FeedStatus.SILENT, channel.handlerStatus());
        feed.channelStatus(CME_EQUITY, FeedStatus.LIVE);
        assertEquals(FeedStatus.LIVE, channel.handlerStatus());
        assertTrue(es.isTrusted());
    }

    @Test
    void aPeriodicSnapshotReplacesTheBook()
    {
        Scripts.definitions(feed);
        feed.update(CME_EQUITY, ES, bid(BookAction.NEW, 1, 99 * TICK, 5, 5), ask(BookAction.NEW, 1, 100 * TICK, 1, 1));
        final ReferenceBook truth = feed.truth(CME_EQUITY, ES);
        truth.apply(bid(BookAction.CHANGE, 1, 99 * TICK, 6, 6));
        truth.apply(ask(BookAction.DELETE, 1, 0, 0, 0));

        feed.snapshot(CME_EQUITY, ES, 0, FeedStatus.LIVE);

        assertMirrorEqualsTruth(feed, mirror);
        assertEquals(1, mirror.count(SNAPSHOTS_APPLIED));
    }

    @Test
    void aNewStreamStartsFromScratch()
    {
        Scripts.definitions(feed);
        Scripts.random(feed, 3, 100);
        final Book held = mirror.book(CME_EQUITY, ES);
        assertTrue(held.isTrusted());

        mirror.onNewStream(1234);
        assertEquals(List.of(), mirror.books());
        assertEquals(FeedStatus.STALE, mirror.syncStatus());
        // a strategy holding the old stream's book: it is no longer updated, so no longer trusted
        assertEquals(List.of(false, false, FeedStatus.STALE), List.of(held.isTrusted(), held.isSynced(),
            held.channel().syncStatus()));

        final ScriptedFeed restarted = new ScriptedFeed(this::deliver);
        Scripts.definitions(restarted);
        Scripts.random(restarted, 4, 100);
        assertEquals(FeedStatus.LIVE, mirror.syncStatus());
        assertMirrorEqualsTruth(restarted, mirror);
        assertEquals(List.of(), requests);
        assertEquals(List.of(1234), recording.newStreams);
        assertFalse(held.isTrusted());
    }

    @Test
    void aLostConnectionMarksEverythingStaleAndTheReturnJoinsLate()
    {
        Scripts.definitions(feed);
        Scripts.random(feed, 5, 100);

        mirror.doWork(false);
        assertEquals(FeedStatus.STALE, mirror.syncStatus());
        assertFalse(mirror.book(CME_EQUITY, ES).isTrusted());
        assertEquals(1, mirror.count(DISCONNECTS));

        feed.sink(ScriptedFeed.NOWHERE);
        Scripts.random(feed, 6, 100);
        feed.sink(this::deliver);
        mirror.doWork(true);
        feed.heartbeat(CME_EQUITY);
        mirror.doWork(true);
        assertEquals(1, mirror.count(LATE_JOINS));
        assertEquals(0, mirror.count(GAPS));
        for (final Request request : List.copyOf(requests))
        {
            feed.answer(request.requestId(), request.channelId(), request.securityId(), this::deliver);
        }
        assertEquals(FeedStatus.LIVE, mirror.syncStatus());
        assertMirrorEqualsTruth(feed, mirror);
    }

    @Test
    void requestIdsCarryTheInstanceIdAndNeverRepeat()
    {
        Scripts.definitions(feed);
        for (int i = 0; i < 3; i++)
        {
            feed.dropUpdate(CME_EQUITY, ES, bid(BookAction.NEW, 1, 99 * TICK, 5, 5));
            feed.heartbeat(CME_EQUITY);
        }
        assertEquals(List.of(req(1), req(2), req(3)), requests.stream().map(Request::requestId).toList());
        assertNotEquals(0, requests.getFirst().requestId() >>> 32);
    }

    private void oneChannel()
    {
        feed.definition(CME_EQUITY, ES, "ESZ8", 5, 2);
        feed.definition(CME_EQUITY, NQ, "NQZ8", 10, 2);
    }

    private boolean deliver(final org.agrona.DirectBuffer buffer, final int length)
    {
        adapter.onMessage(buffer, 0, length);
        return true;
    }

    private static long req(final int n)
    {
        return (7L << 32) | n;
    }
}
