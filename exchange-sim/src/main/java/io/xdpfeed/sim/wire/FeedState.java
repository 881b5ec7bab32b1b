package io.xdpfeed.sim.wire;

import io.xdpfeed.codecs.mdp3.ChannelReset4Decoder;
import io.xdpfeed.codecs.mdp3.MDEntryTypeBook;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Decoder;
import io.xdpfeed.codecs.mdp3.SecurityTradingStatus;
import io.xdpfeed.sim.market.Instrument;
import io.xdpfeed.sim.market.MbpBook;
import org.agrona.DirectBuffer;

/**
 * The channel as a consumer of the incremental feed sees it after every packet published so far: books, RptSeq,
 * volume, trading status and the last MsgSeqNum.
 * <p>
 * It is built by decoding the simulator's own encoded messages, in MsgSeqNum order, the moment they are placed in a
 * packet, so snapshots describe exactly what the incremental packets up to LastMsgSeqNumProcessed say (even when an
 * event continues in the next packet), and the final state is the truth. Any entry that does not fit the book is
 * counted in {@link #bookErrors()}: the simulator checks it stays 0.
 */
public final class FeedState
{
    private final int firstSecurityId;
    private final Instrument[] instruments;
    private final MbpBook[] books;
    private final MbpBook[] impliedBooks;
    private final long[] rptSeqs;
    private final long[] transactTimes;
    private final long[] volumes;
    private final SecurityTradingStatus[] statuses;
    private final PublishedOrders[] orders;
    private final MDIncrementalRefreshOrderBook47Decoder orderBook = new MDIncrementalRefreshOrderBook47Decoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MDIncrementalRefreshBook46Decoder book = new MDIncrementalRefreshBook46Decoder();
    private final MDIncrementalRefreshTradeSummary48Decoder trade = new MDIncrementalRefreshTradeSummary48Decoder();
    private final MDIncrementalRefreshVolume37Decoder volume = new MDIncrementalRefreshVolume37Decoder();
    private final SecurityStatus30Decoder status = new SecurityStatus30Decoder();
    private long lastMsgSeqNum;
    private long bookErrors;

    /** Empty books for these instruments (SecurityIDs from firstSecurityId). */
    public FeedState(final Instrument[] instruments, final int firstSecurityId)
    {
        this.firstSecurityId = firstSecurityId;
        this.instruments = instruments;
        final int count = instruments.length;
        books = new MbpBook[count];
        impliedBooks = new MbpBook[count];
        rptSeqs = new long[count];
        transactTimes = new long[count];
        volumes = new long[count];
        statuses = new SecurityTradingStatus[count];
        orders = new PublishedOrders[count];
        for (int i = 0; i < count; i++)
        {
            orders[i] = new PublishedOrders();
            books[i] = new MbpBook(instruments[i].depth);
            impliedBooks[i] = new MbpBook(instruments[i].impliedDepth);
            statuses[i] = SecurityTradingStatus.ReadyToTrade;
        }
    }

    /** The incremental packet with this MsgSeqNum is being filled: its messages follow. */
    public void packetStarted(final long msgSeqNum)
    {
        lastMsgSeqNum = msgSeqNum;
    }

    long lastMsgSeqNum()
    {
        return lastMsgSeqNum;
    }

    /** Published entries that did not fit the book; 0 unless the simulator has a bug. */
    public long bookErrors()
    {
        return bookErrors;
    }

    /** The outright book of an instrument, by index, as the feed says it is. */
    public MbpBook book(final int index)
    {
        return books[index];
    }

    MbpBook impliedBook(final int index)
    {
        return impliedBooks[index];
    }

    /**
     * The market-by-order book published so far (templates 47; empty when market by order is off).
     */
    public PublishedOrders orders(final int index)
    {
        return orders[index];
    }

    long rptSeq(final int index)
    {
        return rptSeqs[index];
    }

    long transactTime(final int index)
    {
        return transactTimes[index];
    }

    long volume(final int index)
    {
        return volumes[index];
    }

    SecurityTradingStatus status(final int index)
    {
        return statuses[index];
    }

    /**
     * Apply one message as laid out on the wire (MsgSize, SBE header, body).
     */
    void apply(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset + 2);
        final int bodyOffset = offset + 2 + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case MDIncrementalRefreshBook46Decoder.TEMPLATE_ID -> applyBook(buffer, bodyOffset, blockLength, version);
            case MDIncrementalRefreshTradeSummary48Decoder.TEMPLATE_ID ->
            {
                trade.wrap(buffer, bodyOffset, blockLength, version);
                for (final MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder entry : trade.noMDEntries())
                {
                    final int index = index(entry.securityID());
                    rptSeqs[index] = entry.rptSeq();
                    transactTimes[index] = trade.transactTime();
                }
            }
            case MDIncrementalRefreshVolume37Decoder.TEMPLATE_ID ->
            {
                volume.wrap(buffer, bodyOffset, blockLength, version);
                for (final MDIncrementalRefreshVolume37Decoder.NoMDEntriesDecoder entry : volume.noMDEntries())
                {
                    final int index = index(entry.securityID());
                    rptSeqs[index] = entry.rptSeq();
                    volumes[index] = entry.mDEntrySize();
                    transactTimes[index] = volume.transactTime();
                }
            }
            case SecurityStatus30Decoder.TEMPLATE_ID -> applyStatus(buffer, bodyOffset, blockLength, version);
            case MDIncrementalRefreshOrderBook47Decoder.TEMPLATE_ID ->
                applyOrders(buffer, bodyOffset, blockLength, version);
            case ChannelReset4Decoder.TEMPLATE_ID ->
            {
                for (int i = 0; i < books.length; i++)
                {
                    books[i].clear();
                    impliedBooks[i].clear();
                    orders[i].clear();
                    rptSeqs[i] = 0;
                    volumes[i] = 0;
                }
            }
            default -> bookErrors++;
        }
    }

    private void applyBook(final DirectBuffer buffer, final int bodyOffset, final int blockLength, final int version)
    {
        book.wrap(buffer, bodyOffset, blockLength, version);
        for (final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder entry : book.noMDEntries())
        {
            final int index = index(entry.securityID());
            rptSeqs[index] = entry.rptSeq();
            transactTimes[index] = book.transactTime();
            final MDEntryTypeBook type = entry.mDEntryType();
            final boolean implied = type == MDEntryTypeBook.ImpliedBid || type == MDEntryTypeBook.ImpliedOffer;
            final boolean bid = type == MDEntryTypeBook.Bid || type == MDEntryTypeBook.ImpliedBid;
            final MbpBook target = implied ? impliedBooks[index] : books[index];
            if (!target.apply(bid, entry.mDUpdateAction(), entry.mDPriceLevel(), entry.mDEntryPx().mantissa(),
                entry.mDEntrySize(), entry.numberOfOrders()))
            {
                bookErrors++;
            }
        }
    }

    private void applyOrders(final DirectBuffer buffer, final int bodyOffset, final int blockLength, final int version)
    {
        orderBook.wrap(buffer, bodyOffset, blockLength, version);
        for (final MDIncrementalRefreshOrderBook47Decoder.NoMDEntriesDecoder entry : orderBook.noMDEntries())
        {
            final int index = index(entry.securityID());
            transactTimes[index] = orderBook.transactTime();
            final boolean bid = entry.mDEntryType() == MDEntryTypeBook.Bid;
            final PublishedOrders book = orders[index];
            final boolean applied = switch (entry.mDUpdateAction())
            {
                case New -> book.add(bid, entry.orderID(), entry.mDOrderPriority(), entry.mDEntryPx().mantissa(),
                    entry.mDDisplayQty());
                case Change -> book.change(bid, entry.orderID(), entry.mDOrderPriority(),
                    entry.mDEntryPx().mantissa(), entry.mDDisplayQty());
                case Delete -> book.delete(entry.orderID());
                default -> false;
            };
            if (!applied)
            {
                bookErrors++;
            }
        }
    }

    private void applyStatus(final DirectBuffer buffer, final int bodyOffset, final int blockLength, final int version)
    {
        status.wrap(buffer, bodyOffset, blockLength, version);
        final int securityId = status.securityID();
        if (securityId != SecurityStatus30Decoder.securityIDNullValue())
        {
            statuses[index(securityId)] = status.securityTradingStatus();
            return;
        }
        final String group = status.securityGroup().trim();
        for (int i = 0; i < instruments.length; i++)
        {
            if (instruments[i].securityGroup.equals(group))
            {
                statuses[i] = status.securityTradingStatus();
            }
        }
    }

    private int index(final int securityId)
    {
        return securityId - firstSecurityId;
    }
}
