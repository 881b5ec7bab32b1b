package io.xdpfeed.sim.market;

import io.xdpfeed.codecs.mdp3.SecurityTradingStatus;
import io.xdpfeed.sim.truth.TruthOrderBook;

import java.util.ArrayList;
import java.util.List;

/**
 * One simulated futures instrument: its definition (what MDInstrumentDefinitionFuture54 says) and the exchange's
 * state of it (deep books, fair value, RptSeq, volume, trading status).
 */
public final class Instrument
{
    /** Levels kept beyond the published depth, to come into view when visible levels go. */
    static final int HIDDEN_LEVELS = 6;

    private static final long[] TICKS = {
        250_000_000L, 10_000_000L, 5_000_000L, 100_000_000L, 1_000_000_000L, 500_000_000L, 15_625_000L};
    private static final char[] MONTH_CODES = {'H', 'M', 'U', 'Z'};
    private static final int INSTRUMENTS_PER_ASSET = 4;

    /** Position in the channel's instrument array. */
    public final int index;
    /** SecurityID. */
    public final int securityId;
    /** Symbol, e.g. SAAH6. */
    public final String symbol;
    /** Asset (product) code. */
    public final String asset;
    /** SecurityGroup. */
    public final String securityGroup;
    /** MinPriceIncrement as a PRICE9 mantissa. */
    public final long tickMantissa;
    /** DisplayFactor as a PRICE9 mantissa. */
    public final long displayFactorMantissa;
    /** Outright book depth published (GBX). */
    public final int depth;
    /** Implied book depth published (GBI). */
    public final int impliedDepth;
    /** Maturity year. */
    public final int maturityYear;
    /** Maturity month, 1..12. */
    public final short maturityMonth;
    /** Starting fair value, in ticks. */
    public final long referencePriceTicks;

    /** The exchange's outright bids, deeper than published. */
    public final BookSide bids;
    /** The exchange's outright offers, deeper than published. */
    public final BookSide asks;
    final BookSide impliedBids;
    final BookSide impliedAsks;

    double fairTicks;
    long rptSeq;
    long volume;
    SecurityTradingStatus status = SecurityTradingStatus.ReadyToTrade;
    /** False after a ChannelReset4 until a rebuild event publishes the book again from scratch. */
    public boolean published = true;

    /**
     * @param index               0-based position in the channel.
     * @param securityId          SecurityID.
     * @param depth               outright book depth published (GBX).
     * @param impliedDepth        implied book depth published (GBI).
     * @param referencePriceTicks starting fair value, in ticks.
     * @param withOrders          keep the resting orders of every outright level, for market by order.
     */
    public Instrument(
        final int index, final int securityId, final int depth, final int impliedDepth, final long referencePriceTicks,
        final boolean withOrders)
    {
        this.index = index;
        this.securityId = securityId;
        this.depth = depth;
        this.impliedDepth = impliedDepth;
        this.referencePriceTicks = referencePriceTicks;
        final int assetIndex = index / INSTRUMENTS_PER_ASSET;
        asset = assetCode(assetIndex);
        securityGroup = asset;
        final int month = index % INSTRUMENTS_PER_ASSET;
        maturityYear = 2026 + (index / INSTRUMENTS_PER_ASSET) % 2;
        maturityMonth = (short)(3 * (month + 1));
        symbol = asset + MONTH_CODES[month] + (maturityYear % 10);
        tickMantissa = TICKS[assetIndex % TICKS.length];
        displayFactorMantissa = assetIndex % 3 == 2 ? 10_000_000L : 1_000_000_000L;
        bids = new BookSide(true, false, depth, depth + HIDDEN_LEVELS, withOrders);
        asks = new BookSide(false, false, depth, depth + HIDDEN_LEVELS, withOrders);
        impliedBids = new BookSide(true, true, impliedDepth, impliedDepth);
        impliedAsks = new BookSide(false, true, impliedDepth, impliedDepth);
        fairTicks = referencePriceTicks;
    }

    BookSide side(final boolean bid)
    {
        return bid ? bids : asks;
    }

    BookSide impliedSide(final boolean bid)
    {
        return bid ? impliedBids : impliedAsks;
    }

    /** A price in ticks as a PRICE9 mantissa. */
    public long mantissa(final long ticks)
    {
        return ticks * tickMantissa;
    }

    long nextRptSeq()
    {
        return ++rptSeq;
    }

    /**
     * Every resting order of the exchange's outright book (full depth, hidden levels too), in truth order: what the
     * published orders must equal.
     *
     * @return the orders as an order book.
     */
    public TruthOrderBook restingOrders()
    {
        return new TruthOrderBook(restingOrders(bids), restingOrders(asks));
    }

    private List<TruthOrderBook.Order> restingOrders(final BookSide side)
    {
        final List<TruthOrderBook.Order> orders = new ArrayList<>();
        for (int level = 0; level < side.count(); level++)
        {
            final LevelOrders queue = side.queue(level);
            for (int i = 0; i < queue.count(); i++)
            {
                orders.add(new TruthOrderBook.Order(queue.orderId(i), queue.priority(i), mantissa(side.price(level)),
                    queue.quantity(i)));
            }
        }
        orders.sort(side.isBid() ? TruthOrderBook.BID_ORDER : TruthOrderBook.ASK_ORDER);
        return orders;
    }

    /**
     * Asset (product) code: S followed by base-26 letters, e.g. SAA, SAB, ... unique per four instruments.
     */
    public static String assetCode(final int assetIndex)
    {
        final StringBuilder code = new StringBuilder();
        int value = assetIndex;
        do
        {
            code.append((char)('A' + value % 26));
            value /= 26;
        }
        while (value > 0);
        while (code.length() < 2)
        {
            code.append('A');
        }
        return "S" + code.reverse();
    }
}
