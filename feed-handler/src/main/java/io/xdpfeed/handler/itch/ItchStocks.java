package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.NetOrderImbalanceIndicatorDecoder;
import io.xdpfeed.codecs.itch.OperationalHaltDecoder;
import io.xdpfeed.codecs.itch.StockDirectoryDecoder;
import io.xdpfeed.codecs.itch.StockTradingActionDecoder;
import io.xdpfeed.codecs.itch.SystemEventDecoder;
import io.xdpfeed.common.book.MbpSide;
import org.agrona.DirectBuffer;

/**
 * The messages of an ITCH feed about its stocks and the market rather than about orders: R stock directory (the
 * symbol of a locate code), S system events, H trading actions, h operational halts and I net order imbalance
 * indicators, each told to the {@link ItchListener}; and what they leave of each stock with a book: its symbol, its
 * trading state and whether an operational halt is in effect. The two halts are told together: a trading action
 * with whether an operational halt holds, an operational halt with the last trading state, so the listener says
 * the stock trades only when neither holds. {@link ItchBookBuilder} hands these messages here. Nothing allocated;
 * one thread.
 */
public final class ItchStocks
{
    private final ItchListener listener;
    private final ItchBooks books;
    /** By stock locate, for the instruments with a book; cleared with them. */
    private final long[] symbols = new long[1 << 16];
    private final byte[] tradingStates = new byte[1 << 16];
    private final boolean[] operationalHalts = new boolean[1 << 16];
    private final byte[] symbolBytes = new byte[8];
    private final StockDirectoryDecoder directory = new StockDirectoryDecoder();
    private final StockTradingActionDecoder tradingAction = new StockTradingActionDecoder();
    private final OperationalHaltDecoder operationalHalt = new OperationalHaltDecoder();
    private final SystemEventDecoder systemEvent = new SystemEventDecoder();
    private final NetOrderImbalanceIndicatorDecoder imbalance = new NetOrderImbalanceIndicatorDecoder();

    ItchStocks(final ItchListener listener, final ItchBooks books)
    {
        this.listener = listener;
        this.books = books;
    }

    /**
     * Forget what the messages left of a stock (a new session).
     */
    void clear(final int locate)
    {
        symbols[locate] = 0;
        tradingStates[locate] = 0;
        operationalHalts[locate] = false;
    }

    void onStockDirectory(final DirectBuffer buffer, final int offset)
    {
        final StockDirectoryDecoder stock = directory.wrap(buffer, offset, StockDirectoryDecoder.BLOCK_LENGTH, 0);
        final int locate = stock.stockLocate();
        stock.getStock(symbolBytes, 0);
        final long symbol = ItchMessages.packSymbol(symbolBytes);
        if (books.assign(locate))
        {
            symbols[locate] = symbol;
        }
        listener.onInstrument(locate, symbol);
    }

    void onSystemEvent(final DirectBuffer buffer, final int offset, final long timestampNs)
    {
        final SystemEventDecoder event = systemEvent.wrap(buffer, offset, SystemEventDecoder.BLOCK_LENGTH, 0);
        listener.onSystemEvent(event.eventCode(), timestampNs);
    }

    void onTradingAction(final DirectBuffer buffer, final int offset, final long timestampNs)
    {
        final StockTradingActionDecoder action =
            tradingAction.wrap(buffer, offset, StockTradingActionDecoder.BLOCK_LENGTH, 0);
        final int locate = action.stockLocate();
        if (books.assign(locate))
        {
            tradingStates[locate] = action.tradingState();
        }
        listener.onTradingAction(locate, action.tradingState(), operationalHalts[locate], timestampNs);
    }

    /**
     * @return false for an action other than H (halted) or T (resumed): not applied, to be counted as unhandled.
     */
    boolean onOperationalHalt(final DirectBuffer buffer, final int offset, final long timestampNs)
    {
        final OperationalHaltDecoder halt =
            operationalHalt.wrap(buffer, offset, OperationalHaltDecoder.BLOCK_LENGTH, 0);
        final int locate = halt.stockLocate();
        final byte action = halt.operationalHaltAction();
        if (action != 'H' && action != 'T')
        {
            return false;
        }
        final boolean halted = action == 'H';
        if (books.assign(locate))
        {
            operationalHalts[locate] = halted;
        }
        listener.onOperationalHalt(locate, halt.marketCode(), halted, tradingStates[locate], timestampNs);
        return true;
    }

    /**
     * @return false for a direction other than B, S, N or O: not told, to be counted as unhandled.
     */
    boolean onImbalance(final DirectBuffer buffer, final int offset, final long timestampNs)
    {
        final NetOrderImbalanceIndicatorDecoder noii =
            imbalance.wrap(buffer, offset, NetOrderImbalanceIndicatorDecoder.BLOCK_LENGTH, 0);
        final byte direction = noii.imbalanceDirection();
        if (direction != 'B' && direction != 'S' && direction != 'N' && direction != 'O')
        {
            return false;
        }
        listener.onImbalance(noii.stockLocate(), noii.pairedShares(), noii.imbalanceShares(), direction,
            price9OrNull(noii.currentReferencePrice()), price9OrNull(noii.nearPrice()), price9OrNull(noii.farPrice()),
            noii.crossType(), noii.priceVariationIndicator(), timestampNs);
        return true;
    }

    /**
     * @return an ITCH Price(4) of a price that may be absent (0) as PRICE9, null ({@link MbpSide#NULL_PRICE}) when 0.
     */
    private static long price9OrNull(final long price4)
    {
        return price4 == 0 ? MbpSide.NULL_PRICE : price4 * ItchMessages.PRICE4_TO_PRICE9;
    }

    /**
     * @param locate stock locate code.
     * @return the symbol packed by {@link ItchMessages#packSymbol}, 0 when no directory message named it.
     */
    public long symbol(final int locate)
    {
        return symbols[locate & 0xFFFF];
    }

    /**
     * @param locate stock locate code.
     * @return the last trading state byte (0 before any trading action).
     */
    public byte tradingState(final int locate)
    {
        return tradingStates[locate & 0xFFFF];
    }

    /**
     * @param locate stock locate code.
     * @return whether the last operational halt (h) of the stock halted it and no later one resumed it.
     */
    public boolean operationallyHalted(final int locate)
    {
        return operationalHalts[locate & 0xFFFF];
    }
}
