package io.xdpfeed.handler.mdp3;

import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshBook32Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshTradeSummary42Decoder;

/**
 * Reads every field of every entry into a checksum without allocating, and counts trade summary entries.
 */
public final class FieldReadingListener implements Mdp3Listener
{
    public long checksum;
    public long trades;

    public void onSecurityStatus30(final Mdp3PacketContext context, final SecurityStatus30Decoder decoder)
    {
        checksum += decoder.securityID() + decoder.transactTime() + decoder.securityTradingStatusRaw();
    }

    public void onMDIncrementalRefreshVolume37(
        final Mdp3PacketContext context, final MDIncrementalRefreshVolume37Decoder decoder)
    {
        for (final MDIncrementalRefreshVolume37Decoder.NoMDEntriesDecoder e : decoder.noMDEntries())
        {
            checksum += e.mDEntrySize() + e.securityID() + e.rptSeq() + e.mDUpdateActionRaw();
        }
    }

    public void onMDIncrementalRefreshBook46(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook46Decoder decoder)
    {
        checksum += decoder.transactTime() + decoder.matchEventIndicator().getRaw();
        for (final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder e : decoder.noMDEntries())
        {
            checksum += e.mDEntryPx().mantissa() + e.mDEntrySize() + e.securityID() + e.rptSeq() +
                e.numberOfOrders() + e.mDPriceLevel() + e.mDUpdateActionRaw() + e.mDEntryTypeRaw() + e.tradeableSize();
        }
        for (final MDIncrementalRefreshBook46Decoder.NoOrderIDEntriesDecoder o : decoder.noOrderIDEntries())
        {
            checksum += o.orderID() + o.mDOrderPriority() + o.mDDisplayQty() + o.referenceID();
        }
    }

    public void onMDIncrementalRefreshOrderBook47(
        final Mdp3PacketContext context, final MDIncrementalRefreshOrderBook47Decoder decoder)
    {
        for (final MDIncrementalRefreshOrderBook47Decoder.NoMDEntriesDecoder e : decoder.noMDEntries())
        {
            checksum += e.orderID() + e.mDOrderPriority() + e.mDEntryPx().mantissa() + e.mDDisplayQty() +
                e.securityID() + e.mDUpdateActionRaw() + e.mDEntryTypeRaw();
        }
    }

    public void onMDIncrementalRefreshTradeSummary48(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary48Decoder decoder)
    {
        for (final MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder e : decoder.noMDEntries())
        {
            trades++;
            checksum += e.mDEntryPx().mantissa() + e.mDEntrySize() + e.securityID() + e.rptSeq() +
                e.numberOfOrders() + e.aggressorSideRaw() + e.mDUpdateActionRaw() + e.mDTradeEntryID();
        }
        for (final MDIncrementalRefreshTradeSummary48Decoder.NoOrderIDEntriesDecoder o : decoder.noOrderIDEntries())
        {
            checksum += o.orderID() + o.lastQty();
        }
    }

    public void onMDIncrementalRefreshBook32(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook32Decoder decoder)
    {
        for (final MDIncrementalRefreshBook32Decoder.NoMDEntriesDecoder e : decoder.noMDEntries())
        {
            checksum += e.mDEntryPx().mantissa() + e.mDEntrySize() + e.securityID() + e.rptSeq() +
                e.numberOfOrders() + e.mDPriceLevel() + e.mDUpdateActionRaw() + e.mDEntryTypeRaw();
        }
        for (final MDIncrementalRefreshBook32Decoder.NoOrderIDEntriesDecoder o : decoder.noOrderIDEntries())
        {
            checksum += o.orderID() + o.mDOrderPriority() + o.mDDisplayQty();
        }
    }

    public void onMDIncrementalRefreshTradeSummary42(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary42Decoder decoder)
    {
        for (final MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder e : decoder.noMDEntries())
        {
            trades++;
            checksum += e.mDEntryPx().mantissa() + e.mDEntrySize() + e.securityID() + e.rptSeq() +
                e.numberOfOrders() + e.aggressorSideRaw() + e.mDUpdateActionRaw();
        }
    }
}
