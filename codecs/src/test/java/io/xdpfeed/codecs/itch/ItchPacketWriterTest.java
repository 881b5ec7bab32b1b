package io.xdpfeed.codecs.itch;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The shared MoldUDP64 / ITCH 5.0 writer: a packet of every message type it writes, read back by the generated
 * decoders as whole lists; the text fields given as strings (padded, cut, non-ASCII as the generated setters write
 * it) and as bytes give the same datagram, in the writer's own buffer or a caller's; nothing allocated per packet.
 */
@Timeout(30)
class ItchPacketWriterTest
{
    private static final long NS = 0x1234_5678_9ABCL;
    private static final int V = MessageBlockDecoder.SCHEMA_VERSION;

    @Test
    void everyMessageTypeAsTheGeneratedDecodersReadIt()
    {
        final ItchPacketWriter writer = new ItchPacketWriter();
        writeSession(writer.begin("S", 41));
        final DirectBuffer buffer = writer.buffer();

        final MoldUdp64HeaderDecoder header = new MoldUdp64HeaderDecoder()
            .wrap(buffer, 0, MoldUdp64HeaderDecoder.BLOCK_LENGTH, MoldUdp64HeaderDecoder.SCHEMA_VERSION);
        assertEquals(List.of("S         ", 41L, 13), List.of(header.session(), header.sequenceNumber(),
            header.messageCount()));
        assertEquals(List.of(41L, 13), List.of(writer.sequenceNumber(), writer.messageCount()));
        assertEquals(List.of(
            "S 0 " + NS + " O",
            "R 7 " + NS + " ACME     Q N 100 N C Z  P N N 1 N 0 N",
            "H 7 " + NS + " ACME     T | |    |",
            "h 7 " + NS + " ACME     Q H",
            "I 7 " + NS + " 1200 300 B ACME     1234500 1234600 0 C L",
            "A 7 " + NS + " 11 B 100 ACME     1234500",
            "F 7 " + NS + " 12 S 200 ACME     1234600 MPID",
            "E 7 " + NS + " 11 40 9001",
            "C 7 " + NS + " 12 50 9002 Y 1234700",
            "X 7 " + NS + " 11 10",
            "D 7 " + NS + " 12",
            "U 7 " + NS + " 11 13 300 1234400",
            "P 7 " + NS + " 0 S 100 ACMEWIDG 1234500 9003"), messages(buffer, writer.length()));

        assertEquals(MoldUdp64HeaderDecoder.BLOCK_LENGTH, writer.begin("S", 52).length(), "a heartbeat: the header");
        assertEquals(0xFFFF, header.wrap(writer.endOfSession().buffer(), 0, MoldUdp64HeaderDecoder.BLOCK_LENGTH,
            MoldUdp64HeaderDecoder.SCHEMA_VERSION).messageCount());
    }

    @Test
    void stringsAndBytesGiveTheSameDatagramInTheCallersBuffer()
    {
        final ItchPacketWriter strings = new ItchPacketWriter();
        writeSession(strings.begin("S", 41));

        final UnsafeBuffer callers = new UnsafeBuffer(new byte[ItchPacketWriter.MAX_PACKET + 100]);
        final ItchPacketWriter bytes = new ItchPacketWriter().wrap(callers);
        final byte[] acme = ascii("ACME    ");
        bytes.begin(ascii("S         "), 41).systemEvent(NS, 'O').stockDirectory(7, NS, acme)
            .tradingAction(7, NS, acme, 'T').operationalHalt(7, NS, "ACME", 'Q', 'H')
            .netOrderImbalance(7, NS, "ACME", 1_200, 300, 'B', 1_234_500, 1_234_600, 0, 'C', 'L')
            .addOrder(7, NS, 11, true, 100, acme, 1_234_500, null)
            .addOrder(7, NS, 12, false, 200, acme, 1_234_600, ascii("MPID")).executed(7, NS, 11, 40, 9001)
            .executedWithPrice(7, NS, 12, 50, 9002, true, 1_234_700).cancel(7, NS, 11, 10).delete(7, NS, 12)
            .replace(7, NS, 11, 13, 300, 1_234_400).trade(7, NS, 0, false, 100, ascii("ACMEWIDG"), 1_234_500, 9003);

        assertEquals(strings.length(), bytes.length());
        assertSame(callers, bytes.buffer());
        assertArrayEquals(copy(strings.buffer(), strings.length()), copy(callers, bytes.length()));
    }

    @Test
    void nonAsciiTextAsTheGeneratedSettersWriteIt()
    {
        final ItchPacketWriter writer = new ItchPacketWriter().begin("SÉSSION", 1).stockDirectory(1, 0, "ÅB");
        final int stock = MoldUdp64HeaderEncoder.BLOCK_LENGTH + MessageBlockEncoder.BLOCK_LENGTH
            + StockDirectoryEncoder.stockEncodingOffset();
        final UnsafeBuffer expected = new UnsafeBuffer(new byte[64]);
        new MoldUdp64HeaderEncoder().wrap(expected, 0).session("SÉSSION   ");
        expected.putStringWithoutLengthAscii(stock, "ÅB      ");

        final List<String> generated = List.of(expected.getStringWithoutLengthAscii(0, 10),
            expected.getStringWithoutLengthAscii(stock, 8));
        assertEquals(List.of("S?SSION   ", "?B      "), generated);
        assertEquals(generated, List.of(writer.buffer().getStringWithoutLengthAscii(0, 10),
            writer.buffer().getStringWithoutLengthAscii(stock, 8)));
    }

    @Test
    void nothingAllocatedPerPacket()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        final ItchPacketWriter writer = new ItchPacketWriter();
        final UnsafeBuffer callers = new UnsafeBuffer(new byte[ItchPacketWriter.MAX_PACKET]);
        final byte[] session = ascii("S         ");
        final byte[] acme = ascii("ACME    ");
        final byte[] mpid = ascii("MPID");
        long allocated = -1;
        long written = 0;
        for (int pass = 0; pass < 30 && allocated != 0; pass++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 10_000; i++)
            {
                written += writeSession(writer.begin("S", i)).length();
                written += writer.wrap(callers).begin(session, i).stockDirectory(7, NS, acme)
                    .addOrder(7, NS, i, true, 100, acme, 1_234_500, mpid).trade(7, NS, 0, true, 1, acme, 1, 1)
                    .length();
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertEquals(0, allocated, "bytes allocated writing 20,000 packets (" + written + " bytes)");
    }

    private static ItchPacketWriter writeSession(final ItchPacketWriter writer)
    {
        return writer.systemEvent(NS, 'O').stockDirectory(7, NS, "ACME").tradingAction(7, NS, "ACME", 'T')
            .operationalHalt(7, NS, "ACME", 'Q', 'H')
            .netOrderImbalance(7, NS, "ACME", 1_200, 300, 'B', 1_234_500, 1_234_600, 0, 'C', 'L')
            .addOrder(7, NS, 11, true, 100, "ACME", 1_234_500, null)
            .addOrder(7, NS, 12, false, 200, "ACME", 1_234_600, "MPIDX").executed(7, NS, 11, 40, 9001)
            .executedWithPrice(7, NS, 12, 50, 9002, true, 1_234_700).cancel(7, NS, 11, 10).delete(7, NS, 12)
            .replace(7, NS, 11, 13, 300, 1_234_400).trade(7, NS, 0, false, 100, "ACMEWIDGETS", 1_234_500, 9003);
    }

    /**
     * Each message of the datagram as "type locate timestamp fields...", read with the generated decoders.
     */
    private static List<String> messages(final DirectBuffer buffer, final int length)
    {
        final List<String> messages = new ArrayList<>();
        final MessageBlockDecoder block = new MessageBlockDecoder();
        int offset = MoldUdp64HeaderDecoder.BLOCK_LENGTH;
        while (offset < length)
        {
            final int messageLength = block.wrap(buffer, offset, MessageBlockDecoder.BLOCK_LENGTH,
                MessageBlockDecoder.SCHEMA_VERSION).messageLength();
            final int at = offset + MessageBlockDecoder.BLOCK_LENGTH;
            final char type = (char)buffer.getByte(at);
            final String common = type + " " + (buffer.getShort(at + 1, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF) + " "
                + ((long)(buffer.getShort(at + 5, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF) << 32
                | buffer.getInt(at + 7, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL) + " ";
            messages.add(common + fields(type, buffer, at, messageLength));
            offset = at + messageLength;
        }
        assertEquals(length, offset);
        return messages;
    }

    private static String fields(final char type, final DirectBuffer buffer, final int at, final int length)
    {
        return switch (type)
        {
            case 'S' -> String.valueOf((char)new SystemEventDecoder().wrap(buffer, at, length, V).eventCode());
            case 'R' ->
            {
                final StockDirectoryDecoder d = new StockDirectoryDecoder().wrap(buffer, at, length, V);
                yield String.join(" ", d.stock(), c(d.marketCategory()), c(d.financialStatusIndicator()),
                    String.valueOf(d.roundLotSize()), c(d.roundLotsOnly()), c(d.issueClassification()),
                    d.issueSubType(), c(d.authenticity()), c(d.shortSaleThresholdIndicator()), c(d.ipoFlag()),
                    c(d.luldReferencePriceTier()), c(d.etpFlag()), String.valueOf(d.etpLeverageFactor()),
                    c(d.inverseIndicator()));
            }
            case 'H' ->
            {
                final StockTradingActionDecoder d = new StockTradingActionDecoder().wrap(buffer, at, length, V);
                yield d.stock() + " " + c(d.tradingState()) + " |" + c(d.reserved()) + "|" + d.reason() + "|";
            }
            case 'h' ->
            {
                final OperationalHaltDecoder d = new OperationalHaltDecoder().wrap(buffer, at, length, V);
                yield d.stock() + " " + c(d.marketCode()) + " " + c(d.operationalHaltAction());
            }
            case 'I' ->
            {
                final NetOrderImbalanceIndicatorDecoder d =
                    new NetOrderImbalanceIndicatorDecoder().wrap(buffer, at, length, V);
                yield d.pairedShares() + " " + d.imbalanceShares() + " " + c(d.imbalanceDirection()) + " " +
                    d.stock() + " " + d.currentReferencePrice() + " " + d.nearPrice() + " " + d.farPrice() + " " +
                    c(d.crossType()) + " " + c(d.priceVariationIndicator());
            }
            case 'A' ->
            {
                final AddOrderDecoder d = new AddOrderDecoder().wrap(buffer, at, length, V);
                yield d.orderReferenceNumber() + " " + side(d.buySellIndicator()) + " " + d.shares() + " " + d.stock()
                    + " " + d.price();
            }
            case 'F' ->
            {
                final AddOrderMpidDecoder d = new AddOrderMpidDecoder().wrap(buffer, at, length, V);
                yield d.orderReferenceNumber() + " " + side(d.buySellIndicator()) + " " + d.shares() + " " + d.stock()
                    + " " + d.price() + " " + d.attribution();
            }
            case 'E' ->
            {
                final OrderExecutedDecoder d = new OrderExecutedDecoder().wrap(buffer, at, length, V);
                yield d.orderReferenceNumber() + " " + d.executedShares() + " " + d.matchNumber();
            }
            case 'C' ->
            {
                final OrderExecutedWithPriceDecoder d = new OrderExecutedWithPriceDecoder().wrap(buffer, at, length, V);
                yield d.orderReferenceNumber() + " " + d.executedShares() + " " + d.matchNumber() + " "
                    + c(d.printable()) + " " + d.executionPrice();
            }
            case 'X' ->
            {
                final OrderCancelDecoder d = new OrderCancelDecoder().wrap(buffer, at, length, V);
                yield d.orderReferenceNumber() + " " + d.cancelledShares();
            }
            case 'D' -> String.valueOf(new OrderDeleteDecoder().wrap(buffer, at, length, V).orderReferenceNumber());
            case 'U' ->
            {
                final OrderReplaceDecoder d = new OrderReplaceDecoder().wrap(buffer, at, length, V);
                yield d.originalOrderReferenceNumber() + " " + d.newOrderReferenceNumber() + " " + d.shares() + " "
                    + d.price();
            }
            case 'P' ->
            {
                final TradeDecoder d = new TradeDecoder().wrap(buffer, at, length, V);
                yield d.orderReferenceNumber() + " " + side(d.buySellIndicator()) + " " + d.shares() + " " + d.stock()
                    + " " + d.price() + " " + d.matchNumber();
            }
            default -> "unexpected";
        };
    }

    private static String c(final byte value)
    {
        return String.valueOf((char)value);
    }

    private static String side(final Side side)
    {
        return side == Side.BUY ? "B" : "S";
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] copy(final DirectBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
