/*
 * Copyright 2025 xdpfeed contributors.
 */
package io.xdpfeed.codecs;

import io.xdpfeed.codecs.mdp3.AdminHeartbeat12Decoder;
import io.xdpfeed.codecs.mdp3.AggressorSide;
import io.xdpfeed.codecs.mdp3.HaltReason;
import io.xdpfeed.codecs.mdp3.MDEntryTypeBook;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.MDInstrumentDefinitionFuture54Decoder;
import io.xdpfeed.codecs.mdp3.MDUpdateAction;
import io.xdpfeed.codecs.mdp3.OrderUpdateAction;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Decoder;
import io.xdpfeed.codecs.mdp3.SecurityTradingEvent;
import io.xdpfeed.codecs.mdp3.SecurityTradingStatus;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefreshOrderBook53Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshBook32Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshTradeSummary42Decoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decodes real CME captures (src/test/resources/mdp3, see PROVENANCE.md) with the generated MDP3 flyweights, every
 * decoder wrapped with the blockLength and version of its message header, and checks the values field by field.
 */
@Timeout(30)
class Mdp3CaptureDecodeTest
{
    private final MDIncrementalRefreshBook46Decoder book46 = new MDIncrementalRefreshBook46Decoder();
    private final MDIncrementalRefreshOrderBook47Decoder orderBook47 = new MDIncrementalRefreshOrderBook47Decoder();
    private final MDIncrementalRefreshTradeSummary48Decoder trade48 = new MDIncrementalRefreshTradeSummary48Decoder();
    private final MDIncrementalRefreshVolume37Decoder volume37 = new MDIncrementalRefreshVolume37Decoder();

    @Test
    void schemaLayoutMatchesCmeV13()
    {
        assertEquals(1, MDIncrementalRefreshBook46Decoder.SCHEMA_ID);
        assertEquals(13, MDIncrementalRefreshBook46Decoder.SCHEMA_VERSION);
        assertEquals(224, MDInstrumentDefinitionFuture54Decoder.BLOCK_LENGTH);
        assertEquals(59, SnapshotFullRefresh52Decoder.BLOCK_LENGTH);
        assertEquals(28, SnapshotFullRefreshOrderBook53Decoder.BLOCK_LENGTH);
        assertEquals(30, SecurityStatus30Decoder.BLOCK_LENGTH);
        assertEquals(11, MDIncrementalRefreshBook46Decoder.BLOCK_LENGTH);
        assertEquals(35, MDInstrumentDefinitionFuture54Decoder.symbolEncodingOffset());
        assertEquals(55, MDInstrumentDefinitionFuture54Decoder.securityIDEncodingOffset());
        assertEquals(91, MDInstrumentDefinitionFuture54Decoder.minPriceIncrementEncodingOffset());
        assertEquals(99, MDInstrumentDefinitionFuture54Decoder.displayFactorEncodingOffset());
        assertEquals(216, MDInstrumentDefinitionFuture54Decoder.instrumentGUIDEncodingOffset());
        assertEquals(27, MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder.tradeableSizeEncodingOffset());
        assertEquals(10, MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder.tradeableSizeSinceVersion());
    }

    @Test
    void incrementalRefreshBook46()
    {
        final UnsafeBuffer packet = single("/mdp3/MdIncrementalRefreshBook.pcap");
        assertEquals(1_028_095, Mdp3Messages.msgSeqNum(packet));
        assertEquals(1_536_760_535_685_381_248L, Mdp3Messages.sendingTime(packet));

        final List<Mdp3Messages.Message> messages = Mdp3Messages.messages(packet);
        assertEquals(2, messages.size());
        final Mdp3Messages.Message first = messages.get(0);
        assertEquals(46, first.templateId());
        assertEquals(9, first.version());
        assertEquals(1152, first.msgSize());

        wrap(book46, packet, first);
        assertEquals(1_536_760_535_644_820_404L, book46.transactTime());
        assertTrue(book46.matchEventIndicator().lastQuoteMsg());
        assertFalse(book46.matchEventIndicator().endOfEvent());

        final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder entries = book46.noMDEntries();
        assertEquals(23, entries.count());
        entries.next();
        assertEquals(15_230_000_000_000L, entries.mDEntryPx().mantissa());
        assertEquals(-9, entries.mDEntryPx().exponent());
        assertEquals(1, entries.mDEntrySize());
        assertEquals(157_660, entries.securityID());
        assertEquals(411, entries.rptSeq());
        assertEquals(1, entries.numberOfOrders());
        assertEquals(1, entries.mDPriceLevel());
        assertEquals(MDUpdateAction.Delete, entries.mDUpdateAction());
        assertEquals(MDEntryTypeBook.Offer, entries.mDEntryType());
        // TradeableSize is sinceVersion 10: a version 9 message gives the null value
        assertEquals(MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder.tradeableSizeNullValue(),
            entries.tradeableSize());
        entries.next();
        assertEquals(15_250_000_000_000L, entries.mDEntryPx().mantissa());
        assertEquals(412, entries.rptSeq());
        assertEquals(MDUpdateAction.New, entries.mDUpdateAction());
        while (entries.hasNext())
        {
            entries.next();
        }
        assertEquals(16, book46.noOrderIDEntries().count());

        wrap(book46, packet, messages.get(1));
        assertTrue(book46.matchEventIndicator().endOfEvent());
        assertEquals(0, book46.noMDEntries().count());
        assertEquals(0, book46.noOrderIDEntries().count());
        assertWholeMessagesDecoded(packet, messages);
    }

    @Test
    void incrementalRefreshOrderBook47()
    {
        final UnsafeBuffer packet = single("/mdp3/MdIncrementalRefreshOrderBook.pcap");
        assertEquals(911_525, Mdp3Messages.msgSeqNum(packet));
        final List<Mdp3Messages.Message> messages = Mdp3Messages.messages(packet);
        assertEquals(1, messages.size());
        assertEquals(47, messages.get(0).templateId());

        wrap(orderBook47, packet, messages.get(0));
        assertEquals(1_536_760_536_853_618_175L, orderBook47.transactTime());
        assertTrue(orderBook47.matchEventIndicator().lastQuoteMsg());
        assertTrue(orderBook47.matchEventIndicator().endOfEvent());
        final MDIncrementalRefreshOrderBook47Decoder.NoMDEntriesDecoder entries = orderBook47.noMDEntries();
        assertEquals(1, entries.count());
        entries.next();
        assertEquals(76_662_054_355L, entries.orderID());
        assertEquals(641_463_012L, entries.mDOrderPriority());
        assertEquals(12_068_000_000_000L, entries.mDEntryPx().mantissa());
        assertEquals(4, entries.mDDisplayQty());
        assertEquals(532_259, entries.securityID());
        assertEquals(MDUpdateAction.New, entries.mDUpdateAction());
        assertEquals(MDEntryTypeBook.Offer, entries.mDEntryType());
        assertWholeMessagesDecoded(packet, messages);
    }

    @Test
    void tradeSummary48WithOrderGroupAndVolume37()
    {
        final UnsafeBuffer packet = single("/mdp3/MdIncrementalRefreshTradeSummary.pcap");
        assertEquals(884_140, Mdp3Messages.msgSeqNum(packet));
        final List<Mdp3Messages.Message> messages = Mdp3Messages.messages(packet);
        assertEquals(List.of(48, 37, 47, 46, 46), messages.stream().map(Mdp3Messages.Message::templateId).toList());

        wrap(trade48, packet, messages.get(0));
        assertEquals(1_536_760_535_670_166_278L, trade48.transactTime());
        assertTrue(trade48.matchEventIndicator().lastTradeMsg());
        final MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder entries = trade48.noMDEntries();
        assertEquals(1, entries.count());
        entries.next();
        assertEquals(12_952_000_000_000L, entries.mDEntryPx().mantissa());
        assertEquals(2, entries.mDEntrySize());
        assertEquals(170_506, entries.securityID());
        assertEquals(20_185, entries.rptSeq());
        assertEquals(3, entries.numberOfOrders());
        assertEquals(AggressorSide.Sell, entries.aggressorSide());
        assertEquals(MDUpdateAction.New, entries.mDUpdateAction());
        assertEquals(341_412, entries.mDTradeEntryID());
        final MDIncrementalRefreshTradeSummary48Decoder.NoOrderIDEntriesDecoder orders = trade48.noOrderIDEntries();
        assertEquals(3, orders.count());
        assertEquals(88_463_941_745L, orders.next().orderID());
        assertEquals(2, orders.lastQty());
        assertEquals(88_463_939_692L, orders.next().orderID());
        assertEquals(1, orders.lastQty());
        assertEquals(88_463_940_665L, orders.next().orderID());
        assertEquals(1, orders.lastQty());

        wrap(volume37, packet, messages.get(1));
        assertTrue(volume37.matchEventIndicator().lastVolumeMsg());
        final MDIncrementalRefreshVolume37Decoder.NoMDEntriesDecoder volume = volume37.noMDEntries();
        assertEquals(1, volume.count());
        volume.next();
        assertEquals(3765, volume.mDEntrySize());
        assertEquals(170_506, volume.securityID());
        assertEquals(20_186, volume.rptSeq());
        assertEquals(MDUpdateAction.New, volume.mDUpdateAction());

        wrap(orderBook47, packet, messages.get(2));
        final MDIncrementalRefreshOrderBook47Decoder.NoMDEntriesDecoder orderEntries = orderBook47.noMDEntries();
        assertEquals(2, orderEntries.count());
        orderEntries.next();
        assertEquals(88_463_939_692L, orderEntries.orderID());
        assertEquals(MDUpdateAction.Delete, orderEntries.mDUpdateAction());
        assertEquals(MDEntryTypeBook.Bid, orderEntries.mDEntryType());
        orderEntries.next();
        assertEquals(88_463_940_665L, orderEntries.orderID());
        assertEquals(1_423_903_131L, orderEntries.mDOrderPriority());
        assertEquals(2, orderEntries.mDDisplayQty());
        assertEquals(MDUpdateAction.Change, orderEntries.mDUpdateAction());

        wrap(book46, packet, messages.get(4));
        assertTrue(book46.matchEventIndicator().lastImpliedMsg());
        assertTrue(book46.matchEventIndicator().endOfEvent());
        final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder implied = book46.noMDEntries();
        implied.next();
        assertEquals(13_003_000_000_000L, implied.mDEntryPx().mantissa());
        assertEquals(3, implied.mDEntrySize());
        assertEquals(5893, implied.securityID());
        assertEquals(19_534, implied.rptSeq());
        assertEquals(MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder.numberOfOrdersNullValue(),
            implied.numberOfOrders());
        assertEquals(MDUpdateAction.Change, implied.mDUpdateAction());
        assertEquals(MDEntryTypeBook.ImpliedBid, implied.mDEntryType());
        assertWholeMessagesDecoded(packet, messages);
    }

    @Test
    void book46WithOrderIdEntries()
    {
        final UnsafeBuffer packet = single("/mdp3/MdIncrementalRefreshVolume.pcap");
        assertEquals(1_160_087, Mdp3Messages.msgSeqNum(packet));
        final List<Mdp3Messages.Message> messages = Mdp3Messages.messages(packet);
        assertEquals(List.of(37, 46, 46, 48, 37, 46, 46),
            messages.stream().map(Mdp3Messages.Message::templateId).toList());

        wrap(volume37, packet, messages.get(0));
        assertEquals(9541, volume37.noMDEntries().next().mDEntrySize());

        wrap(book46, packet, messages.get(1));
        final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder entries = book46.noMDEntries();
        entries.next();
        assertEquals(1_000_000_000L, entries.mDEntryPx().mantissa());
        assertEquals(9, entries.mDEntrySize());
        assertEquals(121_933, entries.securityID());
        assertEquals(3073, entries.rptSeq());
        assertEquals(MDEntryTypeBook.Bid, entries.mDEntryType());
        final MDIncrementalRefreshBook46Decoder.NoOrderIDEntriesDecoder orders = book46.noOrderIDEntries();
        assertEquals(1, orders.count());
        orders.next();
        assertEquals(88_463_941_759L, orders.orderID());
        assertEquals(1_423_908_467L, orders.mDOrderPriority());
        assertEquals(9, orders.mDDisplayQty());
        assertEquals(1, orders.referenceID());
        assertEquals(OrderUpdateAction.Update, orders.orderUpdateAction());

        wrap(book46, packet, messages.get(5));
        book46.noMDEntries().next();
        final MDIncrementalRefreshBook46Decoder.NoOrderIDEntriesDecoder deleted = book46.noOrderIDEntries();
        deleted.next();
        assertEquals(OrderUpdateAction.Delete, deleted.orderUpdateAction());
        assertWholeMessagesDecoded(packet, messages);
    }

    @Test
    void schemaVersion8FramesWithLegacyTemplates()
    {
        final List<byte[]> datagrams = datagrams("/mdp3/Cme.Mdp3.Sbe.v8.1.Example.frames-1-299-931-1743.pcap");
        assertEquals(4, datagrams.size());

        final UnsafeBuffer bookPacket = new UnsafeBuffer(datagrams.get(0));
        assertEquals(17_347_815, Mdp3Messages.msgSeqNum(bookPacket));
        final Mdp3Messages.Message book = Mdp3Messages.messages(bookPacket).get(0);
        assertEquals(32, book.templateId());
        assertEquals(8, book.version());
        final MDIncrementalRefreshBook32Decoder book32 = new MDIncrementalRefreshBook32Decoder()
            .wrap(bookPacket, book.bodyOffset(), book.blockLength(), book.version());
        assertEquals(1_475_012_773_473_147_505L, book32.transactTime());
        assertTrue(book32.matchEventIndicator().endOfEvent());
        final MDIncrementalRefreshBook32Decoder.NoMDEntriesDecoder bookEntries = book32.noMDEntries();
        assertEquals(1, bookEntries.count());
        bookEntries.next();
        assertEquals(75_845_000_000L, bookEntries.mDEntryPx().mantissa());
        assertEquals(-7, bookEntries.mDEntryPx().exponent());
        assertEquals(2, bookEntries.mDEntrySize());
        assertEquals(174_969, bookEntries.securityID());
        assertEquals(1_721_556, bookEntries.rptSeq());
        assertEquals(io.xdpfeed.codecs.mdp3.legacy.MDUpdateAction.New, bookEntries.mDUpdateAction());
        assertEquals(io.xdpfeed.codecs.mdp3.legacy.MDEntryTypeBook.Offer, bookEntries.mDEntryType());
        assertEquals(0, book32.noOrderIDEntries().count());
        assertEquals(book.msgSize(), Mdp3Messages.MSG_SIZE_LENGTH + 8 + book32.sbeDecodedLength());

        final UnsafeBuffer heartbeatPacket = new UnsafeBuffer(datagrams.get(1));
        final Mdp3Messages.Message heartbeat = Mdp3Messages.messages(heartbeatPacket).get(0);
        assertEquals(AdminHeartbeat12Decoder.TEMPLATE_ID, heartbeat.templateId());
        assertEquals(10, heartbeat.msgSize());

        final UnsafeBuffer statusPacket = new UnsafeBuffer(datagrams.get(2));
        final Mdp3Messages.Message status = Mdp3Messages.messages(statusPacket).get(0);
        assertEquals(30, status.templateId());
        assertEquals(8, status.version());
        final SecurityStatus30Decoder status30 = new SecurityStatus30Decoder()
            .wrap(statusPacket, status.bodyOffset(), status.blockLength(), status.version());
        assertEquals(1_475_013_570_000_476_253L, status30.transactTime());
        assertEquals("6C", status30.securityGroup().trim());
        assertEquals(SecurityStatus30Decoder.securityIDNullValue(), status30.securityID());
        assertEquals(17_072, status30.tradeDate());
        assertEquals(SecurityTradingStatus.PreOpen, status30.securityTradingStatus());
        assertEquals(HaltReason.GroupSchedule, status30.haltReason());
        assertEquals(SecurityTradingEvent.NoCancel, status30.securityTradingEvent());

        final UnsafeBuffer tradePacket = new UnsafeBuffer(datagrams.get(3));
        final Mdp3Messages.Message trade = Mdp3Messages.messages(tradePacket).get(0);
        assertEquals(42, trade.templateId());
        final MDIncrementalRefreshTradeSummary42Decoder trade42 = new MDIncrementalRefreshTradeSummary42Decoder()
            .wrap(tradePacket, trade.bodyOffset(), trade.blockLength(), trade.version());
        final MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder tradeEntries = trade42.noMDEntries();
        assertEquals(1, tradeEntries.count());
        tradeEntries.next();
        assertEquals(75_800_000_000L, tradeEntries.mDEntryPx().mantissa());
        assertEquals(4, tradeEntries.mDEntrySize());
        assertEquals(174_969, tradeEntries.securityID());
        assertEquals(1_721_704, tradeEntries.rptSeq());
        assertEquals(6, tradeEntries.numberOfOrders());
        assertEquals(io.xdpfeed.codecs.mdp3.legacy.AggressorSide.NoAggressor, tradeEntries.aggressorSide());
        assertEquals(MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder.mDTradeEntryIDNullValue(),
            tradeEntries.mDTradeEntryID());
        final MDIncrementalRefreshTradeSummary42Decoder.NoOrderIDEntriesDecoder orders = trade42.noOrderIDEntries();
        assertEquals(6, orders.count());
        long lastQty = 0;
        while (orders.hasNext())
        {
            lastQty += orders.next().lastQty();
        }
        assertEquals(8, lastQty);
        assertEquals(trade.msgSize(), Mdp3Messages.MSG_SIZE_LENGTH + 8 + trade42.sbeDecodedLength());
    }

    private void wrap(
        final MDIncrementalRefreshBook46Decoder decoder, final UnsafeBuffer buffer, final Mdp3Messages.Message m)
    {
        decoder.wrap(buffer, m.bodyOffset(), m.blockLength(), m.version());
    }

    private void wrap(
        final MDIncrementalRefreshOrderBook47Decoder decoder, final UnsafeBuffer buffer, final Mdp3Messages.Message m)
    {
        decoder.wrap(buffer, m.bodyOffset(), m.blockLength(), m.version());
    }

    private void wrap(
        final MDIncrementalRefreshTradeSummary48Decoder decoder,
        final UnsafeBuffer buffer,
        final Mdp3Messages.Message m)
    {
        decoder.wrap(buffer, m.bodyOffset(), m.blockLength(), m.version());
    }

    private void wrap(
        final MDIncrementalRefreshVolume37Decoder decoder, final UnsafeBuffer buffer, final Mdp3Messages.Message m)
    {
        decoder.wrap(buffer, m.bodyOffset(), m.blockLength(), m.version());
    }

    /** Every message's root block and groups, as decoded, fill exactly its MsgSize; the messages fill the datagram. */
    private void assertWholeMessagesDecoded(final UnsafeBuffer packet, final List<Mdp3Messages.Message> messages)
    {
        int end = Mdp3Messages.PACKET_HEADER_LENGTH;
        for (final Mdp3Messages.Message m : messages)
        {
            final int decodedLength = switch (m.templateId())
            {
                case 46 -> book46.wrap(packet, m.bodyOffset(), m.blockLength(), m.version()).sbeDecodedLength();
                case 47 -> orderBook47.wrap(packet, m.bodyOffset(), m.blockLength(), m.version()).sbeDecodedLength();
                case 48 -> trade48.wrap(packet, m.bodyOffset(), m.blockLength(), m.version()).sbeDecodedLength();
                case 37 -> volume37.wrap(packet, m.bodyOffset(), m.blockLength(), m.version()).sbeDecodedLength();
                default -> throw new AssertionError("unexpected template " + m.templateId());
            };
            assertEquals(m.msgSize(), Mdp3Messages.MSG_SIZE_LENGTH + 8 + decodedLength, m.toString());
            end += m.msgSize();
        }
        assertEquals(packet.capacity(), end);
    }

    private static UnsafeBuffer single(final String resource)
    {
        final List<byte[]> datagrams = datagrams(resource);
        assertEquals(1, datagrams.size());
        return new UnsafeBuffer(datagrams.get(0));
    }

    private static List<byte[]> datagrams(final String resource)
    {
        try
        {
            return PcapDatagrams.read(resource);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
