package io.xdpfeed.handler.mdp3;

import io.xdpfeed.codecs.mdp3.AdminHeartbeat12Decoder;
import io.xdpfeed.codecs.mdp3.ChannelReset4Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshBook32Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshTradeSummary42Decoder;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Records what a {@link Mdp3PacketAdapter} delivers as values, for whole-list assertions.
 */
public final class RecordingListener implements Mdp3Listener
{
    /** A message header as seen by the listener. */
    public record Message(
        int channelId, long msgSeqNum, long sendingTimeNs, long receiveTimeNs, int messageIndex, int messageCount,
        int templateId, int version, long transactTime, int matchEventIndicator)
    {
    }

    /** One book, order, trade or volume entry, raw fields (-1 where the template has none). */
    public record Entry(
        long msgSeqNum, int templateId, int securityId, long rptSeq, int action, char entryType, int level,
        long price, int size, int orderCount, long orderId, long extra)
    {
    }

    /** An OrderID group entry of 46 or 48: orderId, priority (46) or 0, displayQty or lastQty, referenceId. */
    public record OrderIdEntry(long msgSeqNum, int templateId, long orderId, long priority, int qty, int referenceId)
    {
    }

    /** A message that was counted and skipped. */
    public record Unknown(long msgSeqNum, int templateId, int schemaId, int version, int length)
    {
    }

    public final List<Message> messages = new ArrayList<>();
    public final List<Entry> entries = new ArrayList<>();
    public final List<OrderIdEntry> orderIds = new ArrayList<>();
    public final List<Unknown> unknowns = new ArrayList<>();
    public int packetStarts;
    public int packetEnds;

    public void onPacketStart(final Mdp3PacketContext context)
    {
        packetStarts++;
    }

    public void onPacketEnd(final Mdp3PacketContext context)
    {
        packetEnds++;
    }

    public void onChannelReset4(final Mdp3PacketContext context, final ChannelReset4Decoder decoder)
    {
        message(context, decoder.sbeTemplateId(), decoder.actingVersion(), decoder.transactTime(),
            decoder.matchEventIndicator().getRaw());
    }

    public void onAdminHeartbeat12(final Mdp3PacketContext context, final AdminHeartbeat12Decoder decoder)
    {
        message(context, decoder.sbeTemplateId(), decoder.actingVersion(), -1, -1);
    }

    public void onSecurityStatus30(final Mdp3PacketContext context, final SecurityStatus30Decoder decoder)
    {
        message(context, decoder.sbeTemplateId(), decoder.actingVersion(), decoder.transactTime(),
            decoder.matchEventIndicator().getRaw());
        entries.add(new Entry(context.msgSeqNum(), 30, decoder.securityID(), -1, -1,
            (char)decoder.securityTradingStatusRaw(), -1, -1, -1, -1, -1, decoder.securityTradingEventRaw()));
    }

    public void onMDIncrementalRefreshVolume37(
        final Mdp3PacketContext context, final MDIncrementalRefreshVolume37Decoder decoder)
    {
        message(context, decoder.sbeTemplateId(), decoder.actingVersion(), decoder.transactTime(),
            decoder.matchEventIndicator().getRaw());
        for (final MDIncrementalRefreshVolume37Decoder.NoMDEntriesDecoder e : decoder.noMDEntries())
        {
            entries.add(new Entry(context.msgSeqNum(), 37, e.securityID(), e.rptSeq(), e.mDUpdateActionRaw(),
                (char)e.mDEntryType(), -1, -1, e.mDEntrySize(), -1, -1, -1));
        }
    }

    public void onMDIncrementalRefreshBook46(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook46Decoder decoder)
    {
        message(context, decoder.sbeTemplateId(), decoder.actingVersion(), decoder.transactTime(),
            decoder.matchEventIndicator().getRaw());
        for (final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder e : decoder.noMDEntries())
        {
            entries.add(new Entry(context.msgSeqNum(), 46, e.securityID(), e.rptSeq(), e.mDUpdateActionRaw(),
                (char)e.mDEntryTypeRaw(), e.mDPriceLevel(), e.mDEntryPx().mantissa(), e.mDEntrySize(),
                e.numberOfOrders(), -1, e.tradeableSize()));
        }
        for (final MDIncrementalRefreshBook46Decoder.NoOrderIDEntriesDecoder o : decoder.noOrderIDEntries())
        {
            orderIds.add(new OrderIdEntry(context.msgSeqNum(), 46, o.orderID(), o.mDOrderPriority(),
                o.mDDisplayQty(), o.referenceID()));
        }
    }

    public void onMDIncrementalRefreshOrderBook47(
        final Mdp3PacketContext context, final MDIncrementalRefreshOrderBook47Decoder decoder)
    {
        message(context, decoder.sbeTemplateId(), decoder.actingVersion(), decoder.transactTime(),
            decoder.matchEventIndicator().getRaw());
        for (final MDIncrementalRefreshOrderBook47Decoder.NoMDEntriesDecoder e : decoder.noMDEntries())
        {
            entries.add(new Entry(context.msgSeqNum(), 47, e.securityID(), -1, e.mDUpdateActionRaw(),
                (char)e.mDEntryTypeRaw(), -1, e.mDEntryPx().mantissa(), e.mDDisplayQty(), -1, e.orderID(),
                e.mDOrderPriority()));
        }
    }

    public void onMDIncrementalRefreshTradeSummary48(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary48Decoder decoder)
    {
        message(context, decoder.sbeTemplateId(), decoder.actingVersion(), decoder.transactTime(),
            decoder.matchEventIndicator().getRaw());
        for (final MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder e : decoder.noMDEntries())
        {
            entries.add(new Entry(context.msgSeqNum(), 48, e.securityID(), e.rptSeq(), e.mDUpdateActionRaw(),
                (char)e.mDEntryType(), -1, e.mDEntryPx().mantissa(), e.mDEntrySize(), e.numberOfOrders(),
                e.aggressorSideRaw(), e.mDTradeEntryID()));
        }
        for (final MDIncrementalRefreshTradeSummary48Decoder.NoOrderIDEntriesDecoder o : decoder.noOrderIDEntries())
        {
            orderIds.add(new OrderIdEntry(context.msgSeqNum(), 48, o.orderID(), 0, o.lastQty(), 0));
        }
    }

    public void onMDIncrementalRefreshBook32(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook32Decoder decoder)
    {
        message(context, decoder.sbeTemplateId(), decoder.actingVersion(), decoder.transactTime(),
            decoder.matchEventIndicator().getRaw());
        for (final MDIncrementalRefreshBook32Decoder.NoMDEntriesDecoder e : decoder.noMDEntries())
        {
            entries.add(new Entry(context.msgSeqNum(), 32, e.securityID(), e.rptSeq(), e.mDUpdateActionRaw(),
                (char)e.mDEntryTypeRaw(), e.mDPriceLevel(), e.mDEntryPx().mantissa(), e.mDEntrySize(),
                e.numberOfOrders(), -1, -1));
        }
        for (final MDIncrementalRefreshBook32Decoder.NoOrderIDEntriesDecoder o : decoder.noOrderIDEntries())
        {
            orderIds.add(new OrderIdEntry(context.msgSeqNum(), 32, o.orderID(), o.mDOrderPriority(),
                o.mDDisplayQty(), o.referenceID()));
        }
    }

    public void onMDIncrementalRefreshTradeSummary42(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary42Decoder decoder)
    {
        message(context, decoder.sbeTemplateId(), decoder.actingVersion(), decoder.transactTime(),
            decoder.matchEventIndicator().getRaw());
        for (final MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder e : decoder.noMDEntries())
        {
            entries.add(new Entry(context.msgSeqNum(), 42, e.securityID(), e.rptSeq(), e.mDUpdateActionRaw(),
                (char)e.mDEntryType(), -1, e.mDEntryPx().mantissa(), e.mDEntrySize(), e.numberOfOrders(),
                e.aggressorSideRaw(), -1));
        }
        for (final MDIncrementalRefreshTradeSummary42Decoder.NoOrderIDEntriesDecoder o : decoder.noOrderIDEntries())
        {
            orderIds.add(new OrderIdEntry(context.msgSeqNum(), 42, o.orderID(), 0, o.lastQty(), 0));
        }
    }

    public void onUnknownMessage(
        final Mdp3PacketContext context,
        final int templateId,
        final int schemaId,
        final int version,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        unknowns.add(new Unknown(context.msgSeqNum(), templateId, schemaId, version, length));
    }

    private void message(
        final Mdp3PacketContext context, final int templateId, final int version, final long transactTime,
        final int matchEventIndicator)
    {
        messages.add(new Message(context.channelId(), context.msgSeqNum(), context.sendingTimeNs(),
            context.receiveTimeNs(), context.messageIndex(), context.messageCount(), templateId, version,
            transactTime, matchEventIndicator));
    }
}
