package io.xdpfeed.sim.market;

import io.xdpfeed.codecs.mdp3.AggressorSide;
import io.xdpfeed.codecs.mdp3.HaltReason;
import io.xdpfeed.codecs.mdp3.MDUpdateAction;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Encoder;
import io.xdpfeed.codecs.mdp3.SecurityTradingStatus;
import io.xdpfeed.common.counters.Counts;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * The exchange: seeded random-walk books for every instrument, turned into match events encoded by a
 * {@link MatchEventEncoder} (the wire package's IncrementalProxy).
 * <p>
 * Each instrument has a fair value that walks; quotes are added, changed, cancelled and moved around it, trades hit
 * the best level (sometimes sweeping several levels), and every change to the first {@code depth} levels is
 * published with CME's book management actions: New, Change, Delete (followed by a New at the last level when a
 * hidden level comes into view), DeleteFrom after a sweep, DeleteThru when a side is wiped, and Overlay when a level's
 * price moves within its gap. RptSeq counts every entry of an instrument across templates 48, 37 and 46.
 * <p>
 * Events are bounded to fit one packet, so that an event spans at most two packets. Small events (one Change, or a
 * SecurityStatus30) are used to top up the packet that must end a session or precede a channel reset.
 */
public final class MarketModel
{
    /** Upper bound of a small event: a one-entry Book46 plus an empty Book46 carrying EndOfEvent. */
    public static final int SMALL_EVENT_MAX_LENGTH = 128;

    private static final int NULL_SECURITY_ID = SecurityStatus30Encoder.securityIDNullValue();
    private static final long NULL_PRICE = Long.MAX_VALUE;
    private static final double STATUS_PROBABILITY = 0.002;
    private static final double DELETE_THRU_PROBABILITY = 0.005;
    private static final double MULTI_QUOTE_PROBABILITY = 0.10;
    private static final double TRADE_PROBABILITY = 0.20;
    private static final double SWEEP_PROBABILITY = 0.08;
    private static final double TRAILING_END_OF_EVENT_PROBABILITY = 0.5;

    private final Instrument[] instruments;
    private final MatchEventEncoder proxy;
    private final SplittableRandom random;
    private final double impliedProbability;
    private final int channelId;
    private final OrderFlow orders;
    private final BookPublisher publisher;
    private final ArrayDeque<Instrument> pendingBuilds = new ArrayDeque<>();
    private final Counts<MarketCount> counts = new Counts<>(MarketCount.class);
    private int tradeDate;
    private long nextTradeId = 1;

    /**
     * @param instruments        of the channel, by index.
     * @param proxy              encodes the events.
     * @param random             the market's random stream.
     * @param impliedProbability probability an event also updates the implied book.
     * @param channelId          put in ChannelReset4.
     * @param orders             market by order: the order events of every outright level change, or null when off.
     */
    public MarketModel(
        final Instrument[] instruments,
        final MatchEventEncoder proxy,
        final SplittableRandom random,
        final double impliedProbability,
        final int channelId,
        final OrderFlow orders)
    {
        this.orders = orders;
        this.publisher = new BookPublisher(proxy, orders);
        this.instruments = instruments;
        this.proxy = proxy;
        this.random = random;
        this.impliedProbability = impliedProbability;
        this.channelId = channelId;
        for (final Instrument instrument : instruments)
        {
            pendingBuilds.add(instrument);
        }
    }

    /** TradeDate (days since the epoch) put in security status messages. */
    public void tradeDate(final int tradeDate)
    {
        this.tradeDate = tradeDate;
    }

    /**
     * What the model has generated so far.
     *
     * @param counter what.
     * @return how many.
     */
    public long count(final MarketCount counter)
    {
        return counts.get(counter);
    }

    /**
     * Encode a ChannelReset4 event: every book is unpublished until a rebuild event sends it again from scratch,
     * and RptSeq restarts at 1 for every instrument.
     */
    public void channelReset(final long transactTimeNs)
    {
        proxy.beginEvent(transactTimeNs);
        proxy.channelReset(channelId);
        proxy.endEvent(false);
        pendingBuilds.clear();
        for (final Instrument instrument : instruments)
        {
            instrument.published = false;
            instrument.rptSeq = 0;
            pendingBuilds.add(instrument);
        }
        counts.increment(MarketCount.RESETS);
        counts.increment(MarketCount.EVENTS);
    }

    /**
     * Encode the next event into the proxy.
     *
     * @param transactTimeNs TransactTime of every message of the event.
     * @param small          the event must be at most {@link #SMALL_EVENT_MAX_LENGTH} bytes.
     * @return number of messages in the event.
     */
    public int nextEvent(final long transactTimeNs, final boolean small)
    {
        proxy.beginEvent(transactTimeNs);
        counts.increment(MarketCount.EVENTS);
        if (small)
        {
            smallEvent();
            atLeastOneMessage();
            return proxy.endEvent(false);
        }
        // an instrument with nothing to publish (an empty book after a channel reset) makes no message: the next
        // one is built in the same event, and when none has anything, the event is drawn as usual
        while (!pendingBuilds.isEmpty() && proxy.eventLength() == 0)
        {
            buildEvent(pendingBuilds.poll());
        }
        if (proxy.eventLength() > 0)
        {
            return proxy.endEvent(random.nextDouble() < TRAILING_END_OF_EVENT_PROBABILITY);
        }

        final double choice = random.nextDouble();
        Instrument touched = null;
        if (choice < STATUS_PROBABILITY)
        {
            statusEvent();
            return proxy.endEvent(false);
        }
        else if (choice < STATUS_PROBABILITY + DELETE_THRU_PROBABILITY)
        {
            touched = randomInstrument();
            deleteThruEvent(touched);
        }
        else if (choice < STATUS_PROBABILITY + DELETE_THRU_PROBABILITY + MULTI_QUOTE_PROBABILITY)
        {
            multiQuoteEvent();
        }
        else if (choice < STATUS_PROBABILITY + DELETE_THRU_PROBABILITY + MULTI_QUOTE_PROBABILITY + TRADE_PROBABILITY)
        {
            touched = randomInstrument();
            tradeEvent(touched);
        }
        else
        {
            touched = randomInstrument();
            quoteOperation(touched, true);
        }

        if (random.nextDouble() < impliedProbability)
        {
            impliedUpdate(touched != null ? touched : randomInstrument());
        }
        if (proxy.eventLength() == 0)
        {
            smallEvent();
            atLeastOneMessage();
        }
        return proxy.endEvent(random.nextDouble() < TRAILING_END_OF_EVENT_PROBABILITY);
    }

    /**
     * An event whose draw wrote nothing (no instrument published with a level to change) becomes a status event: a
     * packet without a message is not an MDP 3.0 packet, and the handler counts it as malformed.
     */
    private void atLeastOneMessage()
    {
        if (proxy.eventLength() == 0)
        {
            statusEvent();
        }
    }

    /**
     * Whether the outright books the feed has published so far equal the exchange's top levels, for the
     * simulator's self-check against the consumer view.
     */
    public boolean publishedEquals(final Instrument instrument, final MbpBook book)
    {
        if (!instrument.published)
        {
            return book.bids().count() == 0 && book.asks().count() == 0;
        }
        return sideEquals(instrument, instrument.bids, book.bids()) &&
            sideEquals(instrument, instrument.asks, book.asks());
    }

    private static boolean sideEquals(final Instrument instrument, final BookSide side, final MbpBook.Side view)
    {
        if (side.visibleCount() != view.count())
        {
            return false;
        }
        for (int i = 0; i < view.count(); i++)
        {
            if (instrument.mantissa(side.price(i)) != view.price(i) || side.size(i) != view.size(i) ||
                side.orders(i) != view.orders(i))
            {
                return false;
            }
        }
        return true;
    }

    private Instrument randomInstrument()
    {
        return instruments[random.nextInt(instruments.length)];
    }

    private void smallEvent()
    {
        final int start = random.nextInt(instruments.length);
        for (int i = 0; i < instruments.length; i++)
        {
            final Instrument instrument = instruments[(start + i) % instruments.length];
            final boolean bid = random.nextBoolean();
            final BookSide side = instrument.side(bid).visibleCount() > 0 ? instrument.side(bid) :
                instrument.side(!bid);
            if (instrument.published && side.visibleCount() > 0)
            {
                final int index = random.nextInt(side.visibleCount());
                if (publisher.withOrders(side))
                {
                    // one order's quantity changes, so that the event stays one 46 entry and one 47 entry
                    final LevelOrders queue = side.queue(index);
                    final int last = queue.quantity(queue.count() - 1);
                    publisher.change(
                        instrument, side, index, side.size(index) - last + randomSize(), side.orders(index));
                    return;
                }
                final int size = randomSize();
                publisher.change(instrument, side, index, size, randomOrders(size));
                return;
            }
        }
        final Instrument instrument = instruments[start];
        proxy.securityStatus(instrument.securityGroup, instrument.asset, instrument.securityId, tradeDate,
            instrument.status, HaltReason.GroupSchedule);
        counts.increment(MarketCount.STATUS_MESSAGES);
    }

    private void buildEvent(final Instrument instrument)
    {
        if (!instrument.published)
        {
            instrument.published = true;
            if (instrument.volume > 0)
            {
                proxy.volumeEntry((int)instrument.volume, instrument.securityId, instrument.nextRptSeq());
            }
            republish(instrument, instrument.bids);
            republish(instrument, instrument.asks);
            republish(instrument, instrument.impliedBids);
            republish(instrument, instrument.impliedAsks);
            if (orders != null)
            {
                orders.republish(instrument);
            }
            return;
        }
        replenish(instrument, instrument.bids);
        replenish(instrument, instrument.asks);
        for (int i = 0; i < instrument.impliedDepth; i++)
        {
            addImpliedLevel(instrument, instrument.impliedBids);
            addImpliedLevel(instrument, instrument.impliedAsks);
        }
    }

    private void republish(final Instrument instrument, final BookSide side)
    {
        for (int i = 0; i < side.visibleCount(); i++)
        {
            proxy.bookEntry(side.isImplied(), side.isBid(), MDUpdateAction.New, i + 1,
                instrument.mantissa(side.price(i)), side.size(i), side.orders(i), instrument.securityId,
                instrument.nextRptSeq());
        }
    }

    private void statusEvent()
    {
        final Instrument instrument = randomInstrument();
        if (random.nextDouble() < 0.2)
        {
            for (final Instrument other : instruments)
            {
                if (other.securityGroup.equals(instrument.securityGroup))
                {
                    other.status = SecurityTradingStatus.ReadyToTrade;
                }
            }
            proxy.securityStatus(instrument.securityGroup, instrument.asset, NULL_SECURITY_ID, tradeDate,
                SecurityTradingStatus.ReadyToTrade, HaltReason.GroupSchedule);
        }
        else if (instrument.status == SecurityTradingStatus.ReadyToTrade)
        {
            instrument.status = SecurityTradingStatus.TradingHalt;
            proxy.securityStatus(instrument.securityGroup, instrument.asset, instrument.securityId, tradeDate,
                SecurityTradingStatus.TradingHalt, HaltReason.SurveillanceIntervention);
        }
        else
        {
            instrument.status = SecurityTradingStatus.ReadyToTrade;
            proxy.securityStatus(instrument.securityGroup, instrument.asset, instrument.securityId, tradeDate,
                SecurityTradingStatus.ReadyToTrade, HaltReason.GroupSchedule);
        }
        counts.increment(MarketCount.STATUS_MESSAGES);
    }

    private void deleteThruEvent(final Instrument instrument)
    {
        final BookSide side = instrument.side(random.nextBoolean());
        if (publisher.withOrders(side))
        {
            orders.deleteSide(instrument, side);
        }
        side.clear();
        proxy.bookEntry(false, side.isBid(), MDUpdateAction.DeleteThru, 1, NULL_PRICE, 0, 0,
            instrument.securityId, instrument.nextRptSeq());
        counts.increment(MarketCount.DELETE_THRU);
        replenish(instrument, side);
    }

    private void multiQuoteEvent()
    {
        final int count = instruments.length == 1 ? 1 : 2 + random.nextInt(Math.min(5, instruments.length - 1));
        final int start = random.nextInt(instruments.length);
        final int stride = 1 + random.nextInt(Math.max(1, instruments.length - 1));
        int index = start;
        for (int i = 0; i < count; i++)
        {
            quoteOperation(instruments[index], false);
            index = (index + stride) % instruments.length;
            if (index == start)
            {
                break;
            }
        }
    }

    /**
     * One quote change on one instrument: size change, new level, cancel, top move or overlay.
     */
    private void quoteOperation(final Instrument instrument, final boolean allowPriceMoves)
    {
        instrument.fairTicks += random.nextGaussian() * 0.3;
        final BookSide side = instrument.side(random.nextBoolean());
        if (side.visibleCount() == 0)
        {
            addLevel(instrument, side);
            replenish(instrument, side);
            return;
        }

        final int choice = random.nextInt(allowPriceMoves ? 100 : 85);
        if (choice < 40)
        {
            final int index = random.nextInt(side.visibleCount());
            final int size = Math.max(1, side.size(index) + (int)(random.nextGaussian() * 20));
            publisher.change(instrument, side, index, size, Math.min(size, Math.max(1, side.orders(index) +
                random.nextInt(3) - 1)));
        }
        else if (choice < 65)
        {
            addLevel(instrument, side);
        }
        else if (choice < 85)
        {
            publisher.delete(instrument, side, random.nextInt(side.visibleCount()));
        }
        else if (choice < 95)
        {
            moveTop(instrument, side);
        }
        else
        {
            overlay(instrument, side);
        }
        replenish(instrument, side);
    }

    private void addLevel(final Instrument instrument, final BookSide side)
    {
        final BookSide other = instrument.side(!side.isBid());
        final int size = randomSize();
        final int orderCount = randomOrders(size);
        if (side.count() == 0)
        {
            final long price = firstPrice(instrument, side);
            if (price > 0)
            {
                publisher.insert(instrument, side, price, size, orderCount);
            }
            return;
        }

        final long best = side.price(0);
        if (other.count() > 0 && Math.abs(other.price(0) - best) > 1 && random.nextDouble() < 0.4)
        {
            final long spread = Math.abs(other.price(0) - best);
            final long step = 1 + random.nextLong(spread - 1);
            publisher.insert(instrument, side, side.isBid() ? best + step : best - step, size, orderCount);
            return;
        }

        for (int attempt = 0; attempt < 4; attempt++)
        {
            final long offset = random.nextInt(side.depth() + 2);
            final long price = side.isBid() ? best - offset : best + offset;
            if (price > 0 && side.insertionIndex(price) >= 0)
            {
                publisher.insert(instrument, side, price, size, orderCount);
                return;
            }
        }
    }

    private long firstPrice(final Instrument instrument, final BookSide side)
    {
        final BookSide other = instrument.side(!side.isBid());
        final long fair = Math.max(10, Math.round(instrument.fairTicks));
        if (side.isBid())
        {
            final long price = fair - 1 - random.nextInt(2);
            return other.count() > 0 ? Math.min(price, other.price(0) - 1) : price;
        }
        final long price = fair + 1 + random.nextInt(2);
        return other.count() > 0 ? Math.max(price, other.price(0) + 1) : price;
    }

    /**
     * The best level leaves and a new best one tick away arrives: Delete level 1, New level 1, as on the real feed.
     */
    private void moveTop(final Instrument instrument, final BookSide side)
    {
        final BookSide other = instrument.side(!side.isBid());
        final long top = side.price(0);
        final boolean improve = random.nextBoolean();
        final long price = side.isBid() == improve ? top + 1 : top - 1;
        publisher.delete(instrument, side, 0);
        final boolean crosses = other.count() > 0 && (side.isBid() ? price >= other.price(0) : price <= other.price(0));
        if (price > 0 && !crosses)
        {
            final int size = randomSize();
            publisher.insert(instrument, side, price, size, randomOrders(size));
        }
    }

    /**
     * A visible level takes a new price inside the gap to its neighbours: Overlay.
     */
    private void overlay(final Instrument instrument, final BookSide side)
    {
        final BookSide other = instrument.side(!side.isBid());
        final int index = random.nextInt(side.visibleCount());
        final long price = side.price(index);
        final long better = index > 0 ? side.price(index - 1) : (other.count() > 0 ? other.price(0) : 0);
        final long worse = index + 1 < side.count() ? side.price(index + 1) : (side.isBid() ? 0 : Long.MAX_VALUE / 4);
        final long candidate = random.nextBoolean() ? price + 1 : price - 1;
        final boolean inside = side.isBid() ?
            candidate > worse && (better == 0 || candidate < better) :
            candidate < worse && (better == 0 || candidate > better);
        if (!inside || candidate <= 0)
        {
            return;
        }
        final int size = randomSize();
        final int orderCount = randomOrders(size);
        if (publisher.withOrders(side))
        {
            orders.overlay(instrument, side, index, candidate, size, orderCount);
        }
        side.set(index, candidate, size, orderCount);
        proxy.bookEntry(side.isImplied(), side.isBid(), MDUpdateAction.Overlay, index + 1,
            instrument.mantissa(candidate), size, orderCount, instrument.securityId, instrument.nextRptSeq());
        counts.increment(MarketCount.OVERLAYS);
    }

    private void tradeEvent(final Instrument instrument)
    {
        final long bestBid = instrument.bids.count() > 0 ? instrument.bids.price(0) : Long.MIN_VALUE;
        final long bestAsk = instrument.asks.count() > 0 ? instrument.asks.price(0) : Long.MIN_VALUE;
        final double bias = bestBid == Long.MIN_VALUE || bestAsk == Long.MIN_VALUE ? 0 :
            Math.max(-0.3, Math.min(0.3, (instrument.fairTicks - (bestBid + bestAsk) / 2.0) * 0.1));
        final boolean buy = random.nextDouble() < 0.5 + bias;
        final BookSide resting = instrument.side(!buy);
        if (resting.visibleCount() == 0 || instrument.status != SecurityTradingStatus.ReadyToTrade)
        {
            quoteOperation(instrument, true);
            return;
        }

        final AggressorSide aggressor = buy ? AggressorSide.Buy : AggressorSide.Sell;
        final boolean sweep = resting.visibleCount() >= 3 && random.nextDouble() < SWEEP_PROBABILITY;
        final int swept = sweep ? 1 + random.nextInt(Math.min(3, resting.visibleCount() - 1)) : 0;
        long traded = 0;
        for (int i = 0; i < swept; i++)
        {
            proxy.tradeEntry(instrument.mantissa(resting.price(i)), resting.size(i), resting.orders(i) + 1, aggressor,
                nextTradeId++, instrument.securityId, instrument.nextRptSeq());
            traded += resting.size(i);
        }

        final int partialSize = resting.size(swept);
        final int partial;
        if (sweep)
        {
            partial = partialSize > 1 && random.nextBoolean() ? 1 + random.nextInt(partialSize - 1) : 0;
        }
        else
        {
            partial = partialSize == 1 || random.nextDouble() < 0.3 ? partialSize :
                1 + random.nextInt(partialSize - 1);
        }
        final int partialOrders = partial == partialSize ? resting.orders(swept) :
            Math.min(resting.orders(swept) - 1, 1 + random.nextInt(2));
        if (partial > 0)
        {
            proxy.tradeEntry(instrument.mantissa(resting.price(swept)), partial, partialOrders + 1, aggressor,
                nextTradeId++, instrument.securityId, instrument.nextRptSeq());
            traded += partial;
        }

        instrument.volume += traded;
        proxy.volumeEntry((int)instrument.volume, instrument.securityId, instrument.nextRptSeq());

        if (swept == 1)
        {
            publisher.delete(instrument, resting, 0);
        }
        else if (swept > 1)
        {
            publisher.deleteFrom(instrument, resting, swept);
            counts.increment(MarketCount.DELETE_FROM);
        }
        if (partial > 0)
        {
            if (partial == resting.size(0))
            {
                publisher.delete(instrument, resting, 0);
            }
            else
            {
                publisher.change(instrument, resting, 0, resting.size(0) - partial,
                    Math.max(1, resting.orders(0) - partialOrders), true);
            }
        }
        replenish(instrument, resting);
        instrument.fairTicks += buy ? 0.3 : -0.3;
        counts.increment(MarketCount.TRADES);
        if (sweep)
        {
            counts.increment(MarketCount.SWEEPS);
        }
    }

    private void impliedUpdate(final Instrument instrument)
    {
        if (!instrument.published || instrument.bids.count() == 0 || instrument.asks.count() == 0)
        {
            return;
        }
        final BookSide side = instrument.impliedSide(random.nextBoolean());
        if (side.count() < side.depth())
        {
            addImpliedLevel(instrument, side);
        }
        else if (random.nextBoolean())
        {
            final int index = random.nextInt(side.count());
            final int size = randomSize();
            publisher.change(instrument, side, index, size, randomOrders(size));
        }
        else
        {
            publisher.delete(instrument, side, 0);
            addImpliedLevel(instrument, side);
        }
        counts.increment(MarketCount.IMPLIED_UPDATES);
    }

    private void addImpliedLevel(final Instrument instrument, final BookSide side)
    {
        final BookSide outright = instrument.side(side.isBid());
        final long anchor = side.count() > 0 ? side.price(side.count() - 1) :
            (outright.count() > 0 ? outright.price(0) : Math.round(instrument.fairTicks));
        final long step = 1 + random.nextInt(3);
        final long price = side.isBid() ? anchor - step : anchor + step;
        if (price > 0)
        {
            final int size = randomSize();
            publisher.insert(instrument, side, price, size, randomOrders(size));
        }
    }

    /**
     * Keep at least depth + 2 levels: levels appended inside the published depth are sent as New.
     */
    private void replenish(final Instrument instrument, final BookSide side)
    {
        while (side.count() < side.depth() + 2)
        {
            final long price;
            if (side.count() == 0)
            {
                price = firstPrice(instrument, side);
            }
            else
            {
                final long worst = side.price(side.count() - 1);
                final long step = 1 + random.nextInt(3);
                price = side.isBid() ? worst - step : worst + step;
            }
            if (price <= 0)
            {
                return;
            }
            final int size = randomSize();
            if (!publisher.insert(instrument, side, price, size, randomOrders(size)))
            {
                return;
            }
        }
    }

    private int randomSize()
    {
        final double u = random.nextDouble();
        return 1 + (int)(u * u * 250);
    }

    private int randomOrders(final int size)
    {
        return 1 + random.nextInt(Math.min(size, orders != null ? OrderFlow.MAX_ORDERS_PER_LEVEL : 25));
    }
}
