package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An ITCH broken trade (B) through the engine: the cancel of the trade of its match number, after the trade, with no
 * price or size (ITCH sends none) and no RptSeq, counted with the channel's trade cancels.
 */
@Timeout(30)
class ItchBrokenTradeTest
{
    @Test
    void aBrokenTradeCancelsTheTradeOfItsMatchNumber()
    {
        final Properties properties = new Properties();
        properties.setProperty(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400");
        final List<String> events = new ArrayList<>();
        final FeedEngine engine = new FeedEngine(ItchProtocol.INSTANCE, PropertiesLineMap.itch(properties).lineMap(),
            ChannelOptions.defaults().withReceiveTimeOffsetNs(0), Feed.A, id -> true, id -> false,
            new ChannelListener()
            {
                public void onTrade(
                    final Instrument instrument, final long price, final long size, final int orderCount,
                    final AggressorSide aggressorSide, final long tradeId, final boolean endOfEvent,
                    final long rptSeq, final PacketInfo packet)
                {
                    events.add("trade " + instrument.securityId() + " " + price + " x " + size + " #" + tradeId +
                        " seq " + packet.msgSeqNum());
                }

                public void onTradeCancel(
                    final Instrument instrument, final long price, final long size, final long tradeId,
                    final long rptSeq, final PacketInfo packet)
                {
                    events.add("cancel " + instrument.securityId() + " " + price + " x " + size + " #" + tradeId +
                        " rptSeq " + rptSeq + " seq " + packet.msgSeqNum());
                }
            }, null, HandlerCounters.onHeap());
        engine.start();
        final ItchPacketWriter writer = new ItchPacketWriter();
        writer.begin("XDPFEED001", 1)
            .stockDirectory(8231, 34_200_000_000_000L, "PTGX")
            .trade(8231, 34_200_000_100_000L, 0, true, 100, "PTGX", 195_600, 77)
            .brokenTrade(8231, 34_200_900_000_000L, 77);
        engine.onDatagram(LineMap.parseAddress("239.77.18.1"), 26400, writer.buffer(), 0, writer.length(), 1_000);
        engine.close();

        assertEquals(List.of("trade 8231 19560000000 x 100 #77 seq 2",
            "cancel 8231 " + Long.MAX_VALUE + " x 0 #77 rptSeq -1 seq 3"), events);
        assertEquals(1, engine.channel(0).tradeCancels());
    }
}
