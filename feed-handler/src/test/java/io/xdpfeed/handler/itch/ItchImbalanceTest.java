package io.xdpfeed.handler.itch;

import io.aeron.Subscription;
import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.replay.ReplayListener;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.MarketDataRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * I net order imbalance indicators: told by the book builder with every field of the real samples (prices as
 * PRICE9, 0 as null), published by the engine as AuctionImbalance records a subscriber decodes, and printed by
 * {@code scripts/replay --events} as JSON lines.
 */
@Timeout(30)
class ItchImbalanceTest
{
    private static final long NULL = Long.MAX_VALUE;

    @Test
    void theSamplesImbalancesAreToldFieldByField()
    {
        for (final String capture : List.of("v5.0.20230822/NetOrderImbalanceIndicator.pcap",
            "v5.0/NetOrderImbalanceIndicatorMessage.pcap"))
        {
            final List<String> expected = new ArrayList<>();
            for (final String line : ItchSamples.expectedLines(capture, 'I'))
            {
                expected.add(String.join(" ", ItchSamples.field(line, "stockLocate"),
                    ItchSamples.field(line, "pairedShares"), ItchSamples.field(line, "imbalanceShares"),
                    ItchSamples.field(line, "imbalanceDirection"),
                    price9(ItchSamples.field(line, "currentReferencePrice")),
                    price9(ItchSamples.field(line, "nearPrice")), price9(ItchSamples.field(line, "farPrice")),
                    ItchSamples.field(line, "crossType"),
                    "|" + ItchSamples.field(line, "priceVariationIndicator") + "|",
                    ItchSamples.field(line, "timestamp")));
            }

            final List<String> told = new ArrayList<>();
            final ItchBookBuilder builder = new ItchBookBuilder(new ItchListener()
            {
                public void onImbalance(
                    final int locate, final long pairedShares, final long imbalanceShares, final byte direction,
                    final long referencePrice, final long nearPrice, final long farPrice, final byte crossType,
                    final byte priceVariation, final long timestampNs)
                {
                    told.add(String.join(" ", String.valueOf(locate), String.valueOf(pairedShares),
                        String.valueOf(imbalanceShares), String.valueOf((char)direction), text(referencePrice),
                        text(nearPrice), text(farPrice), String.valueOf((char)crossType),
                        "|" + (char)priceVariation + "|", String.valueOf(timestampNs)));
                }
            }, 1024, 64, 10);
            ItchSamples.apply(capture, builder);
            assertEquals(expected, told, capture);
            assertEquals(capture.startsWith("v5.0/") ? 1 : 5, told.size(), capture);
            assertEquals(0, builder.count(ItchBookBuilder.Count.UNHANDLED_MESSAGES), capture);
        }
    }

    @Test
    void throughTheEngineEachIsOneAuctionImbalanceRecord()
    {
        final ItchPacketWriter writer = session();
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            final Subscription subscription = aeron.aeron().addSubscription("aeron:ipc", 1001);
            final MarketDataProxy proxy = aeron.connectedProxy("aeron:ipc", 1001);
            ItchEngineDatagram.send(writer, proxy);

            final MarketDataRecords records = new MarketDataRecords();
            records.pollFor(subscription, 5);
            final List<String> published = new ArrayList<>();
            for (final MarketDataRecords.Rec rec : records.records())
            {
                published.add(rec.type() + " " + rec.recordSeq() + " " + rec.channelId() + " " + rec.securityId() +
                    " " + rec.detail());
            }
            assertEquals(List.of(
                "InstrumentDefinition 1 1 6462 MDC depth=10 implied=0 LIVE",
                "AuctionImbalance 2 1 6462 paired=1200 imbalance=300 BUY ref=46440000000 near=46450000000 far=" +
                    NULL + " type=O variation=L",
                "AuctionImbalance 3 1 6462 paired=0 imbalance=0 INSUFFICIENT_ORDERS ref=" + NULL + " near=" + NULL +
                    " far=" + NULL + " type=O variation=\"",
                "AuctionImbalance 4 1 6462 paired=1 imbalance=0 NONE ref=46440000000 near=46440000000" +
                    " far=46440000000 type=C variation=1",
                // the direction Z is none of ITCH's: counted as unhandled, nothing published
                "AuctionImbalance 5 1 6462 paired=7 imbalance=2 SELL ref=46430000000 near=46420000000" +
                    " far=46410000000 type=H variation=A"), published);
            assertEquals(List.of(2L, 3L, 4L, 6L), records.times().subList(1, 5).stream().map(t -> t[3]).toList(),
                "each record's msgSeqNum: its message's sequence number");
        }
    }

    @Test
    void replayEventsPrintEachAsAnAuctionImbalanceLine()
    {
        final StringWriter events = new StringWriter();
        ItchEngineDatagram.send(session(), new ReplayListener(events));

        assertEquals(List.of(
            "{\"msgSeqNum\":2,\"record\":\"AuctionImbalance\",\"channelId\":1,\"securityId\":6462,\"pairedQty\":1200," +
                "\"imbalanceQty\":300,\"imbalanceSide\":\"BUY\",\"referencePrice\":46440000000," +
                "\"nearPrice\":46450000000,\"farPrice\":null,\"auctionType\":\"O\",\"priceVariation\":\"L\"}",
            "{\"msgSeqNum\":3,\"record\":\"AuctionImbalance\",\"channelId\":1,\"securityId\":6462,\"pairedQty\":0," +
                "\"imbalanceQty\":0,\"imbalanceSide\":\"INSUFFICIENT_ORDERS\",\"referencePrice\":null," +
                "\"nearPrice\":null,\"farPrice\":null,\"auctionType\":\"O\",\"priceVariation\":\"\\\"\"}"),
            events.toString().lines().filter(line -> line.contains("AuctionImbalance")).limit(2).toList());
    }

    /**
     * A stock directory and five imbalances of it: a buy imbalance without a far price, too few orders (a price
     * variation byte JSON must escape), no imbalance, a direction ITCH does not define, a sell imbalance.
     */
    private static ItchPacketWriter session()
    {
        return new ItchPacketWriter().begin("XDPFEED001", 1)
            .stockDirectory(6462, 34_200_000_000_000L, "MDC")
            .netOrderImbalance(6462, 34_200_000_100_000L, "MDC", 1_200, 300, 'B', 464_400, 464_500, 0, 'O', 'L')
            .netOrderImbalance(6462, 34_200_000_200_000L, "MDC", 0, 0, 'O', 0, 0, 0, 'O', '"')
            .netOrderImbalance(6462, 34_200_000_300_000L, "MDC", 1, 0, 'N', 464_400, 464_400, 464_400, 'C', '1')
            .netOrderImbalance(6462, 34_200_000_400_000L, "MDC", 5, 5, 'Z', 464_400, 464_400, 464_400, 'C', '1')
            .netOrderImbalance(6462, 34_200_000_500_000L, "MDC", 7, 2, 'S', 464_300, 464_200, 464_100, 'H', 'A');
    }

    private static String price9(final String price4)
    {
        final long value = Long.parseLong(price4);
        return value == 0 ? "null" : String.valueOf(value * ItchMessages.PRICE4_TO_PRICE9);
    }

    private static String text(final long price9)
    {
        return price9 == NULL ? "null" : String.valueOf(price9);
    }
}
