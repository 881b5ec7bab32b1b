package io.xdpfeed.handler.replay;

import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.OrderAction;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.handler.book.PriceLevels;
import io.xdpfeed.handler.channel.BookChanges;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.protocol.AuctionImbalance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * What the engine tells the publisher during a replay: the same {@link ChannelListener} calls that feed the
 * {@code MarketDataProxy} live. Counts the trades published and their quantity and, when given a writer, writes one
 * JSON line per call, that is per record the proxy would publish:
 * <pre>
 * {"msgSeqNum":5,"record":"BookUpdate","channelId":310,"securityId":1,"rptSeq":2,"endOfEvent":true,
 *  "changes":[{"side":"BID","levelType":"OUTRIGHT","action":"CHANGE","level":1,"price":100,"size":3,"orders":4}]}
 * {"msgSeqNum":5,"record":"Trade","channelId":310,"securityId":1,"rptSeq":3,"price":100,"size":2,"orderCount":3,
 *  "aggressorSide":"SELL","tradeId":7,"endOfEvent":false}
 * </pre>
 * Prices are PRICE9 mantissas; a null price is written as null. {@code msgSeqNum} is the packet's, 0 for a record
 * caused by a timer (a loss declared when the gap wait expired).
 */
public final class ReplayListener implements ChannelListener
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
    public void onInstrumentDefinition(final Instrument instrument, final PacketInfo packet)
    {
        if (events != null)
        {
            start(packet, "InstrumentDefinition", instrument);
            line.append(",\"symbol\":");
            quote(instrument.symbol());
            line.append(",\"depth\":").append(instrument.depth());
            line.append(",\"impliedDepth\":").append(instrument.impliedDepth());
            line.append(",\"minPriceIncrement\":");
            price(instrument.minPriceIncrement());
            line.append(",\"displayFactor\":").append(instrument.displayFactor());
            end();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onBookUpdate(
        final Instrument instrument,
        final BookChanges changes,
        final boolean endOfEvent,
        final short matchEventIndicator,
        final PacketInfo packet)
    {
        if (events != null)
        {
            start(packet, "BookUpdate", instrument);
            line.append(",\"rptSeq\":").append(changes.rptSeq());
            line.append(",\"endOfEvent\":").append(endOfEvent);
            line.append(",\"changes\":[");
            for (int i = 0; i < changes.count(); i++)
            {
                line.append(i == 0 ? "{" : ",{");
                line.append("\"side\":\"").append(changes.side(i)).append('"');
                line.append(",\"levelType\":\"").append(changes.levelType(i)).append('"');
                line.append(",\"action\":\"").append(changes.action(i)).append('"');
                line.append(",\"level\":").append(changes.level(i));
                line.append(",\"price\":");
                price(changes.price(i));
                line.append(",\"size\":").append(changes.size(i));
                line.append(",\"orders\":").append(changes.orderCount(i));
                line.append('}');
            }
            line.append(']');
            end();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
        if (events != null)
        {
            start(packet, "BookSnapshot", instrument);
            line.append(",\"requestId\":").append(requestId);
            line.append(",\"feedStatus\":\"").append(instrument.feedStatus()).append('"');
            line.append(",\"rptSeq\":").append(instrument.rptSeq());
            line.append(",\"lastMsgSeqNumProcessed\":").append(lastMsgSeqNumProcessed);
            line.append(",\"bidLevels\":").append(presentLevels(instrument.book().bids()));
            line.append(",\"askLevels\":").append(presentLevels(instrument.book().asks()));
            end();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderUpdate(
        final Instrument instrument,
        final Side side,
        final OrderAction action,
        final long orderId,
        final long priority,
        final long price,
        final long displayQty,
        final boolean endOfEvent,
        final short matchEventIndicator,
        final PacketInfo packet)
    {
        if (events != null)
        {
            start(packet, "OrderUpdate", instrument);
            line.append(",\"side\":\"").append(side).append('"');
            line.append(",\"action\":\"").append(action).append('"');
            line.append(",\"orderId\":").append(orderId);
            line.append(",\"priority\":").append(priority);
            line.append(",\"price\":");
            price(price);
            line.append(",\"displayQty\":").append(displayQty);
            line.append(",\"endOfEvent\":").append(endOfEvent);
            end();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
        if (events != null)
        {
            start(packet, "OrderBookSnapshot", instrument);
            line.append(",\"requestId\":").append(requestId);
            line.append(",\"lastMsgSeqNumProcessed\":").append(lastMsgSeqNumProcessed);
            final int orders = instrument.orderBook() == null ? 0 : instrument.orderBook().orderCount();
            line.append(",\"orders\":").append(orders);
            end();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onAuctionImbalance(
        final Instrument instrument, final AuctionImbalance imbalance, final PacketInfo packet)
    {
        if (events != null)
        {
            start(packet, "AuctionImbalance", instrument);
            line.append(",\"pairedQty\":").append(imbalance.pairedQty());
            line.append(",\"imbalanceQty\":").append(imbalance.imbalanceQty());
            line.append(",\"imbalanceSide\":\"").append(imbalance.side()).append('"');
            line.append(",\"referencePrice\":");
            price(imbalance.referencePrice());
            line.append(",\"nearPrice\":");
            price(imbalance.nearPrice());
            line.append(",\"farPrice\":");
            price(imbalance.farPrice());
            line.append(",\"auctionType\":");
            quote((char)(imbalance.auctionType() & 0xFF));
            line.append(",\"priceVariation\":");
            quote((char)(imbalance.priceVariation() & 0xFF));
            end();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onTradeCancel(
        final Instrument instrument,
        final long price,
        final long size,
        final long tradeId,
        final long rptSeq,
        final PacketInfo packet)
    {
        if (events != null)
        {
            start(packet, "TradeCancel", instrument);
            line.append(",\"rptSeq\":").append(rptSeq);
            line.append(",\"price\":");
            price(price);
            line.append(",\"size\":").append(size);
            line.append(",\"tradeId\":").append(tradeId);
            end();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onTrade(
        final Instrument instrument,
        final long price,
        final long size,
        final int orderCount,
        final AggressorSide aggressorSide,
        final long tradeId,
        final boolean endOfEvent,
        final long rptSeq,
        final PacketInfo packet)
    {
        trades++;
        tradeQty += size;
        if (events != null)
        {
            start(packet, "Trade", instrument);
            line.append(",\"rptSeq\":").append(rptSeq);
            line.append(",\"price\":");
            price(price);
            line.append(",\"size\":").append(size);
            line.append(",\"orderCount\":").append(orderCount);
            line.append(",\"aggressorSide\":\"").append(aggressorSide).append('"');
            line.append(",\"tradeId\":").append(tradeId);
            line.append(",\"endOfEvent\":").append(endOfEvent);
            end();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onVolume(
        final Instrument instrument,
        final long totalVolume,
        final long rptSeq,
        final boolean endOfEvent,
        final PacketInfo packet)
    {
        if (events != null)
        {
            start(packet, "Volume", instrument);
            line.append(",\"rptSeq\":").append(rptSeq);
            line.append(",\"totalVolume\":").append(totalVolume);
            line.append(",\"endOfEvent\":").append(endOfEvent);
            end();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentStatus(final Instrument instrument, final PacketInfo packet)
    {
        if (events != null)
        {
            start(packet, "InstrumentStatus", instrument);
            line.append(",\"feedStatus\":\"").append(instrument.feedStatus()).append('"');
            line.append(",\"tradingStatus\":").append(instrument.tradingStatus());
            line.append(",\"haltReason\":").append(instrument.haltReason());
            line.append(",\"tradingEvent\":").append(instrument.tradingEvent());
            end();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onGroupStatus(
        final int channelId,
        final short tradingStatus,
        final short haltReason,
        final short tradingEvent,
        final PacketInfo packet)
    {
        if (events != null)
        {
            start(packet, "GroupStatus", channelId);
            line.append(",\"tradingStatus\":").append(tradingStatus);
            line.append(",\"haltReason\":").append(haltReason);
            line.append(",\"tradingEvent\":").append(tradingEvent);
            end();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onChannelStatus(
        final int channelId,
        final FeedStatus feedStatus,
        final long gapFrom,
        final long gapTo,
        final long recoveries,
        final PacketInfo packet)
    {
        if (events != null)
        {
            start(packet, "ChannelStatus", channelId);
            line.append(",\"feedStatus\":\"").append(feedStatus).append('"');
            line.append(",\"gapFrom\":").append(gapFrom);
            line.append(",\"gapTo\":").append(gapTo);
            line.append(",\"recoveries\":").append(recoveries);
            end();
        }
    }

    /**
     * @return trades published (New entries of trade summaries 48 and 42 in the sequenced stream).
     */
    public long trades()
    {
        return trades;
    }

    /**
     * @return sum of their sizes.
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

    private void start(final PacketInfo packet, final String record, final Instrument instrument)
    {
        start(packet, record, instrument.channelId());
        line.append(",\"securityId\":").append(instrument.securityId());
    }

    private void start(final PacketInfo packet, final String record, final int channelId)
    {
        final StringBuilder line = this.line;
        line.setLength(0);
        line.append("{\"msgSeqNum\":").append(packet.msgSeqNum());
        line.append(",\"record\":\"").append(record).append('"');
        line.append(",\"channelId\":").append(channelId);
    }

    private static int presentLevels(final PriceLevels side)
    {
        int present = 0;
        for (int level = 1; level <= side.count(); level++)
        {
            present += side.isPresent(level) ? 1 : 0;
        }
        return present;
    }

    private void price(final long mantissa)
    {
        if (mantissa == NULL_PRICE)
        {
            line.append("null");
        }
        else
        {
            line.append(mantissa);
        }
    }

    private void quote(final String value)
    {
        line.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            escaped(value.charAt(i));
        }
        line.append('"');
    }

    private void quote(final char value)
    {
        line.append('"');
        escaped(value);
        line.append('"');
    }

    private void escaped(final char c)
    {
        if (c == '"' || c == '\\')
        {
            line.append('\\').append(c);
        }
        else if (c < 0x20 || c >= 0x7F)
        {
            line.append(String.format("\\u%04x", (int)c));
        }
        else
        {
            line.append(c);
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
