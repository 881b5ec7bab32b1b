package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.AddOrderDecoder;
import io.xdpfeed.codecs.itch.AddOrderMpidDecoder;
import io.xdpfeed.codecs.itch.BrokenTradeDecoder;
import io.xdpfeed.codecs.itch.CrossTradeDecoder;
import io.xdpfeed.codecs.itch.OrderCancelDecoder;
import io.xdpfeed.codecs.itch.OrderDeleteDecoder;
import io.xdpfeed.codecs.itch.OrderExecutedDecoder;
import io.xdpfeed.codecs.itch.OrderExecutedWithPriceDecoder;
import io.xdpfeed.codecs.itch.OrderReplaceDecoder;
import io.xdpfeed.codecs.itch.Side;
import io.xdpfeed.codecs.itch.TradeDecoder;
import io.xdpfeed.common.book.MbpSide;
import org.agrona.DirectBuffer;


/**
 * Order books and MBP levels of a Nasdaq TotalView-ITCH 5.0 feed. The engine applies the messages of a datagram
 * its sequencer accepted ({@link #applyMessages}, through {@link ItchProtocol}); standalone (benchmark, tests),
 * {@link #onPacket} validates a datagram ({@link MoldUdp64Framing}), skips the messages at its head the other line
 * already gave (MoldUDP64 numbers messages), tells a jump to {@link ItchListener#onGap} and applies the rest.
 * {@link #onMessage} applies one message: the generated flyweight of its type byte wrapped at it.
 * <ul>
 *   <li>A, F add (with or without MPID), E executed, C executed with price, X cancel, D delete, U replace: the one
 *       {@link ItchOrders} of every order (by order reference number, unique across the feed and increasing
 *       within the day) and the instrument's MBP levels ({@link ItchBooks}).</li>
 *   <li>E, C (printable) and P non-cross trades: trades; Q cross trades that matched shares: trades with no
 *       aggressor; B broken trades: trade cancels of the match number (they change no book).</li>
 *   <li>R stock directory (a locate code's symbol), S system event, H trading action, h operational halt, I
 *       imbalance indicator: {@link ItchStocks}.</li>
 * </ul>
 * Tolerance, counted where it happens: an order reference not in the table (late start, or lost on both lines) is
 * ignored; an add of a reference already in the table replaces it; a full table or too many instruments refuse the
 * add. Capacities are fixed at construction; nothing is allocated after it, nothing is thrown on bad input.
 * One thread.
 */
public final class ItchBookBuilder
{
    private final ItchListener listener;
    private final MoldUdp64Framing framing = new MoldUdp64Framing();
    private final ItchOrders orders;
    private final ItchBooks books;
    private final ItchStocks stocks;
    private final int depth;

    private final AddOrderDecoder addOrder = new AddOrderDecoder();
    private final AddOrderMpidDecoder addOrderMpid = new AddOrderMpidDecoder();
    private final OrderExecutedDecoder executed = new OrderExecutedDecoder();
    private final OrderExecutedWithPriceDecoder executedWithPrice = new OrderExecutedWithPriceDecoder();
    private final OrderCancelDecoder cancel = new OrderCancelDecoder();
    private final OrderDeleteDecoder delete = new OrderDeleteDecoder();
    private final OrderReplaceDecoder replace = new OrderReplaceDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final CrossTradeDecoder crossTrade = new CrossTradeDecoder();
    private final BrokenTradeDecoder brokenTrade = new BrokenTradeDecoder();
    private final MbpSide bidLadder;
    private final MbpSide askLadder;

    private long nextSequence;
    private long packets;
    private long messages;
    private long duplicates;
    private long gaps;
    private long missedMessages;
    private long unknownOrders;
    private long duplicateOrders;
    private long refusedOrders;
    private long unhandledMessages;
    private final long[] malformed = new long[MoldUdp64Framing.REASON_COUNT];

    /**
     * @param listener      told every change.
     * @param maxOrders     most orders live at once across every instrument (the order store's fixed capacity; its
     *                      ring takes four references per order, 16 bytes each: {@link ItchOrders#defaultRingSlots}).
     * @param maxInstruments most instruments (stock locate codes in use).
     * @param depth         MBP levels published per side; each side keeps {@link #ladderDepth(int)} levels.
     */
    public ItchBookBuilder(final ItchListener listener, final int maxOrders, final int maxInstruments, final int depth)
    {
        if (maxInstruments < 1 || maxInstruments > 1 << 16)
        {
            throw new IllegalArgumentException("maxInstruments must be 1..65536: " + maxInstruments);
        }
        if (depth < 1)
        {
            throw new IllegalArgumentException("depth must be >= 1: " + depth);
        }
        this.listener = listener;
        this.depth = depth;
        this.orders = new ItchOrders(maxOrders, ItchOrders.defaultRingSlots(maxOrders));
        final int ladderDepth = ladderDepth(depth);
        this.books = new ItchBooks(maxInstruments, depth, ladderDepth, listener, orders);
        this.stocks = new ItchStocks(listener, books);
        this.bidLadder = new MbpSide(ladderDepth);
        this.askLadder = new MbpSide(ladderDepth);
    }

    /**
     * @param depth MBP levels published per side.
     * @return levels each side keeps: the published ones and a reserve of three times as many below them, so that
     * a price leaving the top {@code depth} is replaced from the ladder, not from a scan of the orders.
     */
    public static int ladderDepth(final int depth)
    {
        return depth * 4;
    }

    /**
     * Forget every order, level, instrument and the sequence: a new session (the next trading day) starts from here.
     * Not for the hot path (it clears every order slot used since the last reset), but it allocates nothing.
     */
    public void reset()
    {
        for (int i = 0; i < books.count(); i++)
        {
            stocks.clear(books.locateAt(i));
        }
        orders.clear();
        books.reset();
        nextSequence = 0;
    }

    /**
     * One MoldUDP64 datagram: validate, sequence per message, apply.
     *
     * @param buffer holding the UDP payload.
     * @param offset of the MoldUDP64 header.
     * @param length of the UDP payload.
     * @return messages applied (0 for a heartbeat, a duplicate or a malformed datagram).
     */
    public int onPacket(final DirectBuffer buffer, final int offset, final int length)
    {
        final int count = framing.validate(buffer, offset, length);
        if (count < 0)
        {
            malformed[-count]++;
            return 0;
        }
        packets++;
        final long first = framing.sequenceNumber(buffer, offset);
        if (count == 0 || count == MoldUdp64Framing.END_OF_SESSION)
        {
            // a heartbeat's (and end of session's) sequence number is the next one to come: a jump there is a gap
            sequence(first);
            return 0;
        }
        // the messages of a datagram are consecutive: only its head can repeat what the other line's copy applied
        final int skip = nextSequence == 0 ? 0 : (int)Math.min(count, Math.max(0, nextSequence - first));
        duplicates += skip;
        if (skip == count)
        {
            return 0;
        }
        sequence(first + skip);
        nextSequence = first + count;
        return applyMessages(buffer, offset, count, first, skip);
    }

    /**
     * Apply the messages of a datagram that {@link MoldUdp64Framing#validate} accepted and that something else
     * sequenced (the engine's {@code PacketSequencer}): no sequencing here, every message from {@code skip} on is
     * applied with the sequence number {@code firstSequence + index}.
     *
     * @param buffer        holding the datagram.
     * @param offset        of the MoldUDP64 header.
     * @param count         messages in the datagram (its header's count, 1..65534).
     * @param firstSequence sequence number of its first message (the header's).
     * @param skip          messages at its start already applied from another copy.
     * @return messages applied.
     */
    public int applyMessages(
        final DirectBuffer buffer, final int offset, final int count, final long firstSequence, final int skip)
    {
        int position = offset + MoldUdp64Framing.HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            final int messageLength = framing.messageLength(buffer, position);
            final int message = position + MoldUdp64Framing.BLOCK_HEADER_LENGTH;
            if (i >= skip)
            {
                apply(buffer, message, messageLength, firstSequence + i);
            }
            position = message + messageLength;
        }
        return count - skip;
    }

    private void sequence(final long sequence)
    {
        if (nextSequence != 0 && sequence > nextSequence)
        {
            gaps++;
            missedMessages += sequence - nextSequence;
            listener.onGap(nextSequence, sequence - 1);
            nextSequence = sequence;
        }
    }

    /**
     * Apply one ITCH message whose framing is known good (a validated datagram, or a message the caller sequenced
     * itself, e.g. from a retransmission or snapshot).
     *
     * @param buffer holding the message.
     * @param offset of its type byte.
     * @param length of the message.
     * @param sequence its MoldUDP64 sequence number, passed on to {@link ItchListener#onBookUpdateEnd}.
     */
    public void onMessage(final DirectBuffer buffer, final int offset, final int length, final long sequence)
    {
        if (length < ItchMessages.COMMON_LENGTH || length < ItchMessages.minimumLength(buffer.getByte(offset)))
        {
            malformed[-MoldUdp64Framing.MESSAGE_TOO_SHORT]++;
            return;
        }
        apply(buffer, offset, length, sequence);
    }

    private void apply(final DirectBuffer buffer, final int offset, final int length, final long sequence)
    {
        messages++;
        final byte type = buffer.getByte(offset);
        // read once: every handler and the listener take it from here, not from the message's decoder again
        final long timestampNs = ItchMessages.timestampNs(buffer, offset);
        listener.onMessageStart(type, sequence, timestampNs);
        switch (type)
        {
            case 'A' -> onAddOrder(buffer, offset, sequence, timestampNs);
            case 'F' -> onAddOrderMpid(buffer, offset, sequence, timestampNs);
            case 'E' -> onExecuted(buffer, offset, sequence, timestampNs);
            case 'C' -> onExecutedWithPrice(buffer, offset, sequence, timestampNs);
            case 'X' -> onCancel(buffer, offset, sequence, timestampNs);
            case 'D' -> onDelete(buffer, offset, sequence, timestampNs);
            case 'U' -> onReplace(buffer, offset, sequence, timestampNs);
            case 'P' -> onTrade(buffer, offset, timestampNs);
            case 'Q' -> onCrossTrade(buffer, offset, timestampNs);
            case 'B' -> onBrokenTrade(buffer, offset, timestampNs);
            case 'R' -> stocks.onStockDirectory(buffer, offset);
            case 'H' -> stocks.onTradingAction(buffer, offset, timestampNs);
            case 'h' -> unhandledUnless(stocks.onOperationalHalt(buffer, offset, timestampNs));
            case 'S' -> stocks.onSystemEvent(buffer, offset, timestampNs);
            case 'I' -> unhandledUnless(stocks.onImbalance(buffer, offset, timestampNs));
            default -> unhandledMessages++;
        }
    }

    private void onAddOrder(
        final DirectBuffer buffer, final int offset, final long sequence, final long timestampNs)
    {
        final AddOrderDecoder add = addOrder.wrap(buffer, offset, AddOrderDecoder.BLOCK_LENGTH, 0);
        addOrder(add.stockLocate(), add.orderReferenceNumber(), add.buySellIndicatorRaw() == Side.BUY.value(),
            add.shares(), add.price(), sequence, timestampNs);
    }

    private void onAddOrderMpid(
        final DirectBuffer buffer, final int offset, final long sequence, final long timestampNs)
    {
        final AddOrderMpidDecoder add = addOrderMpid.wrap(buffer, offset, AddOrderMpidDecoder.BLOCK_LENGTH, 0);
        addOrder(add.stockLocate(), add.orderReferenceNumber(), add.buySellIndicatorRaw() == Side.BUY.value(),
            add.shares(), add.price(), sequence, timestampNs);
    }

    private void addOrder(
        final int locate, final long orderId, final boolean bid, final long shares, final long price4,
        final long sequence, final long timestampNs)
    {
        final long price = price4 * ItchMessages.PRICE4_TO_PRICE9;
        if (!books.assign(locate))
        {
            refuse(locate);
            return;
        }
        final int handle = placeOrder(orderId, bid, price4, shares, locate);
        if (handle == ItchOrders.ABSENT)
        {
            return;
        }
        listener.onOrderAdd(locate, orderId, bid, price, shares, sequence);
        orders.levelHint(handle, books.add(locate, bid, price, shares));
        listener.onBookUpdateEnd(locate, sequence, timestampNs);
    }

    /**
     * The order store's handle of a referenced order, or {@link ItchOrders#ABSENT} counted as an unknown order (a
     * message about an order added before the session was joined, or after a gap).
     */
    private int knownOrder(final long orderReference)
    {
        final int handle = orders.find(orderReference);
        if (handle == ItchOrders.ABSENT)
        {
            unknownOrders++;
        }
        return handle;
    }

    /**
     * Put a new order in the store: an order already under that reference is a duplicate, counted and removed first
     * (its book level too); a full store refuses it, counted.
     *
     * @return its handle when stored (the caller then adds it to its book), else {@link ItchOrders#ABSENT}.
     */
    private int placeOrder(
        final long orderId, final boolean bid, final long price4, final long shares, final int locate)
    {
        final int existing = orders.find(orderId);
        if (existing != ItchOrders.ABSENT)
        {
            duplicateOrders++;
            removeOrder(existing);
        }
        final int handle = orders.add(orderId, bid, price4, shares, locate);
        if (handle == ItchOrders.ABSENT)
        {
            refuse(locate);
        }
        return handle;
    }

    /**
     * An add that does not fit (the order store full, or no book for the instrument): counted, and told, as the
     * instrument's book lacks the order from now on. Out of the adding path's way: it never runs in steady state.
     */
    private void refuse(final int locate)
    {
        refusedOrders++;
        listener.onOrderRefused(locate);
    }

    private void onExecuted(
        final DirectBuffer buffer, final int offset, final long sequence, final long timestampNs)
    {
        final OrderExecutedDecoder execution = executed.wrap(buffer, offset, OrderExecutedDecoder.BLOCK_LENGTH, 0);
        final int handle = knownOrder(execution.orderReferenceNumber());
        if (handle == ItchOrders.ABSENT)
        {
            return;
        }
        final int locate = orders.locate(handle);
        final boolean bid = orders.isBid(handle);
        final long price = price(handle);
        final long shares = execution.executedShares();
        listener.onTrade(locate, price, shares, bid, execution.matchNumber(), timestampNs);
        reduce(handle, locate, bid, price, shares);
        listener.onBookUpdateEnd(locate, sequence, timestampNs);
    }

    private void onExecutedWithPrice(
        final DirectBuffer buffer, final int offset, final long sequence, final long timestampNs)
    {
        final OrderExecutedWithPriceDecoder execution =
            executedWithPrice.wrap(buffer, offset, OrderExecutedWithPriceDecoder.BLOCK_LENGTH, 0);
        final int handle = knownOrder(execution.orderReferenceNumber());
        if (handle == ItchOrders.ABSENT)
        {
            return;
        }
        final int locate = orders.locate(handle);
        final boolean bid = orders.isBid(handle);
        final long shares = execution.executedShares();
        if (execution.printable() == 'Y')
        {
            listener.onTrade(locate, execution.executionPrice() * ItchMessages.PRICE4_TO_PRICE9, shares,
                bid, execution.matchNumber(), timestampNs);
        }
        reduce(handle, locate, bid, price(handle), shares);
        listener.onBookUpdateEnd(locate, sequence, timestampNs);
    }

    private void onCancel(
        final DirectBuffer buffer, final int offset, final long sequence, final long timestampNs)
    {
        final OrderCancelDecoder cancelled = cancel.wrap(buffer, offset, OrderCancelDecoder.BLOCK_LENGTH, 0);
        final int handle = knownOrder(cancelled.orderReferenceNumber());
        if (handle == ItchOrders.ABSENT)
        {
            return;
        }
        final int locate = orders.locate(handle);
        reduce(handle, locate, orders.isBid(handle), price(handle), cancelled.cancelledShares());
        listener.onBookUpdateEnd(locate, sequence, timestampNs);
    }

    private void onDelete(
        final DirectBuffer buffer, final int offset, final long sequence, final long timestampNs)
    {
        final OrderDeleteDecoder deleted = delete.wrap(buffer, offset, OrderDeleteDecoder.BLOCK_LENGTH, 0);
        final int handle = knownOrder(deleted.orderReferenceNumber());
        if (handle == ItchOrders.ABSENT)
        {
            return;
        }
        final int locate = orders.locate(handle);
        removeOrder(handle);
        listener.onBookUpdateEnd(locate, sequence, timestampNs);
    }

    private void onReplace(
        final DirectBuffer buffer, final int offset, final long sequence, final long timestampNs)
    {
        final OrderReplaceDecoder replaced = replace.wrap(buffer, offset, OrderReplaceDecoder.BLOCK_LENGTH, 0);
        final int handle = knownOrder(replaced.originalOrderReferenceNumber());
        if (handle == ItchOrders.ABSENT)
        {
            return;
        }
        final int locate = orders.locate(handle);
        final boolean bid = orders.isBid(handle);
        removeOrder(handle);
        // the replacement keeps the side and the stock and loses the time priority: a delete and an add
        final long orderId = replaced.newOrderReferenceNumber();
        final long price4 = replaced.price();
        final long price = price4 * ItchMessages.PRICE4_TO_PRICE9;
        final long shares = replaced.shares();
        final int added = placeOrder(orderId, bid, price4, shares, locate);
        if (added != ItchOrders.ABSENT)
        {
            listener.onOrderAdd(locate, orderId, bid, price, shares, sequence);
            orders.levelHint(added, books.add(locate, bid, price, shares));
        }
        listener.onBookUpdateEnd(locate, sequence, timestampNs);
    }

    private void onTrade(final DirectBuffer buffer, final int offset, final long timestampNs)
    {
        final TradeDecoder trade = this.trade.wrap(buffer, offset, TradeDecoder.BLOCK_LENGTH, 0);
        listener.onTrade(trade.stockLocate(), trade.price() * ItchMessages.PRICE4_TO_PRICE9, trade.shares(),
            trade.buySellIndicatorRaw() == Side.BUY.value(), trade.matchNumber(),
            timestampNs);
    }

    private void onCrossTrade(final DirectBuffer buffer, final int offset, final long timestampNs)
    {
        final CrossTradeDecoder cross = crossTrade.wrap(buffer, offset, CrossTradeDecoder.BLOCK_LENGTH, 0);
        final long shares = cross.shares();
        if (shares > 0)
        {
            listener.onCrossTrade(cross.stockLocate(), cross.crossPrice() * ItchMessages.PRICE4_TO_PRICE9, shares,
                cross.matchNumber(), cross.crossType(), timestampNs);
        }
    }

    private void onBrokenTrade(final DirectBuffer buffer, final int offset, final long timestampNs)
    {
        final BrokenTradeDecoder broken = brokenTrade.wrap(buffer, offset, BrokenTradeDecoder.BLOCK_LENGTH, 0);
        listener.onBrokenTrade(broken.stockLocate(), broken.matchNumber(), timestampNs);
    }

    private void unhandledUnless(final boolean applied)
    {
        if (!applied)
        {
            unhandledMessages++;
        }
    }

    /**
     * {@code shares} left the order (executed or cancelled); the order goes when none remain. Its stock, side and
     * price are the caller's, read once from the store.
     */
    private void reduce(final int handle, final int locate, final boolean bid, final long price, final long shares)
    {
        final long remaining = orders.shares(handle) - shares;
        if (remaining <= 0)
        {
            removeOrder(handle);
            return;
        }
        final int hint = orders.levelHint(handle);
        orders.shares(handle, remaining);
        listener.onOrderReduce(locate, orders.reference(handle), bid, price, remaining);
        orders.levelHint(handle, books.remove(locate, bid, price, shares, false, hint));
    }

    /**
     * @return the order's price as the listener and the book take it (PRICE9); the store keeps ITCH's Price(4).
     */
    private long price(final int handle)
    {
        return orders.price4(handle) * ItchMessages.PRICE4_TO_PRICE9;
    }

    private void removeOrder(final int handle)
    {
        final int locate = orders.locate(handle);
        final boolean bid = orders.isBid(handle);
        final long price = price(handle);
        final long size = orders.shares(handle);
        final int hint = orders.levelHint(handle);
        listener.onOrderDelete(locate, orders.reference(handle), bid, price);
        orders.remove(handle);
        books.remove(locate, bid, price, size, true, hint);
    }

    /**
     * @param locate stock locate code.
     * @param bid    true for the bid side.
     * @return a copy of the instrument's ladder (its first {@link #depth()} levels are the published book), or null
     * when the locate has no book; one copy per side, overwritten by the next call for that side (tests, tools).
     */
    public MbpSide levels(final int locate, final boolean bid)
    {
        if (!books.has(locate & 0xFFFF))
        {
            return null;
        }
        final MbpSide ladder = bid ? bidLadder : askLadder;
        books.ladder(locate & 0xFFFF, bid, ladder);
        return ladder;
    }

    /**
     * @return MBP levels published per side.
     */
    public int depth()
    {
        return depth;
    }

    /**
     * @return the stocks' symbols, trading states and operational halts.
     */
    public ItchStocks stocks()
    {
        return stocks;
    }

    /**
     * @return every live order (read only): reference, side, price, shares, stock locate.
     */
    public ItchOrders orders()
    {
        return orders;
    }

    /**
     * @return stock locate codes that have a book, in order of first use; {@link #locateAt} reads them.
     */
    public int instrumentCount()
    {
        return books.count();
    }

    /**
     * @param index 0..instrumentCount-1.
     * @return the stock locate code of that book.
     */
    public int locateAt(final int index)
    {
        return books.locateAt(index);
    }

    /**
     * @return the next MoldUDP64 sequence number expected (0 before the first message).
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * @param count which.
     * @return its value.
     */
    public long count(final Count count)
    {
        return switch (count)
        {
            case PACKETS -> packets;
            case MESSAGES -> messages;
            case DUPLICATES -> duplicates;
            case GAPS -> gaps;
            case MISSED_MESSAGES -> missedMessages;
            case UNKNOWN_ORDERS -> unknownOrders;
            case DUPLICATE_ORDERS -> duplicateOrders;
            case REFUSED_ORDERS -> refusedOrders;
            case UNHANDLED_MESSAGES -> unhandledMessages;
        };
    }

    /**
     * @param reason a negative {@link MoldUdp64Framing} result.
     * @return datagrams dropped for that reason.
     */
    public long malformed(final int reason)
    {
        return reason < 0 && -reason < malformed.length ? malformed[-reason] : 0;
    }

    /**
     * @return datagrams dropped for any framing reason.
     */
    public long malformedTotal()
    {
        long total = 0;
        for (int i = 1; i < malformed.length; i++)
        {
            total += malformed[i];
        }
        return total;
    }

    /** What the builder counts, read with {@link #count(Count)}. */
    public enum Count
    {
        /** Valid datagrams (heartbeats included). */
        PACKETS,
        /** Messages applied. */
        MESSAGES,
        /** Messages skipped as already applied (the other line's copy). */
        DUPLICATES,
        /** Sequence jumps seen. */
        GAPS,
        /** Messages missing in those jumps. */
        MISSED_MESSAGES,
        /** Executions, cancels, deletes and replaces of an order reference not in the table. */
        UNKNOWN_ORDERS,
        /** Adds of an order reference already in the table (the old order was replaced). */
        DUPLICATE_ORDERS,
        /** Adds refused: the order table or the instrument books were full. */
        REFUSED_ORDERS,
        /** Messages of types that change no book here and are not published (B, I, L, Y, ...). */
        UNHANDLED_MESSAGES
    }
}
