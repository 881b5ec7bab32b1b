package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.AddOrderEncoder;
import io.xdpfeed.codecs.itch.AddOrderMpidEncoder;
import io.xdpfeed.codecs.itch.MessageBlockEncoder;
import io.xdpfeed.codecs.itch.MoldUdp64HeaderEncoder;
import io.xdpfeed.codecs.itch.OrderCancelEncoder;
import io.xdpfeed.codecs.itch.OrderDeleteEncoder;
import io.xdpfeed.codecs.itch.OrderExecutedEncoder;
import io.xdpfeed.codecs.itch.OrderExecutedWithPriceEncoder;
import io.xdpfeed.codecs.itch.OrderReplaceEncoder;
import io.xdpfeed.codecs.itch.Side;
import io.xdpfeed.codecs.itch.StockDirectoryEncoder;
import io.xdpfeed.codecs.itch.StockTradingActionEncoder;
import io.xdpfeed.codecs.itch.SystemEventEncoder;
import io.xdpfeed.codecs.itch.Timestamp48Encoder;
import io.xdpfeed.codecs.itch.TradeEncoder;
import io.xdpfeed.handler.protocol.SyntheticPackets;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Synthetic ITCH 5.0 over MoldUDP64 for the start-up warm-up ({@link ItchProtocol#warmUpPackets}): one session of
 * {@link #INSTRUMENTS} instruments (stock locates from {@link #FIRST_LOCATE}). The first datagram holds the system
 * events, a stock directory and a trading action per instrument; every later one 1-3 order messages, as the
 * simulator's: adds with and without MPID (half within 8 ticks of the instrument's price, half up to 60 ticks away,
 * so that sides run deeper than the ladder and hidden orders come back up), executions with and without price,
 * partial cancels, deletes, replaces and non-cross trades of the generator's own live orders (at most
 * {@link #MAX_LIVE}), so that every path of the builder, the channel's books and the publisher runs as on live
 * traffic. MoldUDP64 sequence numbers from 1, in sequence. Written with the generated encoders; one thread; no
 * allocation per datagram.
 */
final class ItchWarmUpPackets implements SyntheticPackets
{
    /** Instruments of the synthetic session. */
    static final int INSTRUMENTS = 4;
    /** The first synthetic stock locate code. */
    static final int FIRST_LOCATE = 60_001;
    /** Most live orders the generator keeps. */
    static final int MAX_LIVE = 1024;

    private static final byte[] SESSION = "WARMUP0001".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MPID = "WARM".getBytes(StandardCharsets.US_ASCII);
    private static final long MID_PRICE4 = 1_000_000;
    private static final long TICK4 = 100;
    private static final long START_NS = 34_200_000_000_000L;

    private final SplittableRandom random;
    private final byte[][] symbols = new byte[INSTRUMENTS][];
    private final long[] references = new long[MAX_LIVE];
    private final int[] locates = new int[MAX_LIVE];
    private final boolean[] bids = new boolean[MAX_LIVE];
    private final long[] prices = new long[MAX_LIVE];
    private final long[] shares = new long[MAX_LIVE];
    private int live;
    private long nextReference = 1;
    private long sequence = 1;
    private long matchNumber;
    private long timestampNs = START_NS;
    private boolean started;

    private final MoldUdp64HeaderEncoder header = new MoldUdp64HeaderEncoder();
    private final MessageBlockEncoder block = new MessageBlockEncoder();
    private final SystemEventEncoder systemEvent = new SystemEventEncoder();
    private final StockDirectoryEncoder directory = new StockDirectoryEncoder();
    private final StockTradingActionEncoder tradingAction = new StockTradingActionEncoder();
    private final AddOrderEncoder addOrder = new AddOrderEncoder();
    private final AddOrderMpidEncoder addOrderMpid = new AddOrderMpidEncoder();
    private final OrderExecutedEncoder executed = new OrderExecutedEncoder();
    private final OrderExecutedWithPriceEncoder executedWithPrice = new OrderExecutedWithPriceEncoder();
    private final OrderCancelEncoder cancel = new OrderCancelEncoder();
    private final OrderDeleteEncoder delete = new OrderDeleteEncoder();
    private final OrderReplaceEncoder replace = new OrderReplaceEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private MutableDirectBuffer buffer;
    private int position;
    private int count;

    /**
     * @param seed of the order flow.
     */
    ItchWarmUpPackets(final long seed)
    {
        this.random = new SplittableRandom(seed);
        for (int i = 0; i < INSTRUMENTS; i++)
        {
            symbols[i] = String.format("WARM%-4d", i + 1).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * {@inheritDoc}
     */
    public int next(final MutableDirectBuffer buffer, final long sendingTimeNs)
    {
        this.buffer = buffer;
        header.wrap(buffer, 0).putSession(SESSION, 0).sequenceNumber(sequence).messageCount(0);
        position = MoldUdp64HeaderEncoder.BLOCK_LENGTH;
        count = 0;
        timestampNs += 1_000 + random.nextInt(50_000);
        if (!started)
        {
            started = true;
            systemEvent((byte)'O');
            systemEvent((byte)'S');
            for (int i = 0; i < INSTRUMENTS; i++)
            {
                stockDirectory(i);
            }
            systemEvent((byte)'Q');
        }
        else
        {
            final int messages = 1 + random.nextInt(3);
            for (int i = 0; i < messages; i++)
            {
                orderMessage();
            }
        }
        sequence += count;
        return position;
    }

    /**
     * @return orders the generator holds live (what a builder fed its packets holds).
     */
    int liveOrders()
    {
        return live;
    }

    private void orderMessage()
    {
        final int choice = random.nextInt(100);
        if (live < 16 || (choice < 40 && live < MAX_LIVE))
        {
            add();
            return;
        }
        final int index = random.nextInt(live);
        if (choice < 52)
        {
            final long executedShares = 1 + random.nextLong(shares[index]);
            final int offset = next(OrderExecutedEncoder.BLOCK_LENGTH);
            executed.wrap(buffer, offset).messageType((byte)'E').stockLocate(locates[index]).trackingNumber(0);
            timestamp(executed.timestamp());
            executed.orderReferenceNumber(references[index]).executedShares(executedShares).matchNumber(++matchNumber);
            reduce(index, executedShares);
        }
        else if (choice < 58)
        {
            final long executedShares = 1 + random.nextLong(shares[index]);
            final int offset = next(OrderExecutedWithPriceEncoder.BLOCK_LENGTH);
            executedWithPrice.wrap(buffer, offset).messageType((byte)'C').stockLocate(locates[index])
                .trackingNumber(0);
            timestamp(executedWithPrice.timestamp());
            executedWithPrice.orderReferenceNumber(references[index]).executedShares(executedShares)
                .matchNumber(++matchNumber).printable((byte)(random.nextBoolean() ? 'Y' : 'N'))
                .executionPrice(prices[index] + (bids[index] ? -TICK4 : TICK4));
            reduce(index, executedShares);
        }
        else if (choice < 70 && shares[index] > 1)
        {
            final long cancelled = 1 + random.nextLong(shares[index] - 1);
            final int offset = next(OrderCancelEncoder.BLOCK_LENGTH);
            cancel.wrap(buffer, offset).messageType((byte)'X').stockLocate(locates[index]).trackingNumber(0);
            timestamp(cancel.timestamp());
            cancel.orderReferenceNumber(references[index]).cancelledShares(cancelled);
            shares[index] -= cancelled;
        }
        else if (choice < 85)
        {
            final int offset = next(OrderDeleteEncoder.BLOCK_LENGTH);
            delete.wrap(buffer, offset).messageType((byte)'D').stockLocate(locates[index]).trackingNumber(0);
            timestamp(delete.timestamp());
            delete.orderReferenceNumber(references[index]);
            forget(index);
        }
        else if (choice < 95)
        {
            final long reference = nextReference++;
            final long price = price(locates[index] - FIRST_LOCATE, bids[index]);
            final long newShares = 100L * (1 + random.nextInt(20));
            final int offset = next(OrderReplaceEncoder.BLOCK_LENGTH);
            replace.wrap(buffer, offset).messageType((byte)'U').stockLocate(locates[index]).trackingNumber(0);
            timestamp(replace.timestamp());
            replace.originalOrderReferenceNumber(references[index]).newOrderReferenceNumber(reference)
                .shares(newShares).price(price);
            references[index] = reference;
            prices[index] = price;
            shares[index] = newShares;
        }
        else
        {
            final int instrument = locates[index] - FIRST_LOCATE;
            final int offset = next(TradeEncoder.BLOCK_LENGTH);
            trade.wrap(buffer, offset).messageType((byte)'P').stockLocate(locates[index]).trackingNumber(0);
            timestamp(trade.timestamp());
            trade.orderReferenceNumber(0).buySellIndicator(random.nextBoolean() ? Side.BUY : Side.SELL)
                .shares(100).putStock(symbols[instrument], 0).price(MID_PRICE4).matchNumber(++matchNumber);
        }
    }

    private void add()
    {
        final int instrument = random.nextInt(INSTRUMENTS);
        final boolean bid = random.nextBoolean();
        final long price = price(instrument, bid);
        final long orderShares = 100L * (1 + random.nextInt(20));
        final long reference = nextReference++;
        final int locate = FIRST_LOCATE + instrument;
        final Side side = bid ? Side.BUY : Side.SELL;
        if (random.nextInt(4) == 0)
        {
            final int offset = next(AddOrderMpidEncoder.BLOCK_LENGTH);
            addOrderMpid.wrap(buffer, offset).messageType((byte)'F').stockLocate(locate).trackingNumber(0);
            timestamp(addOrderMpid.timestamp());
            addOrderMpid.orderReferenceNumber(reference).buySellIndicator(side).shares(orderShares)
                .putStock(symbols[instrument], 0).price(price).putAttribution(MPID, 0);
        }
        else
        {
            final int offset = next(AddOrderEncoder.BLOCK_LENGTH);
            addOrder.wrap(buffer, offset).messageType((byte)'A').stockLocate(locate).trackingNumber(0);
            timestamp(addOrder.timestamp());
            addOrder.orderReferenceNumber(reference).buySellIndicator(side).shares(orderShares)
                .putStock(symbols[instrument], 0).price(price);
        }
        references[live] = reference;
        locates[live] = locate;
        bids[live] = bid;
        prices[live] = price;
        shares[live] = orderShares;
        live++;
    }

    /**
     * @return a Price4 on the side: half within 8 ticks of the instrument's price, half 9 to 60 ticks away (sides
     * deeper than the ladder, so that orders are hidden below it and come back up).
     */
    private long price(final int instrument, final boolean bid)
    {
        final int ticks = random.nextBoolean() ? 9 + random.nextInt(52) : random.nextInt(9);
        final long mid = MID_PRICE4 + instrument * 100 * TICK4;
        return bid ? mid - (1 + ticks) * TICK4 : mid + (1 + ticks) * TICK4;
    }

    private void reduce(final int index, final long executedShares)
    {
        shares[index] -= executedShares;
        if (shares[index] <= 0)
        {
            forget(index);
        }
    }

    private void forget(final int index)
    {
        final int last = --live;
        references[index] = references[last];
        locates[index] = locates[last];
        bids[index] = bids[last];
        prices[index] = prices[last];
        shares[index] = shares[last];
    }

    private void systemEvent(final byte code)
    {
        final int offset = next(SystemEventEncoder.BLOCK_LENGTH);
        systemEvent.wrap(buffer, offset).messageType((byte)'S').stockLocate(0).trackingNumber(0);
        timestamp(systemEvent.timestamp());
        systemEvent.eventCode(code);
    }

    private void stockDirectory(final int instrument)
    {
        final int locate = FIRST_LOCATE + instrument;
        final int offset = next(StockDirectoryEncoder.BLOCK_LENGTH);
        directory.wrap(buffer, offset).messageType((byte)'R').stockLocate(locate).trackingNumber(0);
        timestamp(directory.timestamp());
        directory.putStock(symbols[instrument], 0).marketCategory((byte)'Q').financialStatusIndicator((byte)'N')
            .roundLotSize(100).roundLotsOnly((byte)'N').issueClassification((byte)'C').issueSubType("Z ")
            .authenticity((byte)'P').shortSaleThresholdIndicator((byte)'N').ipoFlag((byte)'N')
            .luldReferencePriceTier((byte)'1').etpFlag((byte)'N').etpLeverageFactor(0).inverseIndicator((byte)'N');
        final int actionOffset = next(StockTradingActionEncoder.BLOCK_LENGTH);
        tradingAction.wrap(buffer, actionOffset).messageType((byte)'H').stockLocate(locate).trackingNumber(0);
        timestamp(tradingAction.timestamp());
        tradingAction.putStock(symbols[instrument], 0).tradingState((byte)'T').reserved((byte)' ').reason("    ");
    }

    private int next(final int length)
    {
        block.wrap(buffer, position).messageLength(length);
        final int offset = position + MessageBlockEncoder.BLOCK_LENGTH;
        position = offset + length;
        header.messageCount(++count);
        return offset;
    }

    private void timestamp(final Timestamp48Encoder timestamp)
    {
        timestamp.high((int)(timestampNs >>> 32) & 0xFFFF).low(timestampNs & 0xFFFF_FFFFL);
    }
}
