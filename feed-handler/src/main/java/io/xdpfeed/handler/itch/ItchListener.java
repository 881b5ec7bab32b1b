package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.common.book.MbpSide;

/**
 * What an {@link ItchBookBuilder} tells its user (the engine's sinks through {@link ItchProtocol}, or a benchmark
 * or test), one call per change in stream order. Prices are normalized mantissas with the exponent -9; timestamps
 * are ITCH's, ns since midnight. Called on the receive thread; implementations must not throw and should not
 * allocate. Every method has an empty default.
 */
public interface ItchListener
{
    /**
     * A message is about to be applied (before any other call it causes).
     *
     * @param messageType the type byte.
     * @param sequence    its MoldUDP64 sequence number (0 when applied without one).
     * @param timestampNs ITCH timestamp.
     */
    default void onMessageStart(final byte messageType, final long sequence, final long timestampNs)
    {
    }

    /**
     * An order was added to the order store (A, F, or the new order of a U replace).
     *
     * @param locate         stock locate code.
     * @param orderReference order reference number.
     * @param bid            true for a buy order.
     * @param price          mantissa, exponent -9.
     * @param shares         displayed shares.
     * @param sequence       sequence number of the message that added it (its time priority).
     */
    default void onOrderAdd(
        final int locate, final long orderReference, final boolean bid, final long price, final long shares,
        final long sequence)
    {
    }

    /**
     * Shares left a live order (partial execution or cancel); the order stays with {@code remainingShares}.
     *
     * @param locate          stock locate code.
     * @param orderReference  order reference number.
     * @param bid             true for a buy order.
     * @param price           mantissa, exponent -9.
     * @param remainingShares shares still displayed.
     */
    default void onOrderReduce(
        final int locate, final long orderReference, final boolean bid, final long price, final long remainingShares)
    {
    }

    /**
     * An order left the order store (D, the last shares executed or cancelled, the old order of a U replace, an add
     * of a reference already live).
     *
     * @param locate         stock locate code.
     * @param orderReference order reference number.
     * @param bid            true for a buy order.
     * @param price          mantissa, exponent -9.
     */
    default void onOrderDelete(final int locate, final long orderReference, final boolean bid, final long price)
    {
    }

    /**
     * A stock directory message: the locate code now names this symbol.
     *
     * @param locate stock locate code.
     * @param symbol 8 ASCII characters packed by {@link ItchMessages#packSymbol}.
     */
    default void onInstrument(final int locate, final long symbol)
    {
    }

    /**
     * One MBP level changed, with the same actions as the MDP books ({@code MbpSide}'s NEW shifts deeper levels
     * down, DELETE shifts them up, CHANGE is in place), already made to the side {@link #levels} gave, if any.
     *
     * @param locate     stock locate code.
     * @param bid        true for the bid side.
     * @param action     {@link BookAction#NEW}, {@link BookAction#CHANGE} or {@link BookAction#DELETE}.
     * @param level      1-based level.
     * @param price      mantissa, exponent -9.
     * @param size       total shares at the level (0 on DELETE).
     * @param orderCount orders at the level (0 on DELETE).
     */
    default void onLevel(
        final int locate, final boolean bid, final BookAction action, final int level, final long price,
        final long size, final int orderCount)
    {
    }

    /**
     * Where to keep an instrument's published levels: asked once per instrument and session, when its book is first
     * used. A listener that keeps the books it publishes (the engine's channel) gives its own side, so that the
     * builder's changes land there once and {@link #onLevel} only tells them; null (the default) lets the builder
     * keep them itself.
     *
     * @param locate stock locate code.
     * @param bid    true for the bid side.
     * @return an empty side of exactly the builder's depth, or null.
     */
    default MbpSide levels(final int locate, final boolean bid)
    {
        return null;
    }

    /**
     * An add was refused: the order store is full, or the instrument has no book (more instruments than the
     * builder holds). The instrument's book lacks the order from now on.
     *
     * @param locate stock locate code.
     */
    default void onOrderRefused(final int locate)
    {
    }

    /**
     * The end of one book-changing message: its level changes, if any, were all told.
     *
     * @param locate      stock locate code.
     * @param sequence    the message's MoldUDP64 sequence number (0 when applied without one).
     * @param timestampNs ITCH timestamp.
     */
    default void onBookUpdateEnd(final int locate, final long sequence, final long timestampNs)
    {
    }

    /**
     * A trade: an execution of a displayed order (E, C when printable) or of a non-displayed one (P).
     *
     * @param locate        stock locate code.
     * @param price         mantissa, exponent -9.
     * @param shares        executed.
     * @param restingBid    true when the resting (executed) order was a buy, so the aggressor sold.
     * @param matchNumber   Nasdaq's match number.
     * @param timestampNs   ITCH timestamp.
     */
    default void onTrade(
        final int locate, final long price, final long shares, final boolean restingBid, final long matchNumber,
        final long timestampNs)
    {
    }

    /**
     * A cross (Q) that matched shares: the opening, closing, halt/IPO or intraday cross's print, at one price, with no
     * aggressor. A cross of 0 shares (none took place) is not told.
     *
     * @param locate      stock locate code.
     * @param price       the cross price, mantissa, exponent -9.
     * @param shares      matched in the cross.
     * @param matchNumber Nasdaq's match number.
     * @param crossType   O opening, C closing, H halt or IPO, I intraday.
     * @param timestampNs ITCH timestamp.
     */
    default void onCrossTrade(
        final int locate, final long price, final long shares, final long matchNumber, final byte crossType,
        final long timestampNs)
    {
    }

    /**
     * A broken trade (B): the execution or trade of that match number is cancelled; no book changes.
     *
     * @param locate      stock locate code.
     * @param matchNumber of the trade broken, as its execution or trade carried it.
     * @param timestampNs ITCH timestamp.
     */
    default void onBrokenTrade(final int locate, final long matchNumber, final long timestampNs)
    {
    }

    /**
     * A net order imbalance indicator (I): the state of a coming cross, disseminated before it.
     *
     * @param locate          stock locate code.
     * @param pairedShares    shares that would match at the reference price.
     * @param imbalanceShares shares left unmatched on the imbalance side.
     * @param direction       B buy, S sell, N no imbalance, O insufficient orders to compute it.
     * @param referencePrice  current reference price, PRICE9; null (Long.MAX_VALUE) when ITCH sends 0.
     * @param nearPrice       near price, PRICE9; null when ITCH sends 0.
     * @param farPrice        far price, PRICE9; null when ITCH sends 0.
     * @param crossType       O opening, C closing, H halt or IPO, A extended trading close.
     * @param priceVariation  the price variation indicator byte.
     * @param timestampNs     ITCH timestamp.
     */
    default void onImbalance(
        final int locate, final long pairedShares, final long imbalanceShares, final byte direction,
        final long referencePrice, final long nearPrice, final long farPrice, final byte crossType,
        final byte priceVariation, final long timestampNs)
    {
    }

    /**
     * A system event (O start of messages, S start of system hours, Q start of market hours, M end of market hours,
     * E end of system hours, C end of messages).
     *
     * @param eventCode   the event code byte.
     * @param timestampNs ITCH timestamp.
     */
    default void onSystemEvent(final byte eventCode, final long timestampNs)
    {
    }

    /**
     * A stock trading action (H halted, P paused, Q quotation only, T trading).
     *
     * @param locate          stock locate code.
     * @param tradingState    the trading state byte.
     * @param operationalHalt whether an operational halt (h) of the stock is in effect: the stock does not trade on
     *                        the feed's market whatever the trading state says.
     * @param timestampNs     ITCH timestamp.
     */
    default void onTradingAction(
        final int locate, final byte tradingState, final boolean operationalHalt, final long timestampNs)
    {
    }

    /**
     * An operational halt of a stock on a market center (h): halted, or resumed.
     *
     * @param locate       stock locate code.
     * @param marketCode   Q Nasdaq, B BX, X PSX: the feed's own market center.
     * @param halted       true for a halt (action H), false for a resumption (action T).
     * @param tradingState the stock's last trading state byte (H, P, Q, T; 0 before any trading action): after a
     *                     resumption the stock is in this state again.
     * @param timestampNs  ITCH timestamp.
     */
    default void onOperationalHalt(
        final int locate, final byte marketCode, final boolean halted, final byte tradingState,
        final long timestampNs)
    {
    }

    /**
     * Messages were missed: the MoldUDP64 sequence jumped (later: re-request or Glimpse snapshot).
     *
     * @param fromSequence first missing sequence number.
     * @param toSequence   last missing sequence number.
     */
    default void onGap(final long fromSequence, final long toSequence)
    {
    }
}
