package io.xdpfeed.client;

import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.codecs.md.AuctionImbalanceEncoder;
import io.xdpfeed.codecs.md.BookSnapshotEncoder;
import io.xdpfeed.codecs.md.BookUpdateEncoder;
import io.xdpfeed.codecs.md.BooleanType;
import io.xdpfeed.codecs.md.ChannelStatusEncoder;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.HeartbeatEncoder;
import io.xdpfeed.codecs.md.ImbalanceSide;
import io.xdpfeed.codecs.md.InstrumentDefinitionEncoder;
import io.xdpfeed.codecs.md.InstrumentStatusEncoder;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.codecs.md.SnapshotCompleteEncoder;
import io.xdpfeed.codecs.md.TradeCancelEncoder;
import io.xdpfeed.codecs.md.TradeEncoder;
import io.xdpfeed.codecs.md.VolumeEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * Encodes normalized records with the codecs' encoders into one reused buffer, as the handler would; each method
 * returns the message length. Timestamps: sendingTimeNs and publishTimeNs are given by the caller (0 = now unknown).
 */
final class RecordWriter
{
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
    private final BookUpdateEncoder bookUpdate = new BookUpdateEncoder();
    private final BookSnapshotEncoder bookSnapshot = new BookSnapshotEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final TradeCancelEncoder tradeCancel = new TradeCancelEncoder();
    private final AuctionImbalanceEncoder auctionImbalance = new AuctionImbalanceEncoder();
    private final InstrumentStatusEncoder instrumentStatus = new InstrumentStatusEncoder();
    private final ChannelStatusEncoder channelStatus = new ChannelStatusEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final VolumeEncoder volume = new VolumeEncoder();
    private final SnapshotCompleteEncoder snapshotComplete = new SnapshotCompleteEncoder();
    long sendingTimeNs;
    long publishTimeNs;

    int definition(
        final long recordSeq,
        final int channelId,
        final int securityId,
        final String symbol,
        final int depth,
        final int impliedDepth)
    {
        definition.wrapAndApplyHeader(buffer, 0, header)
            .channelId(channelId).securityId(securityId).recordSeq(recordSeq)
            .sendingTimeNs(sendingTimeNs).receiveTimeNs(sendingTimeNs).publishTimeNs(publishTimeNs).msgSeqNum(0)
            .symbol(symbol).securityGroup("ES").asset("ES")
            .minPriceIncrement(250_000_000L).displayFactor(1_000_000_000L)
            .marketDepth((short)depth).impliedMarketDepth((short)impliedDepth).tradingStatus((short)17)
            .feedStatus(FeedStatus.LIVE);

        return MessageHeaderEncoder.ENCODED_LENGTH + definition.encodedLength();
    }

    int bookUpdate(
        final long recordSeq,
        final int channelId,
        final int securityId,
        final long rptSeq,
        final boolean endOfEvent,
        final List<LevelEntry> entries)
    {
        final BookUpdateEncoder.LevelsEncoder levels = bookUpdate.wrapAndApplyHeader(buffer, 0, header)
            .channelId(channelId).securityId(securityId).recordSeq(recordSeq)
            .sendingTimeNs(sendingTimeNs).receiveTimeNs(sendingTimeNs).publishTimeNs(publishTimeNs)
            .msgSeqNum(recordSeq)
            .endOfEvent(endOfEvent ? BooleanType.TRUE : BooleanType.FALSE)
            .matchEventIndicator((short)(endOfEvent ? 0x84 : 0x04))
            .rptSeq(rptSeq)
            .levelsCount(entries.size());
        for (final LevelEntry entry : entries)
        {
            levels.next().side(entry.side()).levelType(entry.type()).action(entry.action()).level((short)entry.level())
                .price(entry.price()).size(entry.size()).orderCount(entry.orders());
        }

        return MessageHeaderEncoder.ENCODED_LENGTH + bookUpdate.encodedLength();
    }

    int bookSnapshot(final long recordSeq, final long requestId, final ReferenceBook book, final FeedStatus status)
    {
        final BookSnapshotEncoder.LevelsEncoder levels = bookSnapshot.wrapAndApplyHeader(buffer, 0, header)
            .channelId(book.channelId).securityId(book.securityId).recordSeq(recordSeq)
            .sendingTimeNs(sendingTimeNs).receiveTimeNs(sendingTimeNs).publishTimeNs(publishTimeNs).msgSeqNum(0)
            .requestId(requestId).feedStatus(status).rptSeq(book.rptSeq).lastMsgSeqNumProcessed(0)
            .levelsCount(book.levelCount());
        for (final LevelType type : LevelType.values())
        {
            if (type == LevelType.NULL_VAL)
            {
                continue;
            }
            for (final Side side : List.of(Side.BID, Side.ASK))
            {
                final List<Px> sideLevels = book.levels(side, type);
                for (int i = 0; i < sideLevels.size(); i++)
                {
                    final Px px = sideLevels.get(i);
                    levels.next().side(side).levelType(type).level((short)(i + 1))
                        .price(px.price()).size(px.size()).orderCount(px.orders());
                }
            }
        }

        return MessageHeaderEncoder.ENCODED_LENGTH + bookSnapshot.encodedLength();
    }

    int snapshotComplete(final long requestId, final int channelId, final long lastRecordSeq, final int instruments)
    {
        snapshotComplete.wrapAndApplyHeader(buffer, 0, header)
            .requestId(requestId).channelId(channelId).lastRecordSeq(lastRecordSeq).instruments(instruments);

        return MessageHeaderEncoder.ENCODED_LENGTH + snapshotComplete.encodedLength();
    }

    int trade(final long recordSeq, final int channelId, final int securityId, final long price, final long size)
    {
        trade.wrapAndApplyHeader(buffer, 0, header)
            .channelId(channelId).securityId(securityId).recordSeq(recordSeq)
            .sendingTimeNs(sendingTimeNs).receiveTimeNs(sendingTimeNs).publishTimeNs(publishTimeNs)
            .msgSeqNum(recordSeq)
            .price(price).size(size).orderCount(2).aggressorSide(AggressorSide.BUY).tradeId(recordSeq)
            .endOfEvent(BooleanType.TRUE).rptSeq(recordSeq);

        return MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength();
    }

    int tradeCancel(final long recordSeq, final int channelId, final int securityId, final long tradeId)
    {
        tradeCancel.wrapAndApplyHeader(buffer, 0, header)
            .channelId(channelId).securityId(securityId).recordSeq(recordSeq)
            .sendingTimeNs(sendingTimeNs).receiveTimeNs(sendingTimeNs).publishTimeNs(publishTimeNs)
            .msgSeqNum(recordSeq)
            .price(TradeCancelEncoder.priceNullValue()).size(0).tradeId(tradeId).rptSeq(-1);

        return MessageHeaderEncoder.ENCODED_LENGTH + tradeCancel.encodedLength();
    }

    int auctionImbalance(
        final long recordSeq, final int channelId, final int securityId, final long imbalanceQty,
        final ImbalanceSide side)
    {
        auctionImbalance.wrapAndApplyHeader(buffer, 0, header)
            .channelId(channelId).securityId(securityId).recordSeq(recordSeq)
            .sendingTimeNs(sendingTimeNs).receiveTimeNs(sendingTimeNs).publishTimeNs(publishTimeNs)
            .msgSeqNum(recordSeq)
            .pairedQty(100).imbalanceQty(imbalanceQty).imbalanceSide(side).referencePrice(10_000_000_000L)
            .nearPrice(10_010_000_000L).farPrice(AuctionImbalanceEncoder.farPriceNullValue()).auctionType((short)'C')
            .priceVariation((short)'L');

        return MessageHeaderEncoder.ENCODED_LENGTH + auctionImbalance.encodedLength();
    }

    int instrumentStatus(final long recordSeq, final int channelId, final int securityId, final FeedStatus status)
    {
        instrumentStatus.wrapAndApplyHeader(buffer, 0, header)
            .channelId(channelId).securityId(securityId).recordSeq(recordSeq)
            .sendingTimeNs(sendingTimeNs).receiveTimeNs(sendingTimeNs).publishTimeNs(publishTimeNs)
            .msgSeqNum(recordSeq)
            .feedStatus(status).tradingStatus((short)17).haltReason((short)0).tradingEvent((short)0);

        return MessageHeaderEncoder.ENCODED_LENGTH + instrumentStatus.encodedLength();
    }

    int channelStatus(final long recordSeq, final int channelId, final FeedStatus status)
    {
        channelStatus.wrapAndApplyHeader(buffer, 0, header)
            .channelId(channelId).securityId(ChannelStatusEncoder.securityIdNullValue()).recordSeq(recordSeq)
            .sendingTimeNs(sendingTimeNs).receiveTimeNs(sendingTimeNs).publishTimeNs(publishTimeNs).msgSeqNum(0)
            .feedStatus(status).gapFromMsgSeqNum(0).gapToMsgSeqNum(0).recoveries(0);

        return MessageHeaderEncoder.ENCODED_LENGTH + channelStatus.encodedLength();
    }

    int heartbeat(final long recordSeq, final int channelId)
    {
        heartbeat.wrapAndApplyHeader(buffer, 0, header)
            .channelId(channelId).securityId(HeartbeatEncoder.securityIdNullValue()).recordSeq(recordSeq)
            .sendingTimeNs(0).receiveTimeNs(0).publishTimeNs(publishTimeNs).msgSeqNum(0);

        return MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength();
    }

    int volume(final long recordSeq, final int channelId, final int securityId, final long totalVolume)
    {
        volume.wrapAndApplyHeader(buffer, 0, header)
            .channelId(channelId).securityId(securityId).recordSeq(recordSeq)
            .sendingTimeNs(sendingTimeNs).receiveTimeNs(sendingTimeNs).publishTimeNs(publishTimeNs)
            .msgSeqNum(recordSeq)
            .totalVolume(totalVolume).rptSeq(recordSeq).endOfEvent(BooleanType.TRUE);

        return MessageHeaderEncoder.ENCODED_LENGTH + volume.encodedLength();
    }
}
