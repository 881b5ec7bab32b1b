package io.xdpfeed.client;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.Side;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.xdpfeed.codecs.md.BookAction.CHANGE;
import static io.xdpfeed.codecs.md.BookAction.DELETE;
import static io.xdpfeed.codecs.md.BookAction.DELETE_FROM;
import static io.xdpfeed.codecs.md.BookAction.DELETE_THRU;
import static io.xdpfeed.codecs.md.BookAction.NEW;
import static io.xdpfeed.codecs.md.BookAction.OVERLAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scripted sequences and the whole-book comparison used by the mirror tests.
 */
final class Scripts
{
    static final int CME_EQUITY = 310;
    static final int CME_RATES = 312;
    static final int ES = 1001;
    static final int NQ = 1002;
    static final int ZN = 2001;
    static final long TICK = 250_000_000L;
    static final long ES_PRICE = 4_500_000_000_000L;

    private Scripts()
    {
    }

    static void definitions(final ScriptedFeed feed)
    {
        feed.definition(CME_EQUITY, ES, "ESZ8", 5, 2);
        feed.definition(CME_EQUITY, NQ, "NQZ8", 10, 2);
        feed.definition(CME_RATES, ZN, "ZNZ8", 3, 2);
    }

    /**
     * Every book action on both sides of both books, at the top, in the middle, at the depth and past it.
     */
    static void everyAction(final ScriptedFeed feed)
    {
        for (final LevelType type : List.of(LevelType.OUTRIGHT, LevelType.IMPLIED))
        {
            for (final Side side : List.of(Side.BID, Side.ASK))
            {
                everyActionOnSide(feed, CME_EQUITY, ES, side, type);
                everyActionOnSide(feed, CME_RATES, ZN, side, type);
            }
        }
        feed.trade(CME_EQUITY, ES, ES_PRICE, 3);
        feed.volume(CME_EQUITY, ES, 1_234);
        feed.heartbeat(CME_RATES);

        // CLEAR empties the whole book, then the book is rebuilt
        feed.update(CME_RATES, ZN, LevelEntry.clear());
        feed.update(CME_RATES, ZN,
            LevelEntry.bid(NEW, 1, 110 * TICK, 7, 2),
            LevelEntry.ask(NEW, 1, 111 * TICK, 8, 3),
            LevelEntry.impliedBid(NEW, 1, 109 * TICK, 1, 1));

        // one match event over several records
        feed.update(CME_EQUITY, NQ, false, LevelEntry.bid(NEW, 1, 15_000 * TICK, 1, 1));
        feed.update(CME_EQUITY, NQ, false, LevelEntry.ask(NEW, 1, 15_001 * TICK, 2, 1));
        feed.update(CME_EQUITY, NQ, true, LevelEntry.impliedAsk(NEW, 1, 15_002 * TICK, 3, 1));
    }

    private static void everyActionOnSide(
        final ScriptedFeed feed, final int channelId, final int securityId, final Side side, final LevelType type)
    {
        final int depth = feed.truth(channelId, securityId).depth(type);
        final long sign = side == Side.BID ? -1 : 1;
        final long base = ES_PRICE + sign * 2 * TICK;

        // NEW appended at every level up to the depth
        for (int level = 1; level <= depth; level++)
        {
            feed.update(channelId, securityId, entry(side, type, NEW, level, base + sign * level * TICK, level, 1));
        }
        // NEW at the top and in the middle of a full side: deeper levels shift down, the deepest drops off
        feed.update(channelId, securityId, entry(side, type, NEW, 1, base, 11, 2));
        final int middle = Math.max(1, depth / 2);
        feed.update(channelId, securityId, entry(side, type, NEW, middle, base + sign * TICK / 2, 12, 3));
        // NEW at the depth replaces the deepest level; past the depth it is rejected
        feed.update(channelId, securityId, entry(side, type, NEW, depth, base + sign * 40 * TICK, 13, 4));
        feed.update(channelId, securityId, entry(side, type, NEW, depth + 1, base + sign * 41 * TICK, 14, 5));
        // CHANGE and OVERLAY at the top and at the depth
        feed.update(channelId, securityId,
            entry(side, type, CHANGE, 1, base, 21, 6),
            entry(side, type, OVERLAY, depth, base + sign * 39 * TICK, 22, 7));
        // DELETE at the top, then at the bottom of what is left, then re-fill
        feed.update(channelId, securityId, entry(side, type, DELETE, 1, Long.MAX_VALUE, 0, 0));
        feed.update(channelId, securityId, entry(side, type, DELETE, depth - 1, Long.MAX_VALUE, 0, 0));
        feed.update(channelId, securityId, entry(side, type, NEW, 1, base, 31, 1));
        // DELETE_FROM the top 1 level, then past the depth (empties the side), then re-fill
        feed.update(channelId, securityId, entry(side, type, DELETE_FROM, 1, Long.MAX_VALUE, 0, 0));
        feed.update(channelId, securityId, entry(side, type, DELETE_FROM, depth + 2, Long.MAX_VALUE, 0, 0));
        for (int level = 1; level <= depth; level++)
        {
            final long price = base + sign * level * TICK;
            feed.update(channelId, securityId, entry(side, type, NEW, level, price, 40 + level, 1));
        }
        if (depth > 2)
        {
            feed.update(channelId, securityId, entry(side, type, DELETE_FROM, 2, Long.MAX_VALUE, 0, 0));
        }
        // DELETE_THRU empties the side, whatever its level says
        feed.update(channelId, securityId, entry(side, type, DELETE_THRU, 1, Long.MAX_VALUE, 0, 0));
        feed.update(channelId, securityId,
            entry(side, type, NEW, 1, base, 51, 1),
            entry(side, type, NEW, 2, base + sign * TICK, 52, 2));
    }

    /**
     * A seeded random walk of valid book actions over the defined instruments, with trades and heartbeats between.
     */
    static void random(final ScriptedFeed feed, final long seed, final int updates)
    {
        final Random random = new Random(seed);
        final List<ReferenceBook> books = new ArrayList<>(feed.books.values());
        for (int i = 0; i < updates; i++)
        {
            final ReferenceBook truth = books.get(random.nextInt(books.size()));
            final int[] instrument = {truth.channelId, truth.securityId};
            final int roll = random.nextInt(100);
            if (roll < 2)
            {
                feed.update(instrument[0], instrument[1], LevelEntry.clear());
                continue;
            }
            if (roll < 6)
            {
                feed.trade(instrument[0], instrument[1], ES_PRICE, 1 + random.nextInt(5));
                continue;
            }
            if (roll < 8)
            {
                feed.heartbeat(instrument[0]);
                continue;
            }

            final List<LevelEntry> entries = new ArrayList<>();
            for (final Side side : List.of(Side.BID, Side.ASK))
            {
                for (final LevelType type : List.of(LevelType.OUTRIGHT, LevelType.IMPLIED))
                {
                    if (random.nextInt(3) == 0)
                    {
                        entries.add(randomEntry(random, truth, side, type));
                    }
                }
            }
            if (entries.isEmpty())
            {
                entries.add(randomEntry(random, truth, Side.BID, LevelType.OUTRIGHT));
            }
            feed.update(instrument[0], instrument[1], random.nextInt(4) != 0, entries.toArray(new LevelEntry[0]));
        }
    }

    private static LevelEntry randomEntry(
        final Random random, final ReferenceBook truth, final Side side, final LevelType type)
    {
        final int size = truth.levels(side, type).size();
        final int depth = truth.depth(type);
        final long price = ES_PRICE + (side == Side.BID ? -1 : 1) * random.nextInt(50) * TICK;
        final int roll = random.nextInt(100);
        if (size == 0 || roll < 35)
        {
            final int level = random.nextInt(50) == 0 ? depth + 1 : 1 + random.nextInt(Math.min(size + 1, depth));
            return entry(side, type, NEW, level, price, 1 + random.nextInt(100), 1 + random.nextInt(9));
        }
        final int level = 1 + random.nextInt(size);
        if (roll < 60)
        {
            return entry(side, type, CHANGE, level, truth.levels(side, type).get(level - 1).price(),
                1 + random.nextInt(100), 1 + random.nextInt(9));
        }
        if (roll < 85)
        {
            return entry(side, type, DELETE, level, Long.MAX_VALUE, 0, 0);
        }
        if (roll < 92)
        {
            return entry(side, type, OVERLAY, level, price, 1 + random.nextInt(100), 1 + random.nextInt(9));
        }
        if (roll < 97)
        {
            return entry(side, type, DELETE_FROM, 1 + random.nextInt(depth + 1), Long.MAX_VALUE, 0, 0);
        }

        return entry(side, type, DELETE_THRU, 1, Long.MAX_VALUE, 0, 0);
    }

    static LevelEntry entry(
        final Side side,
        final LevelType type,
        final BookAction action,
        final int level,
        final long price,
        final long size,
        final int orders)
    {
        return new LevelEntry(side, type, action, level, price, size, orders);
    }

    /**
     * Every truth book is in the mirror, side by side equal, and trusted.
     */
    static void assertMirrorEqualsTruth(final ScriptedFeed feed, final BookMirror mirror)
    {
        for (final ReferenceBook truth : feed.books.values())
        {
            final Book book = mirror.book(truth.channelId, truth.securityId);
            assertNotNull(book, "no book for " + truth.channelId + "/" + truth.securityId);
            for (final LevelType type : List.of(LevelType.OUTRIGHT, LevelType.IMPLIED))
            {
                for (final Side side : List.of(Side.BID, Side.ASK))
                {
                    assertEquals(truth.levels(side, type), Px.of(book.side(side, type)),
                        truth.channelId + "/" + truth.securityId + " " + type + " " + side + " of " + book);
                }
            }
            assertTrue(book.isTrusted(), book::toString);
        }
    }
}
