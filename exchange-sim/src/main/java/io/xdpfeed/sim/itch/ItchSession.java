package io.xdpfeed.sim.itch;

import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.RandomStream;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.wire.DatagramSink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One seeded ITCH 5.0 session over MoldUDP64, sent as the same packets on lines A and B.
 * <p>
 * Packets, in order: start of messages and start of system hours; a stock directory (R) and a trading action
 * "trading" (H) per instrument; start of market hours; then {@code packets} order-flow packets of 1 to 3 messages
 * each (add with and without MPID, executed, executed with price, cancel, delete, replace, non-cross trade, in a
 * fixed mix chosen by the seed); end of market hours, end of system hours, end of messages; and an end-of-session
 * packet (message count 0xFFFF). Every event is applied to the {@link ItchTruth} as it is generated.
 * <p>
 * Operational halts: {@code operationalHalts} times a stock is halted on the Nasdaq market center (an h message, action
 * H, market code Q, at the start of an order-flow packet) and resumed (action T) up to half the session
 * later, or not before the session ends; where, which stock and how long come from a random stream of their own, so
 * the order flow is the same with or without them (its sequence numbers move by the halts' messages). The order flow
 * goes on during a halt: the simulator does not model what a halt stops, only the status the feed tells.
 * <p>
 * Imbalance indicators: {@code imbalances} net order imbalance indicators (I) of the closing cross, spread evenly over
 * the last quarter of the order-flow packets (first in their packet), each of a stock drawn from a random stream of
 * its own: the shares of its live buy and sell orders paired and the rest as the imbalance (insufficient orders when a
 * side has none), its mid as the reference price, the near price a tick toward the imbalance, no far price.
 * <p>
 * Loss: a packet is dropped on line A with probability {@code lossA}, else on line B with probability
 * {@code lossB}; a receiver that merges the lines by sequence number sees those messages. {@code lossBothBursts}
 * bursts of 1..{@code burstLength} order-flow packets are lost on both lines: only recovery (a MoldUDP64 re-request,
 * a GLIMPSE snapshot) gets them back. The fault draws have their own random streams: they never change the packets
 * or the truth. Every packet, lost or not, goes to the {@link ItchMessageLog} when one is given (what the
 * retransmission and snapshot servers serve from).
 */
public final class ItchSession
{
    /** The session id every packet carries. */
    public static final String SESSION = "XDPFEED001";
    /** 09:30 (start of market hours) in ns since midnight: the first order-flow timestamp. */
    public static final long MARKET_OPEN_NS = 34_200_000_000_000L;
    /** Start of the synthetic clock in ns since the epoch when none is given: 2026-01-05T14:30:00Z (09:30 New York). */
    public static final long DEFAULT_START_EPOCH_NS = 1_767_623_400_000_000_000L;

    private static final long TICK4 = 100;

    private final Settings settings;
    private final SplittableRandom random;
    private final SplittableRandom faults;
    private final ItchTruth truth = new ItchTruth();
    private final ItchPacketWriter writer = new ItchPacketWriter();
    private final ItchMessageLog log;
    private final long[] burstStarts;
    private final long[] burstEnds;
    private final Halt[] halts;
    private final SplittableRandom imbalanceStocks;
    private long orderFlowPacket = -1;
    private long lostOnBoth;
    private long messagesLostOnBoth;
    private final String[] symbols;
    private final long[] mids;
    private final List<List<Long>> live = new ArrayList<>();
    private final Map<Long, Integer> livePosition = new HashMap<>();
    private DatagramSink[] sinks;
    private long sequence = 1;
    private long timestampNs;
    private long nextOrderId = 1;
    private long matchNumber = 1;
    private long packets;
    private long messages;
    private long lostOnA;
    private long lostOnB;
    private final long[] messagesByType = new long[128];

    /**
     * What a session is made of.
     *
     * @param instruments  instruments, stock locate codes 1..instruments.
     * @param packets      order-flow packets.
     * @param seed         of every random choice.
     * @param lossA        probability a packet is lost on line A only.
     * @param lossB        probability a packet is lost on line B only.
     * @param startEpochNs epoch time of 09:30 (pcap timestamps).
     * @param channel      group:port of lines A (INCREMENTAL_A) and B (INCREMENTAL_B).
     * @param lossBothBursts bursts of order-flow packets lost on both lines.
     * @param burstLength    longest burst, packets (each is 1..burstLength).
     * @param operationalHalts operational halts of a stock (h, halted then resumed).
     * @param imbalances       net order imbalance indicators (I) before the closing cross.
     */
    public record Settings(
        int instruments, long packets, long seed, double lossA, double lossB, long startEpochNs, ChannelConfig channel,
        int lossBothBursts, int burstLength, int operationalHalts, int imbalances)
    {
        /**
         * Checks the ranges.
         */
        public Settings
        {
            if (instruments < 1 || instruments > 65_535)
            {
                throw new IllegalArgumentException("--instruments " + instruments + " is not in 1..65535");
            }
            if (lossA < 0 || lossB < 0 || lossA + lossB > 1)
            {
                throw new IllegalArgumentException("--loss-a + --loss-b must be in 0..1: " + lossA + " + " + lossB);
            }
            if (lossBothBursts < 0 || burstLength < 1)
            {
                throw new IllegalArgumentException("--loss-both-bursts " + lossBothBursts + " / --burst-length " +
                    burstLength + ": at least 0 bursts of at least 1 packet");
            }
            if (operationalHalts < 0)
            {
                throw new IllegalArgumentException("--operational-halts " + operationalHalts + " is negative");
            }
            if (imbalances < 0 || imbalances > packets / 4)
            {
                throw new IllegalArgumentException("--imbalances " + imbalances + " is not in 0..a quarter of " +
                    "--packets (" + packets / 4 + ")");
            }
        }

        /**
         * Without operational halts or imbalance indicators.
         *
         * @param instruments    instruments, stock locate codes 1..instruments.
         * @param packets        order-flow packets.
         * @param seed           of every random choice.
         * @param lossA          probability a packet is lost on line A only.
         * @param lossB          probability a packet is lost on line B only.
         * @param startEpochNs   epoch time of 09:30 (pcap timestamps).
         * @param channel        group:port of lines A (INCREMENTAL_A) and B (INCREMENTAL_B).
         * @param lossBothBursts bursts of order-flow packets lost on both lines.
         * @param burstLength    longest burst, packets (each is 1..burstLength).
         */
        public Settings(
            final int instruments, final long packets, final long seed, final double lossA, final double lossB,
            final long startEpochNs, final ChannelConfig channel, final int lossBothBursts, final int burstLength)
        {
            this(instruments, packets, seed, lossA, lossB, startEpochNs, channel, lossBothBursts, burstLength, 0, 0);
        }

        /**
         * Without loss on both lines.
         *
         * @param instruments  instruments, stock locate codes 1..instruments.
         * @param packets      order-flow packets.
         * @param seed         of every random choice.
         * @param lossA        probability a packet is lost on line A only.
         * @param lossB        probability a packet is lost on line B only.
         * @param startEpochNs epoch time of 09:30 (pcap timestamps).
         * @param channel      group:port of lines A (INCREMENTAL_A) and B (INCREMENTAL_B).
         */
        public Settings(
            final int instruments, final long packets, final long seed, final double lossA, final double lossB,
            final long startEpochNs, final ChannelConfig channel)
        {
            this(instruments, packets, seed, lossA, lossB, startEpochNs, channel, 0, 5);
        }

        /**
         * @return lines A and B at ITCH-like default groups and ports (239.77.18.1:26400, 239.77.18.2:26401).
         */
        public static ChannelConfig defaultChannel()
        {
            return ChannelConfig.defaults()
                .withLine(SimLine.INCREMENTAL_A, "239.77.18.1:26400")
                .withLine(SimLine.INCREMENTAL_B, "239.77.18.2:26401");
        }
    }

    /**
     * An operational halt of the session: the stock, the order-flow packet it starts at and the one it ends at (past
     * the last: not before the session's end).
     */
    private record Halt(int locate, long start, long end)
    {
    }

    /**
     * @param settings of the session.
     */
    public ItchSession(final Settings settings)
    {
        this(settings, null);
    }

    /**
     * @param settings of the session.
     * @param log      receives every packet's messages, lost or not (null: none kept).
     */
    public ItchSession(final Settings settings, final ItchMessageLog log)
    {
        this.settings = settings;
        this.log = log;
        final SplittableRandom bursts = RandomStream.BURSTS.of(settings.seed());
        burstStarts = new long[settings.lossBothBursts()];
        burstEnds = new long[settings.lossBothBursts()];
        for (int i = 0; i < burstStarts.length && settings.packets() > 0; i++)
        {
            burstStarts[i] = bursts.nextLong(settings.packets());
            burstEnds[i] = burstStarts[i] + 1 + bursts.nextInt(settings.burstLength());
        }
        final SplittableRandom halts = RandomStream.HALTS.of(settings.seed());
        this.halts = new Halt[settings.packets() > 0 ? settings.operationalHalts() : 0];
        for (int i = 0; i < this.halts.length; i++)
        {
            final long start = halts.nextLong(settings.packets());
            final long end = start + 1 + halts.nextLong(settings.packets());
            this.halts[i] = new Halt(1 + halts.nextInt(settings.instruments()), start, end);
        }
        imbalanceStocks = RandomStream.IMBALANCES.of(settings.seed());
        random = RandomStream.MARKET.of(settings.seed());
        faults = RandomStream.FAULTS.of(settings.seed());
        symbols = new String[settings.instruments() + 1];
        mids = new long[settings.instruments() + 1];
        live.add(null);
        for (int locate = 1; locate <= settings.instruments(); locate++)
        {
            symbols[locate] = "SIM" + locate;
            mids[locate] = 1_000_000 + (locate % 50) * 100_000L; // $100.00, $110.00, ...
            live.add(new ArrayList<>());
        }
    }

    /**
     * Generate the whole session into the sinks.
     *
     * @param sinks receive every datagram, line A and B copies in send order.
     * @return the truth at the end of the session.
     */
    public ItchTruth run(final DatagramSink... sinks)
    {
        this.sinks = sinks;
        timestampNs = MARKET_OPEN_NS - 1_000_000_000L;
        begin();
        writer.systemEvent(tick(), 'O').systemEvent(tick(), 'S');
        send();
        begin();
        for (int locate = 1; locate <= settings.instruments(); locate++)
        {
            if (!writer.fits(80))
            {
                send();
                begin();
            }
            writer.stockDirectory(locate, tick(), symbols[locate]);
            truth.define(locate, symbols[locate]);
            writer.tradingAction(locate, tick(), symbols[locate], 'T');
            count('R');
            count('H');
        }
        send();
        timestampNs = MARKET_OPEN_NS;
        begin();
        writer.systemEvent(timestampNs, 'Q');
        send();
        for (long p = 0; p < settings.packets(); p++)
        {
            orderFlowPacket = p;
            begin();
            operationalHalts(p);
            imbalance(p);
            final int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++)
            {
                event();
            }
            send();
        }
        orderFlowPacket = -1;
        begin();
        writer.systemEvent(tick(), 'M').systemEvent(tick(), 'E').systemEvent(tick(), 'C');
        send();
        writer.begin(SESSION, sequence).endOfSession();
        emit();
        for (final DatagramSink sink : sinks)
        {
            sink.flush();
        }
        return truth;
    }

    /**
     * The h messages of the halts that start or end at this order-flow packet, first in it.
     */
    private void operationalHalts(final long packet)
    {
        for (final Halt halt : halts)
        {
            final boolean start = halt.start() == packet;
            if (start || halt.end() == packet)
            {
                final int locate = halt.locate();
                writer.operationalHalt(locate, asideTick(), symbols[locate], 'Q', start ? 'H' : 'T');
                truth.operationalHalt(locate, (byte)'Q', start);
                count('h');
                sequence++;
            }
        }
    }

    /**
     * The imbalance indicator of this order-flow packet, if one falls on it.
     */
    private void imbalance(final long packet)
    {
        // the i-th of n falls on packet first + floor(i * span / n): at most one a packet, as n <= span
        final long span = settings.packets() / 4;
        final long k = packet - (settings.packets() - span);
        final long n = settings.imbalances();
        if (n == 0 || k < 0 || (k * n + span - 1) / span == ((k + 1) * n + span - 1) / span)
        {
            return;
        }
        final int locate = 1 + imbalanceStocks.nextInt(settings.instruments());
        long buy = 0;
        long sell = 0;
        for (final long orderId : live.get(locate))
        {
            final ItchTruth.Order order = truth.order(orderId);
            if (order.buy())
            {
                buy += order.shares();
            }
            else
            {
                sell += order.shares();
            }
        }
        final ItchTruth.Imbalance imbalance;
        if (buy == 0 || sell == 0)
        {
            imbalance = new ItchTruth.Imbalance(locate, 0, 0, 'O', 0);
            writer.netOrderImbalance(locate, asideTick(), symbols[locate], 0, 0, 'O', 0, 0, 0, 'C', ' ');
        }
        else
        {
            final char direction = buy > sell ? 'B' : sell > buy ? 'S' : 'N';
            final long near = mids[locate] + (direction == 'B' ? TICK4 : direction == 'S' ? -TICK4 : 0);
            imbalance = new ItchTruth.Imbalance(locate, Math.min(buy, sell), Math.abs(buy - sell), direction,
                mids[locate]);
            writer.netOrderImbalance(locate, asideTick(), symbols[locate], imbalance.pairedShares(),
                imbalance.imbalanceShares(), direction, mids[locate], near, 0, 'C', 'L');
        }
        truth.imbalance(imbalance);
        count('I');
        sequence++;
    }

    private void event()
    {
        final int locate = 1 + random.nextInt(settings.instruments());
        final List<Long> orders = live.get(locate);
        final int roll = orders.size() < 10 ? 0 : random.nextInt(100);
        if (random.nextInt(10) == 0)
        {
            mids[locate] += random.nextBoolean() ? TICK4 : -TICK4;
        }
        if (roll < 40)
        {
            add(locate);
            return;
        }
        final long orderId = orders.get(random.nextInt(orders.size()));
        final ItchTruth.Order order = truth.order(orderId);
        final long ts = tick();
        if (roll < 52)
        {
            final long shares = 1 + random.nextLong(order.shares());
            writer.executed(locate, ts, orderId, shares, matchNumber++);
            reduce(orderId, locate, shares);
            count('E');
        }
        else if (roll < 57)
        {
            final long shares = 1 + random.nextLong(order.shares());
            final long price4 = order.price4() + (random.nextBoolean() ? 0 : TICK4);
            writer.executedWithPrice(locate, ts, orderId, shares, matchNumber++, random.nextInt(5) > 0, price4);
            reduce(orderId, locate, shares);
            count('C');
        }
        else if (roll < 67 && order.shares() > 1)
        {
            final long shares = 1 + random.nextLong(order.shares() - 1);
            writer.cancel(locate, ts, orderId, shares);
            truth.reduce(orderId, shares);
            count('X');
        }
        else if (roll < 85)
        {
            writer.delete(locate, ts, orderId);
            truth.delete(orderId);
            forget(orderId, locate);
            count('D');
        }
        else if (roll < 95)
        {
            final long newId = nextOrderId++;
            final long price4 = Math.max(TICK4, order.price4() + (random.nextInt(5) - 2) * TICK4);
            final long shares = 100L * (1 + random.nextInt(10));
            writer.replace(locate, ts, orderId, newId, shares, price4);
            truth.delete(orderId);
            forget(orderId, locate);
            truth.add(newId, new ItchTruth.Order(locate, order.buy(), price4, shares, sequence));
            remember(newId, locate);
            count('U');
        }
        else
        {
            writer.trade(locate, ts, 0, random.nextBoolean(), 100L * (1 + random.nextInt(5)), symbols[locate],
                mids[locate], matchNumber++);
            count('P');
        }
        sequence++;
    }

    private void add(final int locate)
    {
        final boolean buy = random.nextBoolean();
        // mostly near the touch, sometimes deep: some sides hold more price levels than the handler keeps
        final int ticksAway = random.nextInt(4) == 0 ? 1 + random.nextInt(30) : 1 + random.nextInt(6);
        final long price4 = Math.max(TICK4, buy ? mids[locate] - ticksAway * TICK4 : mids[locate] + ticksAway * TICK4);
        final long shares = 100L * (1 + random.nextInt(10));
        final long orderId = nextOrderId++;
        final String mpid = random.nextInt(5) == 0 ? "SIMX" : null;
        writer.addOrder(locate, tick(), orderId, buy, shares, symbols[locate], price4, mpid);
        truth.add(orderId, new ItchTruth.Order(locate, buy, price4, shares, sequence));
        remember(orderId, locate);
        count(mpid == null ? 'A' : 'F');
        sequence++;
    }

    private void reduce(final long orderId, final int locate, final long shares)
    {
        truth.reduce(orderId, shares);
        if (truth.order(orderId) == null)
        {
            forget(orderId, locate);
        }
    }

    private void remember(final long orderId, final int locate)
    {
        final List<Long> orders = live.get(locate);
        livePosition.put(orderId, orders.size());
        orders.add(orderId);
    }

    private void forget(final long orderId, final int locate)
    {
        final List<Long> orders = live.get(locate);
        final int position = livePosition.remove(orderId);
        final long last = orders.remove(orders.size() - 1);
        if (last != orderId)
        {
            orders.set(position, last);
            livePosition.put(last, position);
        }
    }

    private long tick()
    {
        timestampNs += 1_000 + random.nextInt(50_000);
        return timestampNs;
    }

    /**
     * The timestamp of a message beside the order flow (halts, imbalances): one microsecond on, drawn from nothing,
     * so that the order flow's own draws stay those of the seed.
     */
    private long asideTick()
    {
        timestampNs += 1_000;
        return timestampNs;
    }

    private void count(final char type)
    {
        messagesByType[type]++;
    }

    private void begin()
    {
        writer.begin(SESSION, sequence);
    }

    /**
     * Send the packet begun; the sequence numbers of its non-order messages (S, R, H) are taken here, the order
     * events took theirs as they were written.
     */
    private void send()
    {
        final long first = writer.sequenceNumber();
        final int count = writer.messageCount();
        sequence = first + count;
        messages += count;
        emit();
    }

    private void emit()
    {
        if (log != null)
        {
            log.append(writer.buffer(), 0, writer.length());
        }
        final double draw = faults.nextDouble();
        final long timeNs = settings.startEpochNs() + (timestampNs - MARKET_OPEN_NS);
        packets++;
        if (inBurst(orderFlowPacket))
        {
            lostOnBoth++;
            messagesLostOnBoth += writer.messageCount();
            return;
        }
        final boolean lostA = draw < settings.lossA();
        final boolean lostB = !lostA && draw < settings.lossA() + settings.lossB();
        if (lostA)
        {
            lostOnA++;
        }
        else
        {
            sendOn(SimLine.INCREMENTAL_A, timeNs);
        }
        if (lostB)
        {
            lostOnB++;
        }
        else
        {
            sendOn(SimLine.INCREMENTAL_B, timeNs);
        }
    }

    private boolean inBurst(final long packet)
    {
        for (int i = 0; i < burstStarts.length; i++)
        {
            if (packet >= burstStarts[i] && packet < burstEnds[i])
            {
                return true;
            }
        }
        return false;
    }

    private void sendOn(final SimLine line, final long timeNs)
    {
        for (final DatagramSink sink : sinks)
        {
            sink.onDatagram(line, writer.buffer(), 0, writer.length(), timeNs);
        }
    }

    /**
     * @return packets lost on both lines (bursts).
     */
    public long lostOnBoth()
    {
        return lostOnBoth;
    }

    /**
     * @return messages in the packets lost on both lines.
     */
    public long messagesLostOnBoth()
    {
        return messagesLostOnBoth;
    }

    /**
     * @return the truth (complete after {@link #run}).
     */
    public ItchTruth truth()
    {
        return truth;
    }

    /**
     * @return the sequence number after the last message (messages sent = this - 1).
     */
    public long nextSequence()
    {
        return sequence;
    }

    /**
     * @return packets sent (each on line A, line B or both), the end-of-session packet included.
     */
    public long packets()
    {
        return packets;
    }

    /**
     * @return messages sent (sequence numbers 1 .. messages).
     */
    public long messages()
    {
        return messages;
    }

    /**
     * @return packets lost on line A only.
     */
    public long lostOnA()
    {
        return lostOnA;
    }

    /**
     * @return packets lost on line B only.
     */
    public long lostOnB()
    {
        return lostOnB;
    }

    /**
     * @return a few lines: packets, messages by type, loss per line.
     */
    public String summary()
    {
        final StringBuilder text = new StringBuilder();
        text.append("itch session ").append(SESSION).append(": ").append(packets).append(" packets, ")
            .append(messages).append(" messages (sequence 1..").append(sequence - 1).append("), ")
            .append(truth.orderCount()).append(" orders live at the end\n");
        text.append("messages by type:");
        for (int type = 0; type < messagesByType.length; type++)
        {
            if (messagesByType[type] > 0)
            {
                text.append(' ').append((char)type).append('=').append(messagesByType[type]);
            }
        }
        text.append('\n');
        text.append("lost on A only: ").append(lostOnA).append(", on B only: ").append(lostOnB)
            .append(", on both: ").append(lostOnBoth).append(" packets (").append(messagesLostOnBoth)
            .append(" messages, for recovery)\n");
        return text.toString();
    }
}
