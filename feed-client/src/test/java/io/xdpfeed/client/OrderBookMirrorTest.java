package io.xdpfeed.client;

import io.xdpfeed.codecs.md.ChannelStatusEncoder;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.HeartbeatEncoder;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.codecs.md.OrderAction;
import io.xdpfeed.codecs.md.OrderBookSnapshotEncoder;
import io.xdpfeed.codecs.md.OrderUpdateEncoder;
import io.xdpfeed.codecs.md.Side;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order-book mirror fed through a {@link MarketDataAdapter} (no Aeron): order events, chunked snapshots, record
 * sequence gaps, late join, and its place behind a {@link BookMirror}.
 */
@Timeout(30)
class OrderBookMirrorTest
{
    private static final int CHANNEL = 310;
    private static final int ES = 7;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OrderUpdateEncoder update = new OrderUpdateEncoder();
    private final OrderBookSnapshotEncoder snapshot = new OrderBookSnapshotEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final ChannelStatusEncoder channelStatus = new ChannelStatusEncoder();
    private final OrderBookMirror mirror = new OrderBookMirror();
    private MarketDataAdapter adapter = new MarketDataAdapter(mirror, null, null);
    private long recordSeq;

    record Snap(Side side, long orderId, long priority, long price, long qty)
    {
    }

    private void order(final OrderAction action, final Side side, final long orderId, final long priority,
        final long price, final long qty)
    {
        update.wrapAndApplyHeader(buffer, 0, header).channelId(CHANNEL).securityId(ES).recordSeq(++recordSeq)
            .sendingTimeNs(1).receiveTimeNs(2).publishTimeNs(3).msgSeqNum(recordSeq).side(side).action(action)
            .orderId(orderId).orderPriority(priority).price(price).displayQty(qty)
            .endOfEvent(io.xdpfeed.codecs.md.BooleanType.TRUE).matchEventIndicator((short)0x80);
        adapter.onMessage(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + update.encodedLength());
    }

    private void chunk(final int chunk, final int chunks, final long lastMsgSeqNum, final Snap... orders)
    {
        final OrderBookSnapshotEncoder.OrdersEncoder group = snapshot.wrapAndApplyHeader(buffer, 0, header)
            .channelId(CHANNEL).securityId(ES).recordSeq(++recordSeq).sendingTimeNs(0).receiveTimeNs(0)
            .publishTimeNs(3).msgSeqNum(0).requestId(0).feedStatus(FeedStatus.LIVE)
            .lastMsgSeqNumProcessed(lastMsgSeqNum).chunk(chunk).chunks(chunks).totalOrders(orders.length)
            .ordersCount(orders.length);
        for (final Snap order : orders)
        {
            group.next().side(order.side()).orderId(order.orderId()).orderPriority(order.priority())
                .price(order.price()).displayQty(order.qty());
        }
        adapter.onMessage(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + snapshot.encodedLength());
    }

    private void heartbeat()
    {
        heartbeat.wrapAndApplyHeader(buffer, 0, header).channelId(CHANNEL).securityId(Integer.MAX_VALUE)
            .recordSeq(++recordSeq).sendingTimeNs(0).receiveTimeNs(0).publishTimeNs(0).msgSeqNum(0);
        adapter.onMessage(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength());
    }

    private void channelStatus(final FeedStatus status)
    {
        channelStatus.wrapAndApplyHeader(buffer, 0, header).channelId(CHANNEL).securityId(Integer.MAX_VALUE)
            .recordSeq(++recordSeq).sendingTimeNs(0).receiveTimeNs(0).publishTimeNs(0).msgSeqNum(0)
            .feedStatus(status).gapFromMsgSeqNum(0).gapToMsgSeqNum(0).recoveries(0);
        adapter.onMessage(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + channelStatus.encodedLength());
    }

    @Test
    void actionConstantsAreTheSchemaValues()
    {
        assertEquals(OrderAction.ADD.value(), OrderBookMirror.ADD);
        assertEquals(OrderAction.MODIFY.value(), OrderBookMirror.MODIFY);
        assertEquals(OrderAction.DELETE.value(), OrderBookMirror.DELETE);
        assertEquals(OrderAction.CLEAR.value(), OrderBookMirror.CLEAR);
        assertEquals(0, Side.BID.value());
    }

    @Test
    void fromRecordSeqOneTheBookIsTrustedAndFollowsEveryAction()
    {
        order(OrderAction.ADD, Side.BID, 501, 10, 100, 5);
        order(OrderAction.ADD, Side.ASK, 502, 11, 101, 2);
        order(OrderAction.ADD, Side.BID, 503, 12, 100, 3);
        order(OrderAction.MODIFY, Side.BID, 501, 13, 99, 4);
        order(OrderAction.DELETE, Side.ASK, 502, 11, 101, 0);
        order(OrderAction.DELETE, Side.ASK, 999, 0, 101, 0);

        final OrderBook book = mirror.book(CHANNEL, ES);
        assertEquals("B 503@100x3#12, B 501@99x4#13", book.toString());
        assertTrue(book.isTrusted());
        assertEquals(100, book.orders().bestPrice(true));
        assertEquals(1, mirror.count(OrderBookMirror.Count.UNKNOWN_ORDERS));
        assertEquals(6, book.lastRecordSeq());

        order(OrderAction.CLEAR, Side.BID, 0, 0, Long.MAX_VALUE, 0);
        assertEquals("", book.toString());
        assertNull(mirror.book(CHANNEL, ES + 1));
    }

    @Test
    void aGapMakesTheBookStaleAndAChunkedSnapshotRecoversIt()
    {
        order(OrderAction.ADD, Side.BID, 501, 10, 100, 5);
        recordSeq++;
        heartbeat();
        final OrderBook book = mirror.book(CHANNEL, ES);
        assertEquals(FeedStatus.STALE, book.syncStatus());
        assertFalse(book.isTrusted());
        assertEquals(1, mirror.count(OrderBookMirror.Count.GAPS));

        chunk(1, 3, 40, new Snap(Side.BID, 601, 1, 100, 1), new Snap(Side.BID, 602, 2, 100, 2));
        assertEquals(FeedStatus.RECOVERING, book.syncStatus());
        chunk(2, 3, 40, new Snap(Side.ASK, 603, 3, 102, 3));
        chunk(3, 3, 40, new Snap(Side.ASK, 604, 4, 101, 4));
        assertEquals(FeedStatus.LIVE, book.syncStatus());
        assertTrue(book.isTrusted());
        assertEquals("B 601@100x1#1, B 602@100x2#2, A 604@101x4#4, A 603@102x3#3", book.toString());
        assertEquals(1, mirror.count(OrderBookMirror.Count.SNAPSHOTS_APPLIED));
        assertEquals(40, book.lastMsgSeqNum());
    }

    /**
     * An ITCH channel recovering lost messages keeps its instruments LIVE and says so for the channel: its books are
     * not trusted until the channel is LIVE (or SILENT) again, a book first seen meanwhile neither.
     */
    @Test
    void aBookIsTrustedOnlyWhileTheHandlerSaysItsChannelIsLiveOrSilent()
    {
        order(OrderAction.ADD, Side.BID, 501, 10, 100, 5);
        final OrderBook book = mirror.book(CHANNEL, ES);
        assertTrue(book.isTrusted());
        final List<String> seen = new ArrayList<>();
        for (final FeedStatus status : List.of(FeedStatus.STALE, FeedStatus.RECOVERING, FeedStatus.SILENT,
            FeedStatus.STALE))
        {
            channelStatus(status);
            seen.add(book.channelStatus() + " " + book.syncStatus() + " " + book.handlerStatus() + " " +
                book.isTrusted());
        }
        update.wrapAndApplyHeader(buffer, 0, header).channelId(CHANNEL).securityId(ES + 1).recordSeq(++recordSeq)
            .sendingTimeNs(1).receiveTimeNs(2).publishTimeNs(3).msgSeqNum(recordSeq).side(Side.ASK)
            .action(OrderAction.ADD).orderId(601).orderPriority(1).price(101).displayQty(1)
            .endOfEvent(io.xdpfeed.codecs.md.BooleanType.TRUE).matchEventIndicator((short)0x80);
        adapter.onMessage(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + update.encodedLength());
        final OrderBook later = mirror.book(CHANNEL, ES + 1);
        seen.add(later.channelStatus() + " " + later.isTrusted());
        channelStatus(FeedStatus.LIVE);
        seen.add(book.isTrusted() + " " + later.isTrusted());

        assertEquals(List.of(
            "STALE LIVE LIVE false",
            "RECOVERING LIVE LIVE false",
            "SILENT LIVE LIVE true",
            "STALE LIVE LIVE false",
            "STALE false",
            "true true"), seen);
    }

    /**
     * A stream that starts again at recordSeq 1 (the handler restarted) starts the books from scratch; a book held from
     * before is no longer updated, nor trusted.
     */
    @Test
    void aNewStreamStartsAfreshAndABookHeldFromBeforeIsNoLongerTrusted()
    {
        order(OrderAction.ADD, Side.BID, 501, 10, 100, 5);
        final OrderBook held = mirror.book(CHANNEL, ES);
        assertTrue(held.isTrusted());

        recordSeq = 0;
        order(OrderAction.ADD, Side.ASK, 601, 1, 102, 7);
        final OrderBook fresh = mirror.book(CHANNEL, ES);
        assertEquals(List.of(false, FeedStatus.STALE, "B 501@100x5#10", true, "A 601@102x7#1"), List.of(
            held.isTrusted(), held.syncStatus(), held.toString(), fresh.isTrusted(), fresh.toString()));
    }

    @Test
    void chunksOutOfOrderLeaveTheBookStaleUntilAWholeSnapshot()
    {
        order(OrderAction.ADD, Side.BID, 501, 10, 100, 5);
        recordSeq++;
        heartbeat();
        chunk(1, 3, 40, new Snap(Side.BID, 601, 1, 100, 1));
        chunk(3, 3, 40, new Snap(Side.BID, 603, 3, 100, 1));
        final OrderBook book = mirror.book(CHANNEL, ES);
        assertEquals(FeedStatus.STALE, book.syncStatus());
        assertEquals(1, mirror.count(OrderBookMirror.Count.BROKEN_SNAPSHOTS));

        chunk(1, 1, 41, new Snap(Side.BID, 601, 1, 100, 1));
        assertEquals(FeedStatus.LIVE, book.syncStatus());
        assertEquals("B 601@100x1#1", book.toString());
    }

    @Test
    void aLateJoinerStartsStaleAndASnapshotMakesItLive()
    {
        recordSeq = 10;
        order(OrderAction.ADD, Side.BID, 501, 10, 100, 5);
        final OrderBook book = mirror.book(CHANNEL, ES);
        assertEquals(FeedStatus.STALE, book.syncStatus());
        chunk(1, 1, 12);
        assertEquals(FeedStatus.LIVE, book.syncStatus());
        assertEquals(0, book.orders().orderCount());
        assertEquals(0, mirror.count(OrderBookMirror.Count.GAPS));
    }

    @Test
    void behindABookMirrorOrderRecordsAreSequencedAndForwarded()
    {
        final List<Long> seen = new ArrayList<>();
        final OrderBookMirror orders = new OrderBookMirror(new MarketDataListener()
        {
            public void onOrderUpdate(final io.xdpfeed.codecs.md.OrderUpdateDecoder decoder)
            {
                seen.add(decoder.orderId());
            }
        });
        final BookMirror books = new BookMirror(new MarketDataSubscriber.Context().listener(orders)
            .nanoClock(new CachedNanoClock()), (requestId, channelId, securityId) -> true);
        adapter = new MarketDataAdapter(books, null, null);

        order(OrderAction.ADD, Side.BID, 501, 10, 100, 5);
        heartbeat();
        chunk(1, 1, 3, new Snap(Side.ASK, 700, 1, 101, 1));
        order(OrderAction.ADD, Side.BID, 502, 10, 100, 5);

        assertEquals(0, books.count(BookMirror.Count.GAPS));
        assertEquals(0, orders.count(OrderBookMirror.Count.GAPS));
        assertEquals(List.of(501L, 502L), seen);
        assertEquals("B 502@100x5#10, A 700@101x1#1", orders.book(CHANNEL, ES).toString());
        assertTrue(orders.book(CHANNEL, ES).isTrusted());
    }
}
