package io.xdpfeed.sim;

import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Decoder;
import io.xdpfeed.codecs.mdp3.MDUpdateAction;
import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefreshOrderBook53Decoder;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.truth.OrderTruthJson;
import io.xdpfeed.sim.truth.TruthOrderBook;
import io.xdpfeed.sim.wire.Mdp3Packet;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Market by order ({@code --mbo}): the order books are consistent with the MBP books at the end of every event, the
 * 47 and 53 messages decode back with the generated decoders, the 53 chunks carry the same LastMsgSeqNumProcessed
 * as their 52, recovery from 53 + 52 rebuilds both truths, the run is deterministic by seed, and
 * {@code --truth-orders} writes the shared order books JSON.
 */
@Timeout(180)
class MarketByOrderTest
{
    private static final int END_OF_EVENT = 0x80;

    @Test
    void orderBooksMatchTheMbpBooksAtEveryEventEnd()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(6).packets(8_000).seed(5)
            .resetAt(4_000).mbo(true).build();
        final SimulationResult[] result = new SimulationResult[1];
        final List<Datagram> datagrams = RecordingSink.record(config, result);
        final SortedMap<Long, byte[]> union = ReferenceChannel.incrementalUnion(datagrams);
        assertEquals(config.packets(), union.size());

        final ReferenceChannel reference = new ReferenceChannel(config.depth());
        long comparedAtEventEnd = 0;
        long packetsEndingMidEvent = 0;
        long longestOpenRun = 0;
        long openRun = 0;
        for (final byte[] packet : union.values())
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(packet);
            reference.applyPacket(buffer, packet.length);
            if ((lastMatchEventIndicator(buffer, packet.length) & END_OF_EVENT) == 0)
            {
                packetsEndingMidEvent++;
                longestOpenRun = Math.max(longestOpenRun, ++openRun);
                continue;
            }
            openRun = 0;
            for (int i = 0; i < config.instruments(); i++)
            {
                final int securityId = config.securityId(i);
                assertEquals(reference.outright(securityId), reference.aggregatedOrders(securityId, config.depth()),
                    "MBP book of " + securityId + " = its orders aggregated, after packet " +
                    reference.lastMsgSeqNum());
            }
            comparedAtEventEnd++;
        }
        assertEquals(result[0].books(), reference.outrightBooks(), "MBP truth");
        assertEquals(result[0].orderBooks(), reference.orderBooks(), "order truth");
        assertEquals(1, reference.resets());
        assertTrue(comparedAtEventEnd > config.packets() / 2, "compared at " + comparedAtEventEnd + " event ends");
        assertTrue(packetsEndingMidEvent > 0 && longestOpenRun >= 2, "events span packets, some several: " +
            packetsEndingMidEvent + " packets end mid-event, longest run " + longestOpenRun);
        boolean deeperThanDepth = false;
        for (final int securityId : result[0].orderBooks().keySet())
        {
            deeperThanDepth |= reference.aggregatedOrders(securityId, 100).bids().size() > config.depth();
        }
        assertTrue(deeperThanDepth, "orders beyond the published depth are on the feed (MBO is full depth)");
        final long[] events = result[0].orderEvents();
        assertEquals(events[0] + events[1] + events[2], reference.orderEntries(), "every order event sent once");
        assertTrue(events[0] > 0 && events[1] > 0 && events[2] > 0);
    }

    @Test
    void orderIdsAndPrioritiesIncrease()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(4).packets(3_000).seed(3).mbo(true)
            .build();
        final SimulationResult[] result = new SimulationResult[1];
        final SortedMap<Long, byte[]> union = ReferenceChannel.incrementalUnion(RecordingSink.record(config, result));
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final MDIncrementalRefreshOrderBook47Decoder orders = new MDIncrementalRefreshOrderBook47Decoder();
        long maxOrderId = 0;
        long maxPriority = 0;
        long newOrders = 0;
        long priorityLosses = 0;
        for (final byte[] packet : union.values())
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(packet);
            for (int offset = Mdp3Packet.HEADER_LENGTH; offset < packet.length;
                offset += buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF)
            {
                header.wrap(buffer, offset + 2);
                if (header.templateId() != MDIncrementalRefreshOrderBook47Decoder.TEMPLATE_ID)
                {
                    continue;
                }
                orders.wrap(buffer, offset + 2 + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                    header.version());
                for (final MDIncrementalRefreshOrderBook47Decoder.NoMDEntriesDecoder entry : orders.noMDEntries())
                {
                    if (entry.mDUpdateAction() == MDUpdateAction.New)
                    {
                        assertEquals(maxOrderId + 1, entry.orderID(), "order ids in sequence");
                        assertTrue(entry.mDOrderPriority() > maxPriority, "a new order has the latest priority");
                        maxOrderId = entry.orderID();
                        maxPriority = entry.mDOrderPriority();
                        newOrders++;
                    }
                    else if (entry.mDUpdateAction() == MDUpdateAction.Change && entry.mDOrderPriority() > maxPriority)
                    {
                        maxPriority = entry.mDOrderPriority();
                        priorityLosses++;
                    }
                    else
                    {
                        assertTrue(entry.mDOrderPriority() <= maxPriority);
                    }
                }
            }
        }
        assertEquals(result[0].orderEvents()[0], newOrders);
        assertTrue(priorityLosses > 0, "quantity increases lose priority");
    }

    @Test
    void orderSnapshotsChunkAndMatchTheIncrementals()
    {
        final long resetAt = 3_000;
        final SimulatorConfig config = SimulatorConfig.builder().instruments(5).packets(6_000).seed(9)
            .snapshotEvery(3).resetAt(resetAt).mbo(true).build();
        final SimulationResult[] result = new SimulationResult[1];
        final List<Datagram> datagrams = RecordingSink.record(config, result);

        final ReferenceChannel reference = new ReferenceChannel(config.depth());
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SnapshotFullRefreshOrderBook53Decoder orderSnapshot = new SnapshotFullRefreshOrderBook53Decoder();
        final SnapshotFullRefresh52Decoder snapshot = new SnapshotFullRefresh52Decoder();
        ReferenceChannel fromSnapshot = new ReferenceChannel(config.depth());
        long expectedSeq = 1;
        int turn = 0;
        long expectedChunk = 1;
        long chunksOfTurn = 0;
        long turnLastProcessed = -1;
        long turns = 0;
        long multiChunkTurns = 0;
        long orderMessages = 0;
        boolean atEventEnd = true;
        long comparedWithMbp = 0;
        for (final Datagram datagram : datagrams)
        {
            final UnsafeBuffer buffer = datagram.buffer();
            if (datagram.line().isIncremental())
            {
                if (datagram.msgSeqNum() == reference.lastMsgSeqNum() + 1)
                {
                    reference.applyPacket(buffer, datagram.payload().length);
                    atEventEnd = (lastMatchEventIndicator(buffer, datagram.payload().length) & END_OF_EVENT) != 0;
                    if (datagram.msgSeqNum() == resetAt)
                    {
                        expectedSeq = 1;
                        turn = 0;
                    }
                }
                continue;
            }
            if (datagram.line() != SimLine.SNAPSHOT_A)
            {
                continue;
            }
            assertEquals(expectedSeq++, datagram.msgSeqNum(), "MsgSeqNum counts every packet of the cycle");
            header.wrap(buffer, Mdp3Packet.HEADER_LENGTH + 2);
            final int securityId = config.securityId(turn);
            final int body = Mdp3Packet.HEADER_LENGTH + 2 + MessageHeaderDecoder.ENCODED_LENGTH;
            if (header.templateId() == SnapshotFullRefreshOrderBook53Decoder.TEMPLATE_ID)
            {
                orderSnapshot.wrap(buffer, body, header.blockLength(), header.version());
                assertEquals(securityId, orderSnapshot.securityID(), "53s in SecurityID order");
                assertEquals(config.instruments(), orderSnapshot.totNumReports());
                assertEquals(expectedChunk++, orderSnapshot.currentChunk(), "chunks 1..NoChunks");
                assertEquals(Mdp3Packet.HEADER_LENGTH + 2 + MessageHeaderDecoder.ENCODED_LENGTH +
                    orderSnapshot.sbeDecodedLength(), datagram.payload().length, "one 53 per packet, whole");
                if (chunksOfTurn == 0)
                {
                    fromSnapshot = new ReferenceChannel(config.depth());
                    chunksOfTurn = orderSnapshot.noChunks();
                    turnLastProcessed = orderSnapshot.lastMsgSeqNumProcessed();
                }
                assertEquals(chunksOfTurn, orderSnapshot.noChunks());
                assertEquals(reference.lastMsgSeqNum(), orderSnapshot.lastMsgSeqNumProcessed(),
                    "LastMsgSeqNumProcessed = last incremental MsgSeqNum before the snapshot");
                fromSnapshot.applyOrderSnapshot(buffer, Mdp3Packet.HEADER_LENGTH);
                orderMessages++;
                continue;
            }
            assertEquals(SnapshotFullRefresh52Decoder.TEMPLATE_ID, header.templateId());
            assertEquals(chunksOfTurn, expectedChunk - 1, "every chunk sent before the 52");
            snapshot.wrap(buffer, body, header.blockLength(), header.version());
            assertEquals(securityId, snapshot.securityID());
            assertEquals(turnLastProcessed, snapshot.lastMsgSeqNumProcessed(), "52 and its 53s: same point");
            assertEquals(reference.orderBook(securityId), fromSnapshot.orderBook(securityId),
                "53 orders of " + securityId + " = the incrementals up to " + turnLastProcessed);
            if (atEventEnd)
            {
                assertEquals(reference.outright(securityId),
                    fromSnapshot.aggregatedOrders(securityId, config.depth()), "53 orders aggregated = the 52");
                comparedWithMbp++;
            }
            multiChunkTurns += chunksOfTurn > 1 ? 1 : 0;
            turns++;
            chunksOfTurn = 0;
            expectedChunk = 1;
            turn++;
            if (turn == config.instruments())
            {
                turn = 0;
                expectedSeq = 1;
            }
        }
        assertTrue(turns > 2 * config.instruments());
        assertTrue(multiChunkTurns > 0, "order books larger than one packet are chunked");
        assertTrue(comparedWithMbp > turns / 3, comparedWithMbp + " of " + turns);
        assertEquals(result[0].datagrams(SimLine.SNAPSHOT_A), turns + orderMessages);
    }

    @Test
    void recoveryFromOrderSnapshotsGivesBothTruths()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(8).packets(12_000).seed(21)
            .lossBothBursts(4).burstLength(6).lossA(0.01).lossB(0.01).reorderWindow(2).duplicate(0.01).mbo(true)
            .build();
        final SimulationResult[] result = new SimulationResult[1];
        final List<Datagram> datagrams = RecordingSink.record(config, result);
        final SortedMap<Long, byte[]> union = ReferenceChannel.incrementalUnion(datagrams);
        assertTrue(union.size() < config.packets(), "bursts left gaps");
        final long lastBurstEnd = result[0].faults().bursts().get(result[0].faults().bursts().size() - 1)[1];

        final Map<Integer, ReferenceChannel> recovering = new HashMap<>();
        final Map<Integer, Long> lastProcessed = new HashMap<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SnapshotFullRefreshOrderBook53Decoder orderSnapshot = new SnapshotFullRefreshOrderBook53Decoder();
        long lastIncrementalSeen = 0;
        for (final Datagram datagram : datagrams)
        {
            if (datagram.line().isIncremental())
            {
                lastIncrementalSeen = Math.max(lastIncrementalSeen, datagram.msgSeqNum());
                continue;
            }
            if (datagram.line() != SimLine.SNAPSHOT_A || lastIncrementalSeen <= lastBurstEnd)
            {
                continue;
            }
            final UnsafeBuffer buffer = datagram.buffer();
            header.wrap(buffer, Mdp3Packet.HEADER_LENGTH + 2);
            final int body = Mdp3Packet.HEADER_LENGTH + 2 + MessageHeaderDecoder.ENCODED_LENGTH;
            if (header.templateId() == SnapshotFullRefreshOrderBook53Decoder.TEMPLATE_ID)
            {
                orderSnapshot.wrap(buffer, body, header.blockLength(), header.version());
                final int securityId = orderSnapshot.securityID();
                if (lastProcessed.containsKey(securityId))
                {
                    continue;
                }
                if (orderSnapshot.currentChunk() == 1)
                {
                    recovering.put(securityId, new ReferenceChannel(config.depth()));
                }
                if (recovering.containsKey(securityId))
                {
                    recovering.get(securityId).applyOrderSnapshot(buffer, Mdp3Packet.HEADER_LENGTH);
                }
                continue;
            }
            final int securityId = new SnapshotFullRefresh52Decoder()
                .wrap(buffer, body, header.blockLength(), header.version()).securityID();
            if (recovering.containsKey(securityId) && !lastProcessed.containsKey(securityId))
            {
                final long processed = recovering.get(securityId).applySnapshot(buffer, Mdp3Packet.HEADER_LENGTH);
                assertTrue(processed >= lastBurstEnd, "snapshot taken after the burst");
                lastProcessed.put(securityId, processed);
            }
        }
        assertEquals(config.instruments(), lastProcessed.size(), "every instrument recovered from 53s and a 52");

        for (final Map.Entry<Integer, Long> entry : lastProcessed.entrySet())
        {
            final int securityId = entry.getKey();
            final ReferenceChannel channel = recovering.get(securityId);
            for (final byte[] packet : union.tailMap(entry.getValue() + 1).values())
            {
                channel.applyPacketFor(new UnsafeBuffer(packet), packet.length, securityId);
            }
            assertEquals(result[0].books().get(securityId), channel.outright(securityId), "MBP of " + securityId);
            assertEquals(result[0].orderBooks().get(securityId), channel.orderBook(securityId),
                "orders of " + securityId);
        }
    }

    @Test
    void resetsAtTheEdgesKeepBothTruthsConsistent()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(5).depth(3).packets(3_000).seed(8)
            .resetAt(1, 2, 60, 2_995).mbo(true).build();
        final SimulationResult[] result = new SimulationResult[1];
        final SortedMap<Long, byte[]> union = ReferenceChannel.incrementalUnion(RecordingSink.record(config, result));
        final ReferenceChannel reference = new ReferenceChannel(config.depth());
        for (final byte[] packet : union.values())
        {
            reference.applyPacket(new UnsafeBuffer(packet), packet.length);
        }
        assertEquals(4, reference.resets());
        assertEquals(result[0].books(), reference.outrightBooks());
        assertEquals(result[0].orderBooks(), reference.orderBooks());
        for (int i = 0; i < config.instruments(); i++)
        {
            final int securityId = config.securityId(i);
            assertEquals(reference.outright(securityId), reference.aggregatedOrders(securityId, config.depth()));
        }
    }

    @Test
    void deterministicBySeedAndOffWithoutMbo()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(4).packets(2_000).seed(11).mbo(true)
            .lossA(0.02).lossBothBursts(1).build();
        final SimulationResult[] first = new SimulationResult[1];
        final SimulationResult[] second = new SimulationResult[1];
        final SimulationResult[] other = new SimulationResult[1];
        final List<Datagram> a = RecordingSink.record(config, first);
        final List<Datagram> b = RecordingSink.record(config, second);
        final List<Datagram> c = RecordingSink.record(config.toBuilder().seed(12).build(), other);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++)
        {
            assertEquals(a.get(i).line(), b.get(i).line());
            assertArrayEquals(a.get(i).payload(), b.get(i).payload(), "datagram " + i);
        }
        assertEquals(first[0].orderTruthJson(), second[0].orderTruthJson());
        assertEquals(first[0].truthJson(), second[0].truthJson());
        assertNotEquals(first[0].orderTruthJson(), other[0].orderTruthJson());
        assertTrue(templates(a).containsAll(Set.of(46, 47, 52, 53)));

        final SimulationResult[] off = new SimulationResult[1];
        final Set<Integer> offTemplates = templates(RecordingSink.record(config.toBuilder().mbo(false).build(), off));
        assertFalse(offTemplates.contains(47) || offTemplates.contains(53), offTemplates.toString());
        assertTrue(off[0].orderBooks().isEmpty());
    }

    @Test
    void truthOrdersFileHasTheSharedFormat(@TempDir final Path dir) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        final Path orders = dir.resolve("orders.json");
        assertEquals(0, ExchangeSimulatorMain.run(new String[]{"--instruments", "3", "--packets", "2k", "--seed", "4",
            "--mbo", "--truth-orders", orders.toString(), "--truth", dir.resolve("books.json").toString()},
            outStream, errStream), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("market by order"), out.toString());

        final SimulationResult api = new ExchangeSimulator(SimulatorConfig.builder().instruments(3).packets(2_000)
            .seed(4).mbo(true).build()).run();
        final String text = Files.readString(orders);
        assertEquals(api.orderTruthJson(), text);
        assertEquals(api.orderBooks(), OrderTruthJson.parse(text));
        assertEquals(OrderTruthJson.toJson(OrderTruthJson.parse(text)), text, "round trip");
        assertTrue(text.startsWith("{\n  \"1001\": {\"bids\": [["), text.substring(0, 40));
        assertTrue(text.matches("(?s)\\{\n(  \"\\d+\": \\{\"bids\": \\[(\\[\\d+, \\d+, \\d+, \\d+\\](, )?)*\\], " +
            "\"asks\": \\[(\\[\\d+, \\d+, \\d+, \\d+\\](, )?)*\\]\\}(,\n)?)+\n\\}\n"), "layout");
        assertEquals(Set.of(1001, 1002, 1003), api.orderBooks().keySet());
        for (final TruthOrderBook book : api.orderBooks().values())
        {
            final List<TruthOrderBook.Order> bids = new ArrayList<>(book.bids());
            bids.sort(TruthOrderBook.BID_ORDER);
            assertEquals(bids, book.bids(), "bids: best price, then priority, then order id");
            final List<TruthOrderBook.Order> asks = new ArrayList<>(book.asks());
            asks.sort(TruthOrderBook.ASK_ORDER);
            assertEquals(asks, book.asks());
            assertTrue(book.bids().get(0).price() > book.bids().get(book.bids().size() - 1).price());
            assertTrue(book.asks().get(0).price() < book.asks().get(book.asks().size() - 1).price());
        }

        assertEquals(2, ExchangeSimulatorMain.run(new String[]{"--truth-orders", orders.toString()}, outStream,
            errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--truth-orders needs --mbo"));
    }

    private static Set<Integer> templates(final List<Datagram> datagrams)
    {
        final Set<Integer> templates = new HashSet<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        for (final Datagram datagram : datagrams)
        {
            final UnsafeBuffer buffer = datagram.buffer();
            for (int offset = Mdp3Packet.HEADER_LENGTH; offset < datagram.payload().length;
                offset += buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF)
            {
                templates.add(header.wrap(buffer, offset + 2).templateId());
            }
        }
        return templates;
    }

    /**
     * MatchEventIndicator of the last message of a packet (at body offset 8 in 46/47/48/37/4, 26 in 30).
     */
    private static int lastMatchEventIndicator(final DirectBuffer buffer, final int length)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        int offset = Mdp3Packet.HEADER_LENGTH;
        int last = offset;
        while (offset < length)
        {
            last = offset;
            offset += buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        }
        header.wrap(buffer, last + 2);
        final int body = last + 2 + MessageHeaderDecoder.ENCODED_LENGTH;
        return buffer.getByte(body + (header.templateId() == 30 ? 26 : 8)) & 0xFF;
    }
}
