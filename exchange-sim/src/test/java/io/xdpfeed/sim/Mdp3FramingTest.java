package io.xdpfeed.sim;

import io.xdpfeed.codecs.mdp3.ChannelReset4Decoder;
import io.xdpfeed.codecs.mdp3.MDEntryTypeBook;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.MDInstrumentDefinitionFuture54Decoder;
import io.xdpfeed.codecs.mdp3.MatchEventIndicatorDecoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Decoder;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.Mdp3Packet;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every datagram of a capture is valid MDP 3.0 framing, and the incremental feed's events and MatchEventIndicators
 * follow CME's rules.
 */
@Timeout(120)
class Mdp3FramingTest
{
    private static final long RESET_AT = 5_000;
    private static final SimulatorConfig CONFIG = SimulatorConfig.builder()
        .instruments(12).packets(8_000).seed(7).duplicate(0.01).reorderWindow(2).lossA(0.01).resetAt(RESET_AT)
        .build();

    @TempDir
    static Path dir;
    private static Path pcap;
    private static List<Datagram> datagrams;

    @BeforeAll
    static void capture() throws Exception
    {
        pcap = dir.resolve("framing.pcap");
        new ExchangeSimulator(CONFIG).run(pcap, null, null);
        datagrams = Capture.read(pcap, CONFIG.channel());
    }

    /**
     * A channel reset early in a session of many instruments leaves some with nothing to publish when they are built
     * again: each incremental packet still carries at least one message (a packet of only its header is not MDP 3.0,
     * and a handler counts it malformed). The session is the one a fault sweep found such packets in.
     */
    @Test
    void everyIncrementalPacketCarriesAMessageAfterAnEarlyReset()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(24).packets(3_638).seed(237_843)
            .depth(7).lossA(0.28).lossBothBursts(3).burstLength(15).resetAt(76).snapshotEvery(8).definitionEvery(10)
            .impliedProbability(0.27).mbo(true).build();
        long incremental = 0;
        for (final Datagram datagram : RecordingSink.record(config, new SimulationResult[1]))
        {
            if (datagram.line().isIncremental())
            {
                incremental++;
                final int length = datagram.payload().length;
                assertTrue(length >= Mdp3Packet.HEADER_LENGTH + 2 + MessageHeaderDecoder.ENCODED_LENGTH,
                    "packet " + datagram.msgSeqNum() + " has a message: " + length + " bytes");
            }
        }
        assertTrue(incremental > 3_638, "packets on both lines: " + incremental);
    }

    @Test
    void framesHaveValidIpv4AndUdpChecksums() throws Exception
    {
        final byte[] bytes = Files.readAllBytes(pcap);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        int offset = 24;
        int frames = 0;
        while (offset < bytes.length)
        {
            final int length = buffer.getInt(offset + 8, ByteOrder.LITTLE_ENDIAN);
            final int ip = offset + 16 + 14;
            assertEquals(0, onesComplementSum(buffer, ip, 20, 0), "IPv4 header checksum of frame " + frames);
            assertEquals(ChannelConfig.parseAddress("10.77.0.1"), buffer.getInt(ip + 12, ByteOrder.BIG_ENDIAN));
            assertEquals(0x01005e, (buffer.getInt(offset + 16, ByteOrder.BIG_ENDIAN) >>> 8) & 0xFFFFFF,
                "multicast destination MAC");
            final int udp = ip + 20;
            final int udpLength = buffer.getShort(udp + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final long pseudo = sum16(buffer.getInt(ip + 12, ByteOrder.BIG_ENDIAN)) +
                sum16(buffer.getInt(ip + 16, ByteOrder.BIG_ENDIAN)) + 17 + udpLength;
            assertEquals(0, onesComplementSum(buffer, udp, udpLength, pseudo), "UDP checksum of frame " + frames);
            offset += 16 + length;
            frames++;
        }
        assertEquals(datagrams.size(), frames);
    }

    @Test
    void everyDatagramIsWholeMdp3Messages()
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final Map<Integer, Integer> blockLengths = Map.of(
            ChannelReset4Decoder.TEMPLATE_ID, ChannelReset4Decoder.BLOCK_LENGTH,
            SecurityStatus30Decoder.TEMPLATE_ID, SecurityStatus30Decoder.BLOCK_LENGTH,
            MDIncrementalRefreshVolume37Decoder.TEMPLATE_ID, MDIncrementalRefreshVolume37Decoder.BLOCK_LENGTH,
            MDIncrementalRefreshBook46Decoder.TEMPLATE_ID, MDIncrementalRefreshBook46Decoder.BLOCK_LENGTH,
            MDIncrementalRefreshTradeSummary48Decoder.TEMPLATE_ID,
            MDIncrementalRefreshTradeSummary48Decoder.BLOCK_LENGTH,
            SnapshotFullRefresh52Decoder.TEMPLATE_ID, SnapshotFullRefresh52Decoder.BLOCK_LENGTH,
            MDInstrumentDefinitionFuture54Decoder.TEMPLATE_ID, MDInstrumentDefinitionFuture54Decoder.BLOCK_LENGTH);
        final Set<Integer> incrementalTemplates = Set.of(4, 30, 37, 46, 48);
        final long[] messagesSeen = new long[64];

        for (final Datagram datagram : datagrams)
        {
            final DirectBuffer buffer = datagram.buffer();
            final int length = datagram.payload().length;
            assertTrue(length >= Mdp3Packet.HEADER_LENGTH + 10 && length <= Mdp3Packet.MAX_PAYLOAD,
                "payload length " + length);
            int offset = Mdp3Packet.HEADER_LENGTH;
            int messages = 0;
            while (offset < length)
            {
                assertTrue(offset + 2 <= length, "MsgSize inside the datagram");
                final int size = buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                assertTrue(size >= 2 + MessageHeaderDecoder.ENCODED_LENGTH && offset + size <= length,
                    "MsgSize " + size + " at " + offset + " of " + length);
                header.wrap(buffer, offset + 2);
                assertEquals(1, header.schemaId(), "schema id");
                assertEquals(13, header.version(), "schema version");
                final int templateId = header.templateId();
                assertEquals(blockLengths.get(templateId), header.blockLength(), "blockLength of " + templateId);
                switch (datagram.line())
                {
                    case INCREMENTAL_A, INCREMENTAL_B ->
                        assertTrue(incrementalTemplates.contains(templateId), "incremental template " + templateId);
                    case SNAPSHOT_A -> assertEquals(SnapshotFullRefresh52Decoder.TEMPLATE_ID, templateId);
                    case DEFINITION_A -> assertEquals(MDInstrumentDefinitionFuture54Decoder.TEMPLATE_ID, templateId);
                    default -> fail("unknown line");
                }
                assertEquals(size - 2 - MessageHeaderDecoder.ENCODED_LENGTH,
                    decodedLength(buffer, offset + 2 + MessageHeaderDecoder.ENCODED_LENGTH, header),
                    "decoded body length == MsgSize - 10 for template " + templateId);
                messagesSeen[templateId]++;
                offset += size;
                messages++;
            }
            assertEquals(length, offset, "messages end exactly at the end of the datagram");
            if (!datagram.line().isIncremental())
            {
                assertEquals(1, messages, "one message per snapshot or definition packet");
            }
        }
        for (final int template : new int[]{4, 30, 37, 46, 48, 52, 54})
        {
            assertTrue(messagesSeen[template] > 0, "template " + template + " present");
        }
    }

    @Test
    void eventsAndMatchEventIndicatorsFollowCme()
    {
        final SortedMap<Long, byte[]> union = ReferenceChannel.incrementalUnion(datagrams);
        assertEquals(CONFIG.packets(), union.size());
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final MDIncrementalRefreshBook46Decoder book = new MDIncrementalRefreshBook46Decoder();
        final List<int[]> event = new ArrayList<>();
        long spanningEvents = 0;
        long packetsWithSeveralEvents = 0;
        long packetsWithSeveralMessages = 0;
        long events = 0;
        boolean open = false;

        for (final Map.Entry<Long, byte[]> packet : union.entrySet())
        {
            final long seq = packet.getKey();
            final UnsafeBuffer buffer = new UnsafeBuffer(packet.getValue());
            final long sendingTime = buffer.getLong(4, ByteOrder.LITTLE_ENDIAN);
            if (open)
            {
                spanningEvents++;
            }
            int offset = Mdp3Packet.HEADER_LENGTH;
            int endsInPacket = 0;
            int messages = 0;
            while (offset < buffer.capacity())
            {
                final int size = buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                header.wrap(buffer, offset + 2);
                final int body = offset + 2 + MessageHeaderDecoder.ENCODED_LENGTH;
                final int templateId = header.templateId();
                final int meiOffset = templateId == SecurityStatus30Decoder.TEMPLATE_ID ?
                    SecurityStatus30Decoder.matchEventIndicatorEncodingOffset() : 8;
                final int mei = buffer.getByte(body + meiOffset) & 0xFF;
                assertTrue(buffer.getLong(body, ByteOrder.LITTLE_ENDIAN) <= sendingTime,
                    "TransactTime before SendingTime in packet " + seq);
                int kind = switch (templateId)
                {
                    case 48 -> 0;
                    case 37 -> 1;
                    case 30 -> 5;
                    case 4 -> 6;
                    default -> 2;
                };
                if (templateId == MDIncrementalRefreshBook46Decoder.TEMPLATE_ID)
                {
                    book.wrap(buffer, body, header.blockLength(), header.version());
                    int outright = 0;
                    int implied = 0;
                    for (final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder entry : book.noMDEntries())
                    {
                        final MDEntryTypeBook type = entry.mDEntryType();
                        if (type == MDEntryTypeBook.ImpliedBid || type == MDEntryTypeBook.ImpliedOffer)
                        {
                            implied++;
                        }
                        else
                        {
                            outright++;
                        }
                    }
                    assertFalse(outright > 0 && implied > 0, "a book message is either outright or implied");
                    kind = implied > 0 ? 3 : (outright > 0 ? 2 : 4);
                }
                event.add(new int[]{kind, mei});
                open = true;
                messages++;
                if (MatchEventIndicatorDecoder.endOfEvent((byte)mei))
                {
                    checkEvent(event, seq);
                    event.clear();
                    open = false;
                    endsInPacket++;
                    events++;
                }
                offset += size;
            }
            packetsWithSeveralEvents += endsInPacket > 1 ? 1 : 0;
            packetsWithSeveralMessages += messages > 1 ? 1 : 0;
            if (seq == CONFIG.packets() || seq == RESET_AT - 1 || seq == RESET_AT)
            {
                assertFalse(open, "packet " + seq + " ends with EndOfEvent");
            }
            if (seq == RESET_AT)
            {
                assertEquals(1, messages, "the reset packet carries the ChannelReset4 alone");
                header.wrap(buffer, Mdp3Packet.HEADER_LENGTH + 2);
                assertEquals(ChannelReset4Decoder.TEMPLATE_ID, header.templateId());
            }
        }
        assertTrue(spanningEvents > 100, "events span packets: " + spanningEvents);
        assertTrue(packetsWithSeveralEvents > 100, "packets hold several events: " + packetsWithSeveralEvents);
        assertTrue(packetsWithSeveralMessages > 1000, "packets hold several messages: " + packetsWithSeveralMessages);
        assertTrue(events > CONFIG.packets(), "events: " + events);
    }

    /**
     * Kinds: 0 trade 48, 1 volume 37, 2 outright 46, 3 implied 46, 4 empty 46, 5 status 30, 6 reset 4.
     */
    private static void checkEvent(final List<int[]> event, final long seq)
    {
        final int[] last = new int[7];
        java.util.Arrays.fill(last, -1);
        int previousKind = -1;
        for (int i = 0; i < event.size(); i++)
        {
            final int kind = event.get(i)[0];
            last[kind] = i;
            if (kind <= 4)
            {
                assertTrue(kind >= previousKind, "event order 48, 37, 46, implied 46, empty 46 in packet " + seq);
                previousKind = kind;
            }
            else
            {
                assertEquals(1, event.size(), "status and reset are events of their own (packet " + seq + ")");
            }
        }
        for (int i = 0; i < event.size(); i++)
        {
            final int kind = event.get(i)[0];
            final int mei = event.get(i)[1];
            assertEquals(i == event.size() - 1, (mei & 0x80) != 0, "EndOfEvent only on the last message");
            assertEquals(kind == 0 && i == last[0], (mei & 0x01) != 0, "LastTradeMsg on the last 48 (" + seq + ")");
            assertEquals(kind == 1 && i == last[1], (mei & 0x02) != 0, "LastVolumeMsg on the last 37 (" + seq + ")");
            assertEquals(kind == 2 && i == last[2], (mei & 0x04) != 0, "LastQuoteMsg on the last quote (" + seq + ")");
            assertEquals(kind == 3 && i == last[3], (mei & 0x10) != 0, "LastImpliedMsg on the last implied");
            assertEquals(0, mei & 0x68, "no stats, recovery or reserved bits");
        }
    }

    private static int decodedLength(final DirectBuffer buffer, final int body, final MessageHeaderDecoder header)
    {
        final int blockLength = header.blockLength();
        final int version = header.version();
        return switch (header.templateId())
        {
            case 4 -> new ChannelReset4Decoder().wrap(buffer, body, blockLength, version).sbeDecodedLength();
            case 30 -> new SecurityStatus30Decoder().wrap(buffer, body, blockLength, version).sbeDecodedLength();
            case 37 -> new MDIncrementalRefreshVolume37Decoder().wrap(buffer, body, blockLength, version)
                .sbeDecodedLength();
            case 46 -> new MDIncrementalRefreshBook46Decoder().wrap(buffer, body, blockLength, version)
                .sbeDecodedLength();
            case 48 -> new MDIncrementalRefreshTradeSummary48Decoder().wrap(buffer, body, blockLength, version)
                .sbeDecodedLength();
            case 52 -> new SnapshotFullRefresh52Decoder().wrap(buffer, body, blockLength, version).sbeDecodedLength();
            case 54 -> new MDInstrumentDefinitionFuture54Decoder().wrap(buffer, body, blockLength, version)
                .sbeDecodedLength();
            default -> -1;
        };
    }

    private static long sum16(final int value)
    {
        return ((value >>> 16) & 0xFFFF) + (value & 0xFFFF);
    }

    private static int onesComplementSum(final DirectBuffer buffer, final int offset, final int length,
        final long initial)
    {
        long sum = initial;
        int i = 0;
        for (; i + 1 < length; i += 2)
        {
            sum += buffer.getShort(offset + i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        if (i < length)
        {
            sum += (buffer.getByte(offset + i) & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)(~sum & 0xFFFF);
    }
}
