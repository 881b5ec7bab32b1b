package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.ImbalanceSide;
import io.xdpfeed.common.book.MbpSide;
import io.xdpfeed.common.time.TimeOfDay;
import io.xdpfeed.handler.protocol.AuctionImbalance;
import io.xdpfeed.handler.protocol.BookSink;
import io.xdpfeed.handler.protocol.DefinitionSink;
import io.xdpfeed.handler.protocol.EventSink;
import io.xdpfeed.handler.protocol.MessageSinks;
import io.xdpfeed.handler.protocol.OrderSink;

import java.util.Arrays;

/**
 * An {@link ItchBookBuilder}'s changes said in the engine's terms, on the channel's {@link MessageSinks}: one ITCH
 * message is one event, published as its records in stream order and closed on its last one.
 * <pre>
 *   every record             packetStart(its sequence number) before the message's first: the records carry the
 *                            message's sequence number
 *   A F E C X D U            books: startMessage, applied per level told (NEW / CHANGE / DELETE at levels
 *                            1..depth, rptSeq -1: ITCH has no per-instrument sequence, the gate then checks only
 *                            the instrument's state), endMessage with end of event at the message's end
 *                            orders (MBO channels): ADD (priority = the adding message's sequence number), MODIFY
 *                            with the remaining shares and {@link OrderSink#SAME_PRIORITY}, DELETE
 *   E, C printable, P        events: trade (resting side's opposite as aggressor, match number as trade id);
 *                            P ends its event itself
 *   Q with shares            events: trade of no aggressor at the cross price, match number as trade id, ending
 *                            its event
 *   R stock directory        definitions: the locate code is the security id, the 8-character symbol
 *   an add refused           books: lost (the instrument goes STALE: its book lacks the order)
 *   H trading action         events: instrumentStatus (tradingStatus as CME's SecurityTradingStatus, tradingEvent
 *                            the ITCH trading state byte)
 *   h operational halt       events: instrumentStatus, tradingEvent 'h'; while one is in effect every status of the
 *                            stock (h or H) is TRADING_HALT with haltReason MARKET_EVENT; a resumption gives the
 *                            trading state's status again
 *   I imbalance indicator    events: auctionImbalance (paired and imbalance shares, side, reference, near and far
 *                            prices, 0 as null; cross type and price variation bytes raw)
 *   S system event           events: groupStatus of no group (published as the channel's group status; the
 *                            event code byte as tradingEvent)
 *   MoldUDP64 end of session events: groupStatus of no group, CLOSE, tradingEvent 'Z' (once per session, when
 *                            every message before it was applied)
 * </pre>
 * The level actions are MDP 3.0's, the values the published records carry; the MBP aggregation stays the
 * builder's (its ladder with a reserve below the published depth), and the ladder's published levels are the
 * channel's own book of the instrument ({@link #levels}, {@code BookSink.side}): the builder changes them there once,
 * and the channel only checks and publishes the levels told ({@code BookSink.applied}).
 * <p>
 * The sinks are called only for what a message changes: most book messages move an order below the published depth
 * or inside a level the channel does not show, and publish nothing. So the packet start (the message's sequence
 * number for its records), the book message's start and end and the order message's start are made at the first
 * record the message gives, not for every message: a message that tells nothing costs the channel nothing, and the
 * records published are the same (a book message is closed, with its end of event, whenever it told a level or
 * left a trade's event open). One thread; no allocation.
 */
final class ItchSinkListener implements ItchListener
{
    /** MatchEventIndicator's EndOfEvent bit, on the records that end an ITCH message. */
    static final short END_OF_EVENT = (short)0x80;

    /** CME SecurityTradingStatus values the ITCH states map to (the normalized records' tradingStatus). */
    static final short TRADING_HALT = 2;
    static final short CLOSE = 4;
    static final short READY_TO_TRADE = 17;
    static final short PRE_OPEN = 21;
    static final short POST_CLOSE = 26;
    /** The trading event of the MoldUDP64 end of session: 'Z', SoupBinTCP's End of Session packet type (no ITCH
     * system event code is 'Z'). */
    static final short END_OF_SESSION_EVENT = 'Z';
    /** CME HaltReason MarketEvent: the reason an instrument status gives while an operational halt is in effect. */
    static final short MARKET_EVENT = 2;
    /** The trading event of an operational halt's status: 'h', its message type (no trading state byte is 'h'). */
    static final byte OPERATIONAL_HALT_EVENT = 'h';

    private static final byte[] NO_GROUP = new byte[DefinitionSink.GROUP_LENGTH];

    private final MessageSinks sinks;
    private final TimeOfDay easternTime = new TimeOfDay(TimeOfDay.US_EASTERN);
    private final AuctionImbalance imbalance = new AuctionImbalance();
    private final BookSink books;
    private final OrderSink orders;
    private final EventSink events;
    private final DefinitionSink definitions;
    private final boolean marketByOrder;
    private final byte[] symbol = new byte[DefinitionSink.SYMBOL_LENGTH];
    private final byte[] group = new byte[DefinitionSink.GROUP_LENGTH];
    private final long[] typeCounts = new long[256];
    private long receiveTimeNs;
    private long receiveEpochNs;
    private long timestampNs;
    private long sequence;
    private boolean fromSnapshot;
    private byte messageType;
    /** The packet start was given for the current message. */
    private boolean packetStarted;
    /** The book message was started (a level told, or a trade's event left open): it is to be ended. */
    private boolean bookStarted;
    /** The order message was started (MBO). */
    private boolean ordersStarted;

    /**
     * @param sinks of the channel.
     */
    ItchSinkListener(final MessageSinks sinks)
    {
        this.sinks = sinks;
        this.books = sinks.books();
        this.orders = sinks.orders();
        this.events = sinks.events();
        this.definitions = sinks.definitions();
        this.marketByOrder = sinks.marketByOrder();
        Arrays.fill(group, (byte)' ');
    }

    /**
     * @param receiveTimeNs of the packet whose messages follow (source clock).
     */
    void receiveTimeNs(final long receiveTimeNs)
    {
        this.receiveTimeNs = receiveTimeNs;
        this.receiveEpochNs = sinks.receiveEpochNs(receiveTimeNs);
    }

    /**
     * @param fromSnapshot true while the messages applied come from a snapshot: their records then carry msgSeqNum 0
     *                     (GLIMPSE sends no MoldUDP64 sequence number; the place in the snapshot a message is given
     *                     stays its orders' priority).
     */
    void fromSnapshot(final boolean fromSnapshot)
    {
        this.fromSnapshot = fromSnapshot;
    }

    /**
     * @param messageType a type byte.
     * @return messages of that type applied.
     */
    long typeCount(final int messageType)
    {
        return messageType >= 0 && messageType < typeCounts.length ? typeCounts[messageType] : 0;
    }

    public void onMessageStart(final byte messageType, final long sequence, final long timestampNs)
    {
        this.messageType = messageType;
        this.timestampNs = timestampNs;
        this.sequence = sequence;
        packetStarted = false;
        bookStarted = false;
        ordersStarted = false;
        typeCounts[messageType & 0xFF]++;
    }

    /**
     * The message's first record follows: its sequence number, its timestamp as the sending time (ns since midnight
     * US Eastern, on the receive time's day: {@link TimeOfDay}) and the packet's receive time for the records.
     */
    private void packetStart()
    {
        if (!packetStarted)
        {
            packetStarted = true;
            sinks.packetStart(fromSnapshot ? 0 : sequence, easternTime.epochNs(timestampNs, receiveEpochNs),
                receiveTimeNs);
        }
    }

    private void bookStart()
    {
        if (!bookStarted)
        {
            bookStarted = true;
            packetStart();
            books.startMessage(true);
        }
    }

    private void ordersStart()
    {
        packetStart();
        if (!ordersStarted)
        {
            ordersStarted = true;
            orders.startMessage();
        }
    }

    public void onOrderAdd(
        final int locate, final long orderReference, final boolean bid, final long price, final long shares,
        final long sequence)
    {
        if (marketByOrder)
        {
            ordersStart();
            orders.order(locate, bid ? OrderSink.BID : OrderSink.ASK, OrderSink.ADD, orderReference, sequence, price,
                shares, false, (short)0);
        }
    }

    public void onOrderReduce(
        final int locate, final long orderReference, final boolean bid, final long price, final long remainingShares)
    {
        if (marketByOrder)
        {
            ordersStart();
            orders.order(locate, bid ? OrderSink.BID : OrderSink.ASK, OrderSink.MODIFY, orderReference,
                OrderSink.SAME_PRIORITY, price, remainingShares, false, (short)0);
        }
    }

    public void onOrderDelete(final int locate, final long orderReference, final boolean bid, final long price)
    {
        if (marketByOrder)
        {
            ordersStart();
            orders.order(locate, bid ? OrderSink.BID : OrderSink.ASK, OrderSink.DELETE, orderReference, 0, price, 0,
                false, (short)0);
        }
    }

    public void onLevel(
        final int locate, final boolean bid, final BookAction action, final int level, final long price,
        final long size, final int orderCount)
    {
        bookStart();
        books.applied(locate, -1, action.value(), bid ? BookSink.BID : BookSink.ASK, level, price, size, orderCount);
    }

    /**
     * The instrument's book lacks an order now: the channel marks it STALE (its status published with this message's
     * sequence number).
     */
    public void onOrderRefused(final int locate)
    {
        packetStart();
        books.lost(locate);
    }

    /**
     * The channel's own side: the builder keeps the instrument's published levels in the book the channel publishes
     * and answers snapshots from, so they are updated once.
     */
    public MbpSide levels(final int locate, final boolean bid)
    {
        return books.side(locate, bid ? BookSink.BID : BookSink.ASK);
    }

    public void onBookUpdateEnd(final int locate, final long sequence, final long timestampNs)
    {
        if (bookStarted)
        {
            books.endMessage(END_OF_EVENT, true);
        }
    }

    public void onTrade(
        final int locate, final long price, final long shares, final boolean restingBid, final long matchNumber,
        final long timestampNs)
    {
        final boolean standalone = messageType == 'P';
        if (standalone)
        {
            packetStart();
        }
        else
        {
            // the trade leaves the event open: the book message's end closes it (an empty BookUpdate when no level
            // changed)
            bookStart();
        }
        events.trade(locate, -1, false, price, (int)Math.min(shares, Integer.MAX_VALUE), standalone ? 0 : 1,
            restingBid ? EventSink.SELL_AGGRESSOR : EventSink.BUY_AGGRESSOR, matchNumber, standalone, true);
        if (standalone)
        {
            events.endMessage(true, END_OF_EVENT);
        }
    }

    public void onCrossTrade(
        final int locate, final long price, final long shares, final long matchNumber, final byte crossType,
        final long timestampNs)
    {
        packetStart();
        events.trade(locate, -1, false, price, (int)Math.min(shares, Integer.MAX_VALUE), 0, EventSink.NO_AGGRESSOR,
            matchNumber, true, true);
        events.endMessage(true, END_OF_EVENT);
    }

    public void onBrokenTrade(final int locate, final long matchNumber, final long timestampNs)
    {
        packetStart();
        events.trade(locate, -1, true, MbpSide.NULL_PRICE, 0, 0, EventSink.NO_AGGRESSOR, matchNumber, true, true);
        events.endMessage(true, END_OF_EVENT);
    }

    public void onImbalance(
        final int locate, final long pairedShares, final long imbalanceShares, final byte direction,
        final long referencePrice, final long nearPrice, final long farPrice, final byte crossType,
        final byte priceVariation, final long timestampNs)
    {
        packetStart();
        events.auctionImbalance(locate, imbalance.set(pairedShares, imbalanceShares, imbalanceSide(direction),
            referencePrice, nearPrice, farPrice, crossType, priceVariation));
    }

    public void onInstrument(final int locate, final long packedSymbol)
    {
        packetStart();
        if (definitions.definitionBegin(locate, timestampNs, false))
        {
            Arrays.fill(symbol, (byte)' ');
            for (int i = 0; i < 8; i++)
            {
                symbol[i] = (byte)(packedSymbol >>> (56 - 8 * i));
            }
            definitions.definition(symbol, group, group, ItchMessages.PRICE4_TO_PRICE9, ItchMessages.PRICE4_TO_PRICE9,
                EventSink.NO_STATUS, DefinitionSink.NO_DEPTH, 0);
        }
        definitions.definitionEnd(0, false);
    }

    public void onTradingAction(
        final int locate, final byte tradingState, final boolean operationalHalt, final long timestampNs)
    {
        instrumentStatus(locate, tradingState, operationalHalt, tradingState);
    }

    public void onOperationalHalt(
        final int locate, final byte marketCode, final boolean halted, final byte tradingState,
        final long timestampNs)
    {
        instrumentStatus(locate, tradingState, halted, OPERATIONAL_HALT_EVENT);
    }

    /**
     * One InstrumentStatus of both halts: an operational halt in effect says TRADING_HALT with MARKET_EVENT as the
     * reason whatever the trading state, so a trading action that resumes trading during one does not say the stock
     * trades.
     */
    private void instrumentStatus(
        final int locate, final byte tradingState, final boolean operationalHalt, final byte tradingEvent)
    {
        packetStart();
        if (operationalHalt)
        {
            events.instrumentStatus(locate, TRADING_HALT, MARKET_EVENT, (short)(tradingEvent & 0xFF));
        }
        else
        {
            events.instrumentStatus(
                locate, tradingStatus(tradingState), EventSink.NO_STATUS, (short)(tradingEvent & 0xFF));
        }
    }

    public void onSystemEvent(final byte eventCode, final long timestampNs)
    {
        packetStart();
        events.groupStatus(NO_GROUP, systemStatus(eventCode), EventSink.NO_STATUS, (short)(eventCode & 0xFF));
    }

    /**
     * The MoldUDP64 end of session: no message follows in this session. Told as a status of the channel's
     * instruments (a group status of no group, as the system events): CLOSE, with {@link #END_OF_SESSION_EVENT} as
     * the trading event.
     *
     * @param sequence the end of session's sequence number (the one after the last message).
     */
    void onEndOfSession(final long sequence)
    {
        sinks.packetStart(sequence, 0, receiveTimeNs);
        events.groupStatus(NO_GROUP, CLOSE, EventSink.NO_STATUS, END_OF_SESSION_EVENT);
    }

    /**
     * @param tradingState ITCH's H trading state: H halted, P paused, Q quotation only, T trading.
     * @return the CME SecurityTradingStatus the records carry.
     */
    static short tradingStatus(final byte tradingState)
    {
        return switch (tradingState)
        {
            case 'H', 'P' -> TRADING_HALT;
            case 'Q' -> PRE_OPEN;
            case 'T' -> READY_TO_TRADE;
            default -> EventSink.NO_STATUS;
        };
    }

    /**
     * @param direction ITCH's imbalance direction: B buy, S sell, N none, O insufficient orders (the builder passes
     *                  no other).
     * @return the normalized side.
     */
    static ImbalanceSide imbalanceSide(final byte direction)
    {
        return switch (direction)
        {
            case 'B' -> ImbalanceSide.BUY;
            case 'S' -> ImbalanceSide.SELL;
            case 'O' -> ImbalanceSide.INSUFFICIENT_ORDERS;
            default -> ImbalanceSide.NONE;
        };
    }

    /**
     * @param eventCode ITCH's S event code: O start of messages, S start of system hours, Q start of market hours,
     *                  M end of market hours, E end of system hours, C end of messages.
     * @return the CME SecurityTradingStatus the records carry.
     */
    static short systemStatus(final byte eventCode)
    {
        return switch (eventCode)
        {
            case 'O', 'S' -> PRE_OPEN;
            case 'Q' -> READY_TO_TRADE;
            case 'M' -> POST_CLOSE;
            case 'E', 'C' -> CLOSE;
            default -> EventSink.NO_STATUS;
        };
    }
}
