package io.xdpfeed.handler.protocol;

import io.xdpfeed.codecs.md.ImbalanceSide;
import io.xdpfeed.common.book.MbpSide;

/**
 * The imbalance of an instrument's coming auction (opening, closing, halt or IPO cross) as the exchange disseminates
 * it before the auction (ITCH's Net Order Imbalance Indicator): what an {@code AuctionImbalance} record carries.
 * <p>
 * One holder is reused for every imbalance a protocol hands over ({@link EventSink#auctionImbalance}), so nothing is
 * allocated per message; its values are valid during the call it is passed to. Prices are PRICE9 mantissas,
 * {@link #NULL_PRICE} when not given. One thread.
 */
public final class AuctionImbalance
{
    /** A price not given: the null mantissa of every price (Long.MAX_VALUE). */
    public static final long NULL_PRICE = MbpSide.NULL_PRICE;

    private long pairedQty;
    private long imbalanceQty;
    private ImbalanceSide side = ImbalanceSide.NONE;
    private long referencePrice = NULL_PRICE;
    private long nearPrice = NULL_PRICE;
    private long farPrice = NULL_PRICE;
    private byte auctionType;
    private byte priceVariation;

    /**
     * @param pairedQty      quantity that would match at the reference price.
     * @param imbalanceQty   quantity left unmatched on the imbalance side.
     * @param side           side of the imbalance.
     * @param referencePrice price the quantities are computed at.
     * @param nearPrice      indicative auction price with the continuous book.
     * @param farPrice       indicative auction price of the auction orders alone.
     * @param auctionType    the exchange's auction type code, raw.
     * @param priceVariation the exchange's price variation code, raw.
     * @return this.
     */
    public AuctionImbalance set(
        final long pairedQty, final long imbalanceQty, final ImbalanceSide side, final long referencePrice,
        final long nearPrice, final long farPrice, final byte auctionType, final byte priceVariation)
    {
        this.pairedQty = pairedQty;
        this.imbalanceQty = imbalanceQty;
        this.side = side;
        this.referencePrice = referencePrice;
        this.nearPrice = nearPrice;
        this.farPrice = farPrice;
        this.auctionType = auctionType;
        this.priceVariation = priceVariation;
        return this;
    }

    /**
     * @return quantity that would match at the reference price.
     */
    public long pairedQty()
    {
        return pairedQty;
    }

    /**
     * @return quantity left unmatched on the imbalance side.
     */
    public long imbalanceQty()
    {
        return imbalanceQty;
    }

    /**
     * @return side of the imbalance.
     */
    public ImbalanceSide side()
    {
        return side;
    }

    /**
     * @return price the quantities are computed at, {@link #NULL_PRICE} when not given.
     */
    public long referencePrice()
    {
        return referencePrice;
    }

    /**
     * @return indicative auction price with the continuous book, {@link #NULL_PRICE} when not given.
     */
    public long nearPrice()
    {
        return nearPrice;
    }

    /**
     * @return indicative auction price of the auction orders alone, {@link #NULL_PRICE} when not given.
     */
    public long farPrice()
    {
        return farPrice;
    }

    /**
     * @return the exchange's auction type code (ITCH cross type: O opening, C closing, H halt or IPO, A extended
     * trading close).
     */
    public byte auctionType()
    {
        return auctionType;
    }

    /**
     * @return the exchange's price variation code (ITCH: L under 1%, 1..9, A, B, C; space when not given).
     */
    public byte priceVariation()
    {
        return priceVariation;
    }
}
