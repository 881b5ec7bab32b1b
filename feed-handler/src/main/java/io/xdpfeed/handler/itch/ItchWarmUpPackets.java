package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.common.time.TimeOfDay;
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
 * traffic. MoldUDP64 sequence numbers from 1, in sequence; the messages are stamped with the time of day (US Eastern)
 * of the sending time {@link #next} is given, or, given 0, with a clock of their own from 09:30. Written by the codecs' {@link ItchPacketWriter} (the
 * simulator's writer) into the buffer it is handed; one thread; no allocation per datagram.
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
    private final ItchPacketWriter writer = new ItchPacketWriter();
    private final TimeOfDay easternTime = new TimeOfDay(TimeOfDay.US_EASTERN);
    private int live;
    private long nextReference = 1;
    private long sequence = 1;
    private long matchNumber;
    private long timestampNs = START_NS;
    private boolean started;

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
        writer.wrap(buffer).begin(SESSION, sequence);
        final long stepNs = 1_000 + random.nextInt(50_000);
        // stamped at the sending time, as the engine reads it back (the wire tier then sees what it sees live)
        timestampNs = sendingTimeNs == 0 ? timestampNs + stepNs : easternTime.nsSinceMidnight(sendingTimeNs);
        if (!started)
        {
            started = true;
            writer.systemEvent(timestampNs, 'O').systemEvent(timestampNs, 'S');
            for (int i = 0; i < INSTRUMENTS; i++)
            {
                writer.stockDirectory(FIRST_LOCATE + i, timestampNs, symbols[i])
                    .tradingAction(FIRST_LOCATE + i, timestampNs, symbols[i], 'T');
            }
            writer.systemEvent(timestampNs, 'Q');
        }
        else
        {
            final int messages = 1 + random.nextInt(3);
            for (int i = 0; i < messages; i++)
            {
                orderMessage();
            }
        }
        sequence += writer.messageCount();
        return writer.length();
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
            writer.executed(locates[index], timestampNs, references[index], executedShares, ++matchNumber);
            reduce(index, executedShares);
        }
        else if (choice < 58)
        {
            final long executedShares = 1 + random.nextLong(shares[index]);
            writer.executedWithPrice(locates[index], timestampNs, references[index], executedShares, ++matchNumber,
                random.nextBoolean(), prices[index] + (bids[index] ? -TICK4 : TICK4));
            reduce(index, executedShares);
        }
        else if (choice < 70 && shares[index] > 1)
        {
            final long cancelled = 1 + random.nextLong(shares[index] - 1);
            writer.cancel(locates[index], timestampNs, references[index], cancelled);
            shares[index] -= cancelled;
        }
        else if (choice < 85)
        {
            writer.delete(locates[index], timestampNs, references[index]);
            forget(index);
        }
        else if (choice < 95)
        {
            final long reference = nextReference++;
            final long price = price(locates[index] - FIRST_LOCATE, bids[index]);
            final long newShares = 100L * (1 + random.nextInt(20));
            writer.replace(locates[index], timestampNs, references[index], reference, newShares, price);
            references[index] = reference;
            prices[index] = price;
            shares[index] = newShares;
        }
        else
        {
            final int instrument = locates[index] - FIRST_LOCATE;
            writer.trade(locates[index], timestampNs, 0, random.nextBoolean(), 100, symbols[instrument], MID_PRICE4,
                ++matchNumber);
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
        writer.addOrder(locate, timestampNs, reference, bid, orderShares, symbols[instrument], price,
            random.nextInt(4) == 0 ? MPID : null);
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
}
