package io.xdpfeed.codecs;

import io.xdpfeed.codecs.itch.AddOrderDecoder;
import io.xdpfeed.codecs.itch.AddOrderMpidDecoder;
import io.xdpfeed.codecs.itch.BrokenTradeDecoder;
import io.xdpfeed.codecs.itch.CrossTradeDecoder;
import io.xdpfeed.codecs.itch.DirectListingCapitalRaiseDecoder;
import io.xdpfeed.codecs.itch.IpoQuotingPeriodUpdateDecoder;
import io.xdpfeed.codecs.itch.LuldAuctionCollarDecoder;
import io.xdpfeed.codecs.itch.MarketParticipantPositionDecoder;
import io.xdpfeed.codecs.itch.MessageBlockDecoder;
import io.xdpfeed.codecs.itch.MoldUdp64HeaderDecoder;
import io.xdpfeed.codecs.itch.MwcbDeclineLevelDecoder;
import io.xdpfeed.codecs.itch.MwcbStatusDecoder;
import io.xdpfeed.codecs.itch.NetOrderImbalanceIndicatorDecoder;
import io.xdpfeed.codecs.itch.OperationalHaltDecoder;
import io.xdpfeed.codecs.itch.OrderCancelDecoder;
import io.xdpfeed.codecs.itch.OrderDeleteDecoder;
import io.xdpfeed.codecs.itch.OrderExecutedDecoder;
import io.xdpfeed.codecs.itch.OrderExecutedWithPriceDecoder;
import io.xdpfeed.codecs.itch.OrderReplaceDecoder;
import io.xdpfeed.codecs.itch.RegShoRestrictionDecoder;
import io.xdpfeed.codecs.itch.RetailPriceImprovementIndicatorDecoder;
import io.xdpfeed.codecs.itch.Side;
import io.xdpfeed.codecs.itch.StockDirectoryDecoder;
import io.xdpfeed.codecs.itch.StockTradingActionDecoder;
import io.xdpfeed.codecs.itch.SystemEventDecoder;
import io.xdpfeed.codecs.itch.TradeDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden test of the ITCH 5.0 / MoldUDP64 flyweights on every Nasdaq sample capture (src/test/resources/itch, see
 * PROVENANCE.md): each datagram's header and each message's fields as the capture holds them.
 * <p>
 * The expected values ({@code itch/expected-fields.txt}) were not produced by these decoders: they were read from
 * the capture bytes by {@code itch/expected-from-omi.py}, which takes each message's field order and sizes from the
 * Open Markets Initiative Wireshark dissector for TotalView-ITCH 5.0. A few values are also decoded by hand from the
 * hex below, as a check on that reading.
 */
@Timeout(30)
class ItchCaptureDecodeTest
{
    private static final String ROOT = "/itch";

    @Test
    void everySampleCaptureDecodesAsTheIndependentReading() throws IOException, URISyntaxException
    {
        final Map<String, List<String>> expected = expected();
        final Path root = Path.of(ItchCaptureDecodeTest.class.getResource(ROOT).toURI());
        final TreeSet<String> captures = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root))
        {
            files.filter(path -> path.toString().endsWith(".pcap"))
                .forEach(path -> captures.add(root.relativize(path).toString()));
        }
        assertEquals(23, captures.size(), "the 23 sample captures of ../shared/data/other-feeds/Nasdaq");
        assertEquals(captures, new TreeSet<>(expected.keySet()), "every capture has expected values, and only they");

        final ItchText text = new ItchText();
        int messages = 0;
        for (final String capture : captures)
        {
            final List<String> actual = new ArrayList<>();
            for (final byte[] datagram : PcapDatagrams.read(ROOT + "/" + capture))
            {
                actual.addAll(text.lines(new UnsafeBuffer(datagram), datagram.length));
            }
            assertEquals(expected.get(capture), actual, capture);
            messages += (int)actual.stream().filter(line -> !line.startsWith("packet|")).count();
        }
        assertEquals(117, messages);
    }

    @Test
    void addOrderDecodedByHandFromTheHex() throws IOException
    {
        // v5.0/AddOrderNoMpidAttributionMessage.pcap, UDP payload:
        // 3030303031303035 3942 | 0000000000e12f59 | 0001 | 0024 | 41 1598 0000 1f1aced85306 0000000166b53e42
        // 00000640 49564f4f20202020 000d55ac
        final byte[] datagram = PcapDatagrams.read(ROOT + "/v5.0/AddOrderNoMpidAttributionMessage.pcap").get(0);
        final UnsafeBuffer buffer = new UnsafeBuffer(datagram);
        final MoldUdp64HeaderDecoder header = new MoldUdp64HeaderDecoder()
            .wrap(buffer, 0, MoldUdp64HeaderDecoder.BLOCK_LENGTH, 0);
        assertEquals("000010059B", header.session());
        assertEquals(0xe12f59L, header.sequenceNumber());
        assertEquals(1, header.messageCount());
        final MessageBlockDecoder block =
            new MessageBlockDecoder().wrap(buffer, 20, MessageBlockDecoder.BLOCK_LENGTH, 0);
        assertEquals(36, block.messageLength());

        final AddOrderDecoder add = new AddOrderDecoder().wrap(buffer, 22, AddOrderDecoder.BLOCK_LENGTH, 0);
        assertEquals('A', add.messageType());
        assertEquals(0x1598, add.stockLocate());
        assertEquals(0, add.trackingNumber());
        assertEquals(0x1f1aced85306L, ItchText.nanos(add.timestamp()));
        assertEquals(0x166b53eL, add.orderReferenceNumber());
        assertEquals(Side.BUY, add.buySellIndicator());
        assertEquals(1600, add.shares());
        assertEquals("IVOO    ", add.stock());
        assertEquals(873_900, add.price()); // $87.39, 4 implied decimals
        assertEquals(datagram.length, 22 + AddOrderDecoder.BLOCK_LENGTH);
    }

    @Test
    void blockLengthsAreTheSpecificationsMessageLengths()
    {
        // TotalView-ITCH 5.0, section 4: the length of every message, type byte included
        assertEquals(12, SystemEventDecoder.BLOCK_LENGTH);
        assertEquals(39, StockDirectoryDecoder.BLOCK_LENGTH);
        assertEquals(25, StockTradingActionDecoder.BLOCK_LENGTH);
        assertEquals(20, RegShoRestrictionDecoder.BLOCK_LENGTH);
        assertEquals(26, MarketParticipantPositionDecoder.BLOCK_LENGTH);
        assertEquals(35, MwcbDeclineLevelDecoder.BLOCK_LENGTH);
        assertEquals(12, MwcbStatusDecoder.BLOCK_LENGTH);
        assertEquals(28, IpoQuotingPeriodUpdateDecoder.BLOCK_LENGTH);
        assertEquals(35, LuldAuctionCollarDecoder.BLOCK_LENGTH);
        assertEquals(21, OperationalHaltDecoder.BLOCK_LENGTH);
        assertEquals(36, AddOrderDecoder.BLOCK_LENGTH);
        assertEquals(40, AddOrderMpidDecoder.BLOCK_LENGTH);
        assertEquals(31, OrderExecutedDecoder.BLOCK_LENGTH);
        assertEquals(36, OrderExecutedWithPriceDecoder.BLOCK_LENGTH);
        assertEquals(23, OrderCancelDecoder.BLOCK_LENGTH);
        assertEquals(19, OrderDeleteDecoder.BLOCK_LENGTH);
        assertEquals(35, OrderReplaceDecoder.BLOCK_LENGTH);
        assertEquals(44, TradeDecoder.BLOCK_LENGTH);
        assertEquals(40, CrossTradeDecoder.BLOCK_LENGTH);
        assertEquals(19, BrokenTradeDecoder.BLOCK_LENGTH);
        assertEquals(50, NetOrderImbalanceIndicatorDecoder.BLOCK_LENGTH);
        assertEquals(20, RetailPriceImprovementIndicatorDecoder.BLOCK_LENGTH);
        assertEquals(48, DirectListingCapitalRaiseDecoder.BLOCK_LENGTH);
        // the template id is the type byte: the dispatch and the schema agree by construction
        assertEquals('A', AddOrderDecoder.TEMPLATE_ID);
        assertEquals('h', OperationalHaltDecoder.TEMPLATE_ID);
        assertEquals(20, MoldUdp64HeaderDecoder.BLOCK_LENGTH);
        assertEquals(2, MessageBlockDecoder.BLOCK_LENGTH);
        assertTrue(MoldUdp64HeaderDecoder.TEMPLATE_ID < 'A' && MessageBlockDecoder.TEMPLATE_ID < 'A');
    }

    private static Map<String, List<String>> expected() throws IOException
    {
        final Map<String, List<String>> expected = new LinkedHashMap<>();
        try (InputStream in = ItchCaptureDecodeTest.class.getResourceAsStream(ROOT + "/expected-fields.txt"))
        {
            List<String> current = null;
            for (final String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n"))
            {
                if (line.startsWith("== "))
                {
                    current = new ArrayList<>();
                    expected.put(line.substring(3), current);
                }
                else if (!line.isEmpty())
                {
                    current.add(line);
                }
            }
        }
        return expected;
    }
}
