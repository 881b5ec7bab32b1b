package io.xdpfeed.handler.replay;

import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshBook32Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshTradeSummary42Decoder;
import io.xdpfeed.handler.mdp3.Mdp3Listener;
import io.xdpfeed.handler.mdp3.Mdp3PacketContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Counts trades (entries of trade summaries 42 and 48) and their quantity, and, when given a writer, writes one
 * JSON line per book, order, trade and volume entry with the raw wire fields:
 * <pre>
 * {"msgSeqNum":5,"template":46,"securityId":1,"rptSeq":2,"action":0,"entryType":"0","level":1,"price":100,
 *  "size":3,"orderCount":4}
 * </pre>
 * A field the template does not carry is null; a null price is written as null. Order entries (47) carry
 * {@code orderId} and {@code priority} instead of level and order count.
 */
public final class ReplayListener implements Mdp3Listener
{
    private static final long NULL_PRICE = Long.MAX_VALUE;

    private final Writer events;
    private final StringBuilder line = new StringBuilder(256);
    private long trades;
    private long tradeQty;
    private long eventLines;

    /**
     * @param events where to write JSON lines, or null for counts only.
     */
    public ReplayListener(final Writer events)
    {
        this.events = events;
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshBook46(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook46Decoder decoder)
    {
        for (final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
        {
            if (events != null)
            {
                start(context, MDIncrementalRefreshBook46Decoder.TEMPLATE_ID, entry.securityID(), entry.rptSeq(),
                    entry.mDUpdateActionRaw(), (char)entry.mDEntryTypeRaw());
                bookFields(entry.mDPriceLevel(), entry.mDEntryPx().mantissa(), entry.mDEntrySize(),
                    entry.numberOfOrders());
                end();
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshBook32(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook32Decoder decoder)
    {
        for (final MDIncrementalRefreshBook32Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
        {
            if (events != null)
            {
                start(context, MDIncrementalRefreshBook32Decoder.TEMPLATE_ID, entry.securityID(), entry.rptSeq(),
                    entry.mDUpdateActionRaw(), (char)entry.mDEntryTypeRaw());
                bookFields(entry.mDPriceLevel(), entry.mDEntryPx().mantissa(), entry.mDEntrySize(),
                    entry.numberOfOrders());
                end();
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshOrderBook47(
        final Mdp3PacketContext context, final MDIncrementalRefreshOrderBook47Decoder decoder)
    {
        for (final MDIncrementalRefreshOrderBook47Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
        {
            if (events != null)
            {
                start(context, MDIncrementalRefreshOrderBook47Decoder.TEMPLATE_ID, entry.securityID(), -1,
                    entry.mDUpdateActionRaw(), (char)entry.mDEntryTypeRaw());
                line.append(",\"level\":null");
                price(entry.mDEntryPx().mantissa());
                line.append(",\"size\":").append(entry.mDDisplayQty());
                line.append(",\"orderCount\":null");
                line.append(",\"orderId\":").append(entry.orderID());
                line.append(",\"priority\":").append(entry.mDOrderPriority());
                end();
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshTradeSummary48(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary48Decoder decoder)
    {
        for (final MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
        {
            trades++;
            tradeQty += entry.mDEntrySize();
            if (events != null)
            {
                start(context, MDIncrementalRefreshTradeSummary48Decoder.TEMPLATE_ID, entry.securityID(),
                    entry.rptSeq(), entry.mDUpdateActionRaw(), (char)entry.mDEntryType());
                tradeFields(entry.mDEntryPx().mantissa(), entry.mDEntrySize(), entry.numberOfOrders(),
                    entry.aggressorSideRaw());
                end();
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshTradeSummary42(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary42Decoder decoder)
    {
        for (final MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
        {
            trades++;
            tradeQty += entry.mDEntrySize();
            if (events != null)
            {
                start(context, MDIncrementalRefreshTradeSummary42Decoder.TEMPLATE_ID, entry.securityID(),
                    entry.rptSeq(), entry.mDUpdateActionRaw(), (char)entry.mDEntryType());
                tradeFields(entry.mDEntryPx().mantissa(), entry.mDEntrySize(), entry.numberOfOrders(),
                    entry.aggressorSideRaw());
                end();
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshVolume37(
        final Mdp3PacketContext context, final MDIncrementalRefreshVolume37Decoder decoder)
    {
        for (final MDIncrementalRefreshVolume37Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
        {
            if (events != null)
            {
                start(context, MDIncrementalRefreshVolume37Decoder.TEMPLATE_ID, entry.securityID(), entry.rptSeq(),
                    entry.mDUpdateActionRaw(), (char)entry.mDEntryType());
                line.append(",\"level\":null,\"price\":null");
                line.append(",\"size\":").append(entry.mDEntrySize());
                line.append(",\"orderCount\":null");
                end();
            }
        }
    }

    /**
     * @return entries of trade summaries (templates 42 and 48) decoded.
     */
    public long trades()
    {
        return trades;
    }

    /**
     * @return sum of MDEntrySize over those entries.
     */
    public long tradeQty()
    {
        return tradeQty;
    }

    /**
     * @return JSON lines written.
     */
    public long eventLines()
    {
        return eventLines;
    }

    private void start(
        final Mdp3PacketContext context,
        final int templateId,
        final int securityId,
        final long rptSeq,
        final int action,
        final char entryType)
    {
        final StringBuilder line = this.line;
        line.setLength(0);
        line.append("{\"msgSeqNum\":").append(context.msgSeqNum());
        line.append(",\"template\":").append(templateId);
        line.append(",\"securityId\":").append(securityId);
        line.append(",\"rptSeq\":");
        if (rptSeq < 0)
        {
            line.append("null");
        }
        else
        {
            line.append(rptSeq);
        }
        line.append(",\"action\":").append(action);
        line.append(",\"entryType\":\"");
        if (entryType >= 0x20 && entryType < 0x7F && entryType != '"' && entryType != '\\')
        {
            line.append(entryType);
        }
        else
        {
            line.append(String.format("\\u%04x", (int)entryType));
        }
        line.append('"');
    }

    private void bookFields(final int level, final long price, final int size, final int orderCount)
    {
        line.append(",\"level\":").append(level);
        price(price);
        line.append(",\"size\":").append(size);
        line.append(",\"orderCount\":").append(orderCount);
    }

    private void tradeFields(final long price, final int size, final int orderCount, final int aggressorSide)
    {
        line.append(",\"level\":null");
        price(price);
        line.append(",\"size\":").append(size);
        line.append(",\"orderCount\":").append(orderCount);
        line.append(",\"aggressorSide\":").append(aggressorSide);
    }

    private void price(final long mantissa)
    {
        line.append(",\"price\":");
        if (mantissa == NULL_PRICE)
        {
            line.append("null");
        }
        else
        {
            line.append(mantissa);
        }
    }

    private void end()
    {
        line.append("}\n");
        try
        {
            events.append(line);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        eventLines++;
    }
}
