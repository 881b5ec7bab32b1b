package io.xdpfeed.bench.live;

import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.MarketDataAdapter;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.BookUpdateEncoder;
import io.xdpfeed.codecs.md.BooleanType;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.InstrumentDefinitionEncoder;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.sim.truth.TruthBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The subscriber's books against books written as JSON ({@code --truth}, {@code scripts/replay --books}), through a
 * real mirror fed encoded records: a stale book (a capture that starts mid-session) can hold an empty level between
 * two prices, which the JSON leaves out; the comparison compares the levels that hold a price, in order.
 */
@Timeout(30)
class BookComparisonTest
{
    private static final int CHANNEL = 310;
    private static final int SECURITY_ID = 48819;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final BookMirror mirror = new BookMirror(new MarketDataSubscriber.Context().nanoClock(new CachedNanoClock())
        .instanceId(7), (requestId, channelId, securityId) -> true);
    private final MarketDataAdapter adapter = new MarketDataAdapter(mirror, null, null);
    private long recordSeq;

    @Test
    void aStaleBookWithAnEmptyLevelBetweenPricesEqualsTheSameBookWrittenAsJson()
    {
        mirror.doWork(true);
        definition(10);
        // mid-session: the first updates change levels 1 and 3 (level 2 was set before the capture started)
        update(Side.ASK, BookAction.CHANGE, 1, 11_266_000_000_000L, 10, 1);
        update(Side.ASK, BookAction.CHANGE, 3, 11_268_000_000_000L, 8, 2);
        update(Side.BID, BookAction.CHANGE, 1, 11_265_000_000_000L, 4, 1);

        final TruthBook json = new TruthBook(
            List.of(new TruthBook.Level(11_265_000_000_000L, 4, 1)),
            List.of(new TruthBook.Level(11_266_000_000_000L, 10, 1), new TruthBook.Level(11_268_000_000_000L, 8, 2)));
        final TruthBook other = new TruthBook(
            List.of(new TruthBook.Level(11_265_000_000_000L, 4, 1)),
            List.of(new TruthBook.Level(11_266_000_000_000L, 10, 1), new TruthBook.Level(11_267_000_000_000L, 8, 2)));

        assertEquals(List.of(
            new BookComparison(1, 1, 1, null),
            new BookComparison(0, 1, 1, "SecurityID 48819: ask level 2 11268000000000 x 8 (2), truth " +
                "11267000000000 x 8 (2)")), List.of(
            BookComparison.compare(mirror, CHANNEL, Map.of(SECURITY_ID, json)),
            BookComparison.compare(mirror, CHANNEL, Map.of(SECURITY_ID, other))));
    }

    private void definition(final int depth)
    {
        final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
        definition.wrapAndApplyHeader(buffer, 0, header)
            .channelId(CHANNEL).securityId(SECURITY_ID).recordSeq(++recordSeq).msgSeqNum(0)
            .symbol("ESZ8").securityGroup("ES").asset("ES")
            .minPriceIncrement(250_000_000L).displayFactor(1_000_000_000L)
            .marketDepth((short)depth).impliedMarketDepth((short)2).tradingStatus((short)17)
            .feedStatus(FeedStatus.LIVE);
        adapter.onMessage(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + definition.encodedLength());
    }

    private void update(
        final Side side, final BookAction action, final int level, final long price, final long size, final int orders)
    {
        final BookUpdateEncoder update = new BookUpdateEncoder();
        update.wrapAndApplyHeader(buffer, 0, header)
            .channelId(CHANNEL).securityId(SECURITY_ID).recordSeq(++recordSeq).msgSeqNum(recordSeq)
            .endOfEvent(BooleanType.TRUE).matchEventIndicator((short)0x84).rptSeq(recordSeq)
            .levelsCount(1).next().side(side).levelType(LevelType.OUTRIGHT).action(action).level((short)level)
            .price(price).size(size).orderCount(orders);
        adapter.onMessage(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + update.encodedLength());
    }
}
