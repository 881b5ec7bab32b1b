package io.xdpfeed.client;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.InstrumentDefinitionDecoder;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.Side;

/**
 * The local market-by-price book of one instrument, kept by a {@link BookMirror}: outright and implied books, each
 * with a bid and an ask {@link BookSide}, plus what is needed to decide whether to trust it.
 * <p>
 * Read it on the polling thread (in a listener callback or between polls): it changes as records are applied. A book
 * is worth acting on only when {@link #isTrusted()}; between BookUpdates of one match event it may be mid-event
 * ({@link #isEndOfEvent()} false).
 */
public final class Book
{
    private final int channelId;
    private final int securityId;
    private final MirroredChannel channel;
    private final BookSide outrightBids;
    private final BookSide outrightAsks;
    private final BookSide impliedBids;
    private final BookSide impliedAsks;
    private final byte[] symbolBytes = new byte[InstrumentDefinitionDecoder.symbolLength()];
    private String symbol = "";
    private FeedStatus handlerStatus = FeedStatus.LIVE;
    private boolean synced;
    private boolean endOfEvent = true;
    private short tradingStatus = 255;
    private long rptSeq;
    private long lastRecordSeq;
    private long lastMsgSeqNum;

    Book(final MirroredChannel channel, final int securityId, final int depth, final int impliedDepth)
    {
        this.channel = channel;
        this.channelId = channel.channelId();
        this.securityId = securityId;
        outrightBids = new BookSide(depth);
        outrightAsks = new BookSide(depth);
        impliedBids = new BookSide(impliedDepth);
        impliedAsks = new BookSide(impliedDepth);
    }

    /**
     * @return the CME channel id.
     */
    public int channelId()
    {
        return channelId;
    }

    /**
     * @return the CME SecurityID.
     */
    public int securityId()
    {
        return securityId;
    }

    /**
     * @return the symbol from the instrument's definition, empty until one is seen.
     */
    public String symbol()
    {
        return symbol;
    }

    /**
     * @return the channel the instrument belongs to.
     */
    public MirroredChannel channel()
    {
        return channel;
    }

    /**
     * @return outright bids, best (highest) first.
     */
    public BookSide bids()
    {
        return outrightBids;
    }

    /**
     * @return outright asks, best (lowest) first.
     */
    public BookSide asks()
    {
        return outrightAsks;
    }

    /**
     * @return implied bids, best first.
     */
    public BookSide impliedBids()
    {
        return impliedBids;
    }

    /**
     * @return implied asks, best first.
     */
    public BookSide impliedAsks()
    {
        return impliedAsks;
    }

    /**
     * @param side      bid or ask.
     * @param levelType outright or implied.
     * @return the side of that book.
     */
    public BookSide side(final Side side, final LevelType levelType)
    {
        return side(side == Side.ASK ? 1 : 0, levelType == LevelType.IMPLIED ? 1 : 0);
    }

    /**
     * @return best outright bid price mantissa, {@link BookSide#NULL_PRICE} when none.
     */
    public long bestBidPrice()
    {
        return outrightBids.price(1);
    }

    /**
     * @return best outright bid quantity, 0 when none.
     */
    public long bestBidSize()
    {
        return outrightBids.size(1);
    }

    /**
     * @return best outright ask price mantissa, {@link BookSide#NULL_PRICE} when none.
     */
    public long bestAskPrice()
    {
        return outrightAsks.price(1);
    }

    /**
     * @return best outright ask quantity, 0 when none.
     */
    public long bestAskSize()
    {
        return outrightAsks.size(1);
    }

    /**
     * @return the handler's status of the instrument from its last BookSnapshot, InstrumentStatus or
     * InstrumentDefinition (LIVE until one says otherwise).
     */
    public FeedStatus handlerStatus()
    {
        return handlerStatus;
    }

    /**
     * @return true when the book has been complete since this subscriber's last gap or join: it was built from the
     * start of the stream, or replaced by a BookSnapshot since, or confirmed empty by a SnapshotComplete.
     */
    public boolean isSynced()
    {
        return synced;
    }

    /**
     * The one flag a strategy checks before acting: the book is synced, its channel is LIVE on this subscriber, and
     * the handler reports both the channel and the instrument LIVE.
     *
     * @return true when the book can be trusted.
     */
    public boolean isTrusted()
    {
        return synced && handlerStatus == FeedStatus.LIVE && channel.isLive();
    }

    /**
     * @return false between BookUpdates of one match event, true after the one that ends it (or a snapshot).
     */
    public boolean isEndOfEvent()
    {
        return endOfEvent;
    }

    /**
     * @return CME SecurityTradingStatus from the last InstrumentStatus or definition, 255 when unknown.
     */
    public short tradingStatus()
    {
        return tradingStatus;
    }

    /**
     * @return CME RptSeq of the last BookUpdate or BookSnapshot applied.
     */
    public long rptSeq()
    {
        return rptSeq;
    }

    /**
     * @return recordSeq of the last record applied to this book.
     */
    public long lastRecordSeq()
    {
        return lastRecordSeq;
    }

    /**
     * @return MDP MsgSeqNum of the last record applied to this book.
     */
    public long lastMsgSeqNum()
    {
        return lastMsgSeqNum;
    }

    BookSide side(final int sideRaw, final int levelTypeRaw)
    {
        if (levelTypeRaw == 0)
        {
            return sideRaw == 0 ? outrightBids : sideRaw == 1 ? outrightAsks : null;
        }
        else if (levelTypeRaw == 1)
        {
            return sideRaw == 0 ? impliedBids : sideRaw == 1 ? impliedAsks : null;
        }

        return null;
    }

    void clear()
    {
        outrightBids.clear();
        outrightAsks.clear();
        impliedBids.clear();
        impliedAsks.clear();
    }

    void depths(final int depth, final int impliedDepth)
    {
        if (depth > 0)
        {
            outrightBids.depth(depth);
            outrightAsks.depth(depth);
        }
        if (impliedDepth > 0)
        {
            impliedBids.depth(impliedDepth);
            impliedAsks.depth(impliedDepth);
        }
    }

    /**
     * Take the symbol from a definition; a String is only made when it differs from the one held, so definitions
     * sent again and again do not allocate.
     */
    void symbol(final InstrumentDefinitionDecoder definition, final byte[] scratch)
    {
        definition.getSymbol(scratch, 0);
        if (!java.util.Arrays.equals(scratch, symbolBytes))
        {
            System.arraycopy(scratch, 0, symbolBytes, 0, symbolBytes.length);
            int length = symbolBytes.length;
            while (length > 0 && (symbolBytes[length - 1] == 0 || symbolBytes[length - 1] == ' '))
            {
                length--;
            }
            symbol = new String(symbolBytes, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    void handlerStatus(final FeedStatus status)
    {
        handlerStatus = status;
    }

    void synced(final boolean synced)
    {
        this.synced = synced;
    }

    void endOfEvent(final boolean endOfEvent)
    {
        this.endOfEvent = endOfEvent;
    }

    void tradingStatus(final short tradingStatus)
    {
        this.tradingStatus = tradingStatus;
    }

    void applied(final long rptSeq, final long recordSeq, final long msgSeqNum)
    {
        this.rptSeq = rptSeq;
        this.lastRecordSeq = recordSeq;
        this.lastMsgSeqNum = msgSeqNum;
    }

    /**
     * @return the instrument, its trust and its four sides (allocates: for logs and test messages).
     */
    public String toString()
    {
        return "Book{" + channelId + "/" + securityId + (symbol.isEmpty() ? "" : " " + symbol) +
            " trusted=" + isTrusted() + " bids=" + outrightBids + " asks=" + outrightAsks +
            " impliedBids=" + impliedBids + " impliedAsks=" + impliedAsks + "}";
    }
}
