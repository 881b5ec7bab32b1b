package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.OrderBook;
import io.xdpfeed.handler.protocol.DefinitionSink;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One instrument of a channel: its definition, its books, its RptSeq and the handler's confidence in it.
 * <p>
 * Owned by the {@link ChannelState} of its channel and written by its one thread only. Listeners read it during a
 * callback.
 */
public final class Instrument
{
    /** Null value of a raw uint8 status. */
    public static final short NULL_STATUS = 255;
    /** Symbol bytes (CME Symbol char[20]). */
    public static final int SYMBOL_LENGTH = DefinitionSink.SYMBOL_LENGTH;
    /** Security group and asset bytes (char[6]). */
    public static final int GROUP_LENGTH = DefinitionSink.GROUP_LENGTH;

    private final int channelId;
    private final int securityId;
    private final MbpBook book;
    private OrderBookState orderState;

    int index;
    long rptSeq;
    FeedStatus feedStatus = FeedStatus.LIVE;
    long appliedThroughSeqNum;
    long floorSeqNum;
    long lastMsgSeqNum;
    int snapshotLoop = -1;
    boolean skippedWhileStale;
    boolean replayFailed;
    /** STALE only because every incremental line of the channel went silent: LIVE again when they speak in order. */
    boolean staleBySilence;

    boolean hasDefinition;
    long definitionUpdateTime = Long.MIN_VALUE;
    final byte[] symbol = new byte[SYMBOL_LENGTH];
    final byte[] securityGroup = new byte[GROUP_LENGTH];
    final byte[] asset = new byte[GROUP_LENGTH];
    long minPriceIncrement = Long.MAX_VALUE;
    long displayFactor = Long.MAX_VALUE;
    short tradingStatus = NULL_STATUS;
    short haltReason = NULL_STATUS;
    short tradingEvent = NULL_STATUS;
    long totalVolume;
    long trades;

    Instrument(final int channelId, final int securityId, final int depth, final int impliedDepth)
    {
        this.channelId = channelId;
        this.securityId = securityId;
        this.book = new MbpBook(depth, impliedDepth);
    }

    /**
     * @return CME channel id.
     */
    public int channelId()
    {
        return channelId;
    }

    /**
     * @return CME SecurityID.
     */
    public int securityId()
    {
        return securityId;
    }

    /**
     * @return the market-by-price book.
     */
    public MbpBook book()
    {
        return book;
    }

    /**
     * @return the market-by-order book, or null when MBO is off for the channel.
     */
    public OrderBook orderBook()
    {
        return orderState == null ? null : orderState.book;
    }

    /**
     * @return MsgSeqNum of the last incremental packet included in the market-by-order book, 0 when MBO is off.
     */
    public long orderBookSeqNum()
    {
        return orderState == null ? 0 : orderState.appliedThroughSeqNum;
    }

    OrderBookState orderState()
    {
        return orderState;
    }

    void orderState(final OrderBookState orderState)
    {
        this.orderState = orderState;
    }

    /**
     * @return the instrument's index in its channel (dense, from 0, in order of first sight).
     */
    public int index()
    {
        return index;
    }

    /**
     * @return RptSeq of the last entry applied, 0 when not known (start of session, after a reset, not in the loop).
     */
    public long rptSeq()
    {
        return rptSeq;
    }

    /**
     * @return LIVE when the book is trusted, STALE while it waits for recovery.
     */
    public FeedStatus feedStatus()
    {
        return feedStatus;
    }

    /**
     * @return true when the book is trusted.
     */
    public boolean isLive()
    {
        return feedStatus == FeedStatus.LIVE;
    }

    /**
     * @return MsgSeqNum of the last incremental packet applied to this instrument (or of its snapshot).
     */
    public long lastMsgSeqNum()
    {
        return lastMsgSeqNum;
    }

    /**
     * @return true once a definition (template 54) was seen.
     */
    public boolean hasDefinition()
    {
        return hasDefinition;
    }

    /**
     * @return outright depth.
     */
    public int depth()
    {
        return book.depth();
    }

    /**
     * @return implied depth.
     */
    public int impliedDepth()
    {
        return book.impliedDepth();
    }

    /**
     * @return the symbol bytes (space or NUL padded), do not modify.
     */
    public byte[] symbolBytes()
    {
        return symbol;
    }

    /**
     * @return the security group bytes, do not modify.
     */
    public byte[] securityGroupBytes()
    {
        return securityGroup;
    }

    /**
     * @return the asset bytes, do not modify.
     */
    public byte[] assetBytes()
    {
        return asset;
    }

    /**
     * @return the symbol as a trimmed String (allocates; for tools and tests).
     */
    public String symbol()
    {
        return trim(symbol);
    }

    /**
     * @return tick size mantissa (exponent -9), Long.MAX_VALUE when unknown.
     */
    public long minPriceIncrement()
    {
        return minPriceIncrement;
    }

    /**
     * @return display factor mantissa (exponent -9), Long.MAX_VALUE when unknown.
     */
    public long displayFactor()
    {
        return displayFactor;
    }

    /**
     * @return CME SecurityTradingStatus raw value, 255 when unknown.
     */
    public short tradingStatus()
    {
        return tradingStatus;
    }

    /**
     * @return CME HaltReason raw value, 255 when unknown.
     */
    public short haltReason()
    {
        return haltReason;
    }

    /**
     * @return CME SecurityTradingEvent raw value, 255 when unknown.
     */
    public short tradingEvent()
    {
        return tradingEvent;
    }

    /**
     * @return last cumulative session volume seen (template 37).
     */
    public long totalVolume()
    {
        return totalVolume;
    }

    /**
     * @return trade entries seen for this instrument.
     */
    public long trades()
    {
        return trades;
    }

    boolean isInGroup(final byte[] group)
    {
        return Arrays.equals(securityGroup, group);
    }

    private static String trim(final byte[] bytes)
    {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == ' '))
        {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    /**
     * @return short description for logs.
     */
    public String toString()
    {
        return "Instrument{securityId=" + securityId + ", status=" + feedStatus + ", rptSeq=" + rptSeq + ", " +
            book + '}';
    }
}
