package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Q cross trades: each cross that matched shares is a trade of no aggressor at the cross price; a cross of 0 shares
 * (none took place) prints nothing. Checked on the real 2023 sample {@code CrossTrade.pcap} against the independent
 * reading of its fields ({@code expected-fields.txt}), and through the engine as the Trade records it publishes. A
 * broken trade (B) through the engine: the TradeCancel of the trade of its match number, after the trade.
 */
@Timeout(30)
class ItchCrossTradeTest
{
    private static final String CAPTURE = "v5.0.20230822/CrossTrade.pcap";

    @Test
    void theSamplesCrossesThatMatchedSharesAreToldAndTheOthersAreNot()
    {
        final List<String> expected = new ArrayList<>();
        for (final String line : ItchSamples.expectedLines(CAPTURE, 'Q'))
        {
            final String shares = ItchSamples.field(line, "crossShares");
            if (!"0".equals(shares))
            {
                expected.add(ItchSamples.field(line, "stockLocate") + " " +
                    Long.parseLong(ItchSamples.field(line, "crossPrice")) * ItchMessages.PRICE4_TO_PRICE9 + " x " +
                    shares + " #" + ItchSamples.field(line, "matchNumber") + " " +
                    ItchSamples.field(line, "crossType"));
            }
        }
        assertEquals(2, expected.size(), "the sample's crosses with shares");

        final List<String> told = new ArrayList<>();
        final ItchBookBuilder builder = new ItchBookBuilder(new ItchListener()
        {
            public void onCrossTrade(
                final int locate, final long price, final long shares, final long matchNumber, final byte crossType,
                final long timestampNs)
            {
                told.add(locate + " " + price + " x " + shares + " #" + matchNumber + " " + (char)crossType);
            }
        }, 1024, 64, 10);
        ItchSamples.apply(CAPTURE, builder);
        assertEquals(expected, told);
        assertEquals(0, builder.count(ItchBookBuilder.Count.UNHANDLED_MESSAGES));
    }

    @Test
    void throughTheEngineACrossIsOneTradeRecordOfNoAggressorThatEndsItsEvent()
    {
        final ItchPacketWriter writer = new ItchPacketWriter();
        writer.begin("XDPFEED001", 1)
            .stockDirectory(8231, 34_200_000_000_000L, "PTGX")
            .crossTrade(8231, 34_200_000_781_447L, 0, "PTGX", 0, 255_560, 'O')
            .crossTrade(8231, 34_200_000_781_447L, 5577, "PTGX", 195_600, 255_561, 'O');
        assertEquals(List.of("trade 8231 19560000000 x 5577 NONE #255561 end seq 3"), tradesThroughTheEngine(writer));
    }

    @Test
    void throughTheEngineABrokenTradeCancelsTheTradeOfItsMatchNumber()
    {
        final ItchPacketWriter writer = new ItchPacketWriter();
        writer.begin("XDPFEED001", 1)
            .stockDirectory(8231, 34_200_000_000_000L, "PTGX")
            .trade(8231, 34_200_000_100_000L, 0, true, 100, "PTGX", 195_600, 77)
            .brokenTrade(8231, 34_200_900_000_000L, 77);
        // ITCH sends no price, size or RptSeq with a broken trade
        assertEquals(List.of("trade 8231 19560000000 x 100 SELL #77 end seq 2",
            "cancel 8231 " + Long.MAX_VALUE + " x 0 #77 rptSeq -1 seq 3"), tradesThroughTheEngine(writer));
    }

    /**
     * @return the Trade and TradeCancel records a started engine of channel 1 publishes for the writer's datagram on
     * line A, as text.
     */
    private static List<String> tradesThroughTheEngine(final ItchPacketWriter writer)
    {
        final List<String> trades = new ArrayList<>();
        ItchEngineDatagram.send(writer, new ChannelListener()
        {
            public void onTrade(
                final Instrument instrument, final long price, final long size, final int orderCount,
                final AggressorSide aggressorSide, final long tradeId, final boolean endOfEvent,
                final long rptSeq, final PacketInfo packet)
            {
                trades.add("trade " + instrument.securityId() + " " + price + " x " + size + " " +
                    aggressorSide + " #" + tradeId + (endOfEvent ? " end" : "") + " seq " + packet.msgSeqNum());
            }

            public void onTradeCancel(
                final Instrument instrument, final long price, final long size, final long tradeId,
                final long rptSeq, final PacketInfo packet)
            {
                trades.add("cancel " + instrument.securityId() + " " + price + " x " + size + " #" + tradeId +
                    " rptSeq " + rptSeq + " seq " + packet.msgSeqNum());
            }
        });
        return trades;
    }
}
