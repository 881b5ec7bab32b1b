/*
 * Copyright 2025 xdpfeed contributors.
 */
package io.xdpfeed.codecs;

import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.BookSnapshotDecoder;
import io.xdpfeed.codecs.md.BookSnapshotEncoder;
import io.xdpfeed.codecs.md.BookUpdateDecoder;
import io.xdpfeed.codecs.md.BookUpdateEncoder;
import io.xdpfeed.codecs.md.BooleanType;
import io.xdpfeed.codecs.md.ChannelStatusDecoder;
import io.xdpfeed.codecs.md.ChannelStatusEncoder;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.HeartbeatDecoder;
import io.xdpfeed.codecs.md.HeartbeatEncoder;
import io.xdpfeed.codecs.md.InstrumentDefinitionDecoder;
import io.xdpfeed.codecs.md.InstrumentDefinitionEncoder;
import io.xdpfeed.codecs.md.InstrumentStatusDecoder;
import io.xdpfeed.codecs.md.InstrumentStatusEncoder;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.MessageHeaderDecoder;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.codecs.md.SnapshotCompleteDecoder;
import io.xdpfeed.codecs.md.SnapshotCompleteEncoder;
import io.xdpfeed.codecs.md.SnapshotRequestDecoder;
import io.xdpfeed.codecs.md.SnapshotRequestEncoder;
import io.xdpfeed.codecs.md.TradeDecoder;
import io.xdpfeed.codecs.md.TradeEncoder;
import io.xdpfeed.codecs.md.VolumeDecoder;
import io.xdpfeed.codecs.md.VolumeEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encode then decode every normalized record of market-data.xml, through the message header as a subscriber does.
 */
@Timeout(30)
class MarketDataRoundTripTest
{
    private static final int CHANNEL_ID = 310;
    private static final int SECURITY_ID = 157660;
    private static final long RECORD_SEQ = 42;
    private static final long SENDING_TIME_NS = 1_536_760_535_685_381_248L;
    private static final long RECEIVE_TIME_NS = SENDING_TIME_NS + 25_000;
    private static final long PUBLISH_TIME_NS = RECEIVE_TIME_NS + 900;
    private static final long MSG_SEQ_NUM = 1_028_095;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    @Test
    void schemaConstants()
    {
        assertEquals(100, MessageHeaderDecoder.SCHEMA_ID);
        assertEquals(1, MessageHeaderDecoder.SCHEMA_VERSION);
        assertEquals(1, InstrumentDefinitionEncoder.TEMPLATE_ID);
        assertEquals(2, BookUpdateEncoder.TEMPLATE_ID);
        assertEquals(3, BookSnapshotEncoder.TEMPLATE_ID);
        assertEquals(4, TradeEncoder.TEMPLATE_ID);
        assertEquals(5, InstrumentStatusEncoder.TEMPLATE_ID);
        assertEquals(6, ChannelStatusEncoder.TEMPLATE_ID);
        assertEquals(7, HeartbeatEncoder.TEMPLATE_ID);
        assertEquals(8, VolumeEncoder.TEMPLATE_ID);
        assertEquals(20, SnapshotRequestEncoder.TEMPLATE_ID);
        assertEquals(21, SnapshotCompleteEncoder.TEMPLATE_ID);
        assertEquals(Long.MAX_VALUE, BookUpdateEncoder.LevelsEncoder.priceNullValue());
        assertEquals(-9, new BookUpdateDecoder().priceExponent());
        assertEquals(Integer.MAX_VALUE, SnapshotRequestEncoder.securityIdNullValue());
        // the common block is the first 48 bytes of every data record
        assertEquals(48, HeartbeatEncoder.BLOCK_LENGTH);
        assertEquals(0, BookUpdateEncoder.channelIdEncodingOffset());
        assertEquals(40, TradeEncoder.msgSeqNumEncodingOffset());
    }

    @Test
    void instrumentDefinition()
    {
        final InstrumentDefinitionEncoder encoder = new InstrumentDefinitionEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder);
        encoder.channelId(CHANNEL_ID).securityId(SECURITY_ID).recordSeq(RECORD_SEQ).sendingTimeNs(SENDING_TIME_NS)
            .receiveTimeNs(RECEIVE_TIME_NS).publishTimeNs(PUBLISH_TIME_NS).msgSeqNum(MSG_SEQ_NUM)
            .symbol("ESZ8").securityGroup("ES").asset("ES")
            .minPriceIncrement(250_000_000L).displayFactor(1_000_000_000L)
            .marketDepth((short)10).impliedMarketDepth((short)2).tradingStatus((short)17).feedStatus(FeedStatus.LIVE);

        final InstrumentDefinitionDecoder decoder = new InstrumentDefinitionDecoder();
        wrap(InstrumentDefinitionDecoder.TEMPLATE_ID);
        decoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertCommon(decoder.channelId(), decoder.securityId(), decoder.recordSeq(), decoder.sendingTimeNs(),
            decoder.receiveTimeNs(), decoder.publishTimeNs(), decoder.msgSeqNum());
        assertEquals("ESZ8", decoder.symbol());
        assertEquals("ES", decoder.securityGroup());
        assertEquals("ES", decoder.asset());
        assertEquals(250_000_000L, decoder.minPriceIncrement());
        assertEquals(1_000_000_000L, decoder.displayFactor());
        assertEquals(10, decoder.marketDepth());
        assertEquals(2, decoder.impliedMarketDepth());
        assertEquals(17, decoder.tradingStatus());
        assertEquals(FeedStatus.LIVE, decoder.feedStatus());
        assertEquals(-9, decoder.priceExponent());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void bookUpdateWithEveryLevelChanged()
    {
        final BookUpdateEncoder encoder = new BookUpdateEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder);
        encoder.channelId(CHANNEL_ID).securityId(SECURITY_ID).recordSeq(RECORD_SEQ).sendingTimeNs(SENDING_TIME_NS)
            .receiveTimeNs(RECEIVE_TIME_NS).publishTimeNs(PUBLISH_TIME_NS).msgSeqNum(MSG_SEQ_NUM)
            .endOfEvent(BooleanType.TRUE).matchEventIndicator((short)0x84).rptSeq(412);
        encoder.levelsCount(3)
            .next().side(Side.ASK).levelType(LevelType.OUTRIGHT).action(BookAction.DELETE).level((short)1)
            .price(15_230_000_000_000L).size(1).orderCount(1)
            .next().side(Side.ASK).levelType(LevelType.OUTRIGHT).action(BookAction.NEW).level((short)1)
            .price(15_250_000_000_000L).size(1).orderCount(1)
            .next().side(Side.BID).levelType(LevelType.IMPLIED).action(BookAction.CLEAR).level((short)0)
            .price(BookUpdateEncoder.LevelsEncoder.priceNullValue()).size(0).orderCount(0);

        final BookUpdateDecoder decoder = new BookUpdateDecoder();
        wrap(BookUpdateDecoder.TEMPLATE_ID);
        decoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertCommon(decoder.channelId(), decoder.securityId(), decoder.recordSeq(), decoder.sendingTimeNs(),
            decoder.receiveTimeNs(), decoder.publishTimeNs(), decoder.msgSeqNum());
        assertEquals(BooleanType.TRUE, decoder.endOfEvent());
        assertEquals(0x84, decoder.matchEventIndicator());
        assertEquals(412, decoder.rptSeq());

        final BookUpdateDecoder.LevelsDecoder levels = decoder.levels();
        assertEquals(3, levels.count());
        levels.next();
        assertEquals(Side.ASK, levels.side());
        assertEquals(LevelType.OUTRIGHT, levels.levelType());
        assertEquals(BookAction.DELETE, levels.action());
        assertEquals(1, levels.level());
        assertEquals(15_230_000_000_000L, levels.price());
        assertEquals(1, levels.size());
        assertEquals(1, levels.orderCount());
        levels.next();
        assertEquals(BookAction.NEW, levels.action());
        assertEquals(15_250_000_000_000L, levels.price());
        levels.next();
        assertEquals(Side.BID, levels.side());
        assertEquals(LevelType.IMPLIED, levels.levelType());
        assertEquals(BookAction.CLEAR, levels.action());
        assertEquals(Long.MAX_VALUE, levels.price());
        assertFalse(levels.hasNext());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void bookSnapshot()
    {
        final BookSnapshotEncoder encoder = new BookSnapshotEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder);
        encoder.channelId(CHANNEL_ID).securityId(SECURITY_ID).recordSeq(RECORD_SEQ).sendingTimeNs(SENDING_TIME_NS)
            .receiveTimeNs(RECEIVE_TIME_NS).publishTimeNs(PUBLISH_TIME_NS).msgSeqNum(MSG_SEQ_NUM)
            .requestId(7).feedStatus(FeedStatus.RECOVERING).rptSeq(20_187).lastMsgSeqNumProcessed(884_140);
        encoder.levelsCount(2)
            .next().side(Side.BID).levelType(LevelType.OUTRIGHT).level((short)1)
            .price(12_952_000_000_000L).size(3).orderCount(2)
            .next().side(Side.ASK).levelType(LevelType.OUTRIGHT).level((short)1)
            .price(12_953_000_000_000L).size(5).orderCount(4);

        final BookSnapshotDecoder decoder = new BookSnapshotDecoder();
        wrap(BookSnapshotDecoder.TEMPLATE_ID);
        decoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertCommon(decoder.channelId(), decoder.securityId(), decoder.recordSeq(), decoder.sendingTimeNs(),
            decoder.receiveTimeNs(), decoder.publishTimeNs(), decoder.msgSeqNum());
        assertEquals(7, decoder.requestId());
        assertEquals(FeedStatus.RECOVERING, decoder.feedStatus());
        assertEquals(20_187, decoder.rptSeq());
        assertEquals(884_140, decoder.lastMsgSeqNumProcessed());

        final BookSnapshotDecoder.LevelsDecoder levels = decoder.levels();
        assertEquals(2, levels.count());
        levels.next();
        assertEquals(Side.BID, levels.side());
        assertEquals(LevelType.OUTRIGHT, levels.levelType());
        assertEquals(1, levels.level());
        assertEquals(12_952_000_000_000L, levels.price());
        assertEquals(3, levels.size());
        assertEquals(2, levels.orderCount());
        levels.next();
        assertEquals(Side.ASK, levels.side());
        assertEquals(12_953_000_000_000L, levels.price());
        assertEquals(5, levels.size());
        assertEquals(4, levels.orderCount());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void trade()
    {
        final TradeEncoder encoder = new TradeEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder);
        encoder.channelId(CHANNEL_ID).securityId(SECURITY_ID).recordSeq(RECORD_SEQ).sendingTimeNs(SENDING_TIME_NS)
            .receiveTimeNs(RECEIVE_TIME_NS).publishTimeNs(PUBLISH_TIME_NS).msgSeqNum(MSG_SEQ_NUM)
            .price(12_952_000_000_000L).size(2).orderCount(3).aggressorSide(AggressorSide.SELL).tradeId(341_412)
            .endOfEvent(BooleanType.FALSE).rptSeq(20_185);

        final TradeDecoder decoder = new TradeDecoder();
        wrap(TradeDecoder.TEMPLATE_ID);
        decoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertCommon(decoder.channelId(), decoder.securityId(), decoder.recordSeq(), decoder.sendingTimeNs(),
            decoder.receiveTimeNs(), decoder.publishTimeNs(), decoder.msgSeqNum());
        assertEquals(12_952_000_000_000L, decoder.price());
        assertEquals(2, decoder.size());
        assertEquals(3, decoder.orderCount());
        assertEquals(AggressorSide.SELL, decoder.aggressorSide());
        assertEquals(341_412, decoder.tradeId());
        assertEquals(BooleanType.FALSE, decoder.endOfEvent());
        assertEquals(20_185, decoder.rptSeq());
        assertEquals(-9, decoder.priceExponent());
    }

    @Test
    void instrumentStatus()
    {
        new InstrumentStatusEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .channelId(CHANNEL_ID).securityId(InstrumentStatusEncoder.securityIdNullValue()).recordSeq(RECORD_SEQ)
            .sendingTimeNs(SENDING_TIME_NS).receiveTimeNs(RECEIVE_TIME_NS).publishTimeNs(PUBLISH_TIME_NS)
            .msgSeqNum(MSG_SEQ_NUM)
            .feedStatus(FeedStatus.STALE).tradingStatus((short)21).haltReason((short)0).tradingEvent((short)1);

        final InstrumentStatusDecoder decoder = new InstrumentStatusDecoder();
        wrap(InstrumentStatusDecoder.TEMPLATE_ID);
        decoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(CHANNEL_ID, decoder.channelId());
        assertEquals(Integer.MAX_VALUE, decoder.securityId());
        assertEquals(MSG_SEQ_NUM, decoder.msgSeqNum());
        assertEquals(FeedStatus.STALE, decoder.feedStatus());
        assertEquals(21, decoder.tradingStatus());
        assertEquals(0, decoder.haltReason());
        assertEquals(1, decoder.tradingEvent());
    }

    @Test
    void channelStatus()
    {
        new ChannelStatusEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .channelId(CHANNEL_ID).securityId(0).recordSeq(RECORD_SEQ).sendingTimeNs(SENDING_TIME_NS)
            .receiveTimeNs(RECEIVE_TIME_NS).publishTimeNs(PUBLISH_TIME_NS).msgSeqNum(MSG_SEQ_NUM)
            .feedStatus(FeedStatus.RECOVERING).gapFromMsgSeqNum(1_028_096).gapToMsgSeqNum(1_028_099).recoveries(1);

        final ChannelStatusDecoder decoder = new ChannelStatusDecoder();
        wrap(ChannelStatusDecoder.TEMPLATE_ID);
        decoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(0, decoder.securityId());
        assertEquals(RECORD_SEQ, decoder.recordSeq());
        assertEquals(FeedStatus.RECOVERING, decoder.feedStatus());
        assertEquals(1_028_096, decoder.gapFromMsgSeqNum());
        assertEquals(1_028_099, decoder.gapToMsgSeqNum());
        assertEquals(1, decoder.recoveries());
    }

    @Test
    void heartbeat()
    {
        new HeartbeatEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .channelId(CHANNEL_ID).securityId(0).recordSeq(RECORD_SEQ).sendingTimeNs(0)
            .receiveTimeNs(0).publishTimeNs(PUBLISH_TIME_NS).msgSeqNum(0);

        final HeartbeatDecoder decoder = new HeartbeatDecoder();
        wrap(HeartbeatDecoder.TEMPLATE_ID);
        decoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(CHANNEL_ID, decoder.channelId());
        assertEquals(RECORD_SEQ, decoder.recordSeq());
        assertEquals(PUBLISH_TIME_NS, decoder.publishTimeNs());
        assertEquals(0, decoder.msgSeqNum());
        assertEquals(48, decoder.encodedLength());
    }

    @Test
    void volume()
    {
        new VolumeEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .channelId(CHANNEL_ID).securityId(SECURITY_ID).recordSeq(RECORD_SEQ).sendingTimeNs(SENDING_TIME_NS)
            .receiveTimeNs(RECEIVE_TIME_NS).publishTimeNs(PUBLISH_TIME_NS).msgSeqNum(MSG_SEQ_NUM)
            .totalVolume(3765).rptSeq(20_186).endOfEvent(BooleanType.TRUE);

        final VolumeDecoder decoder = new VolumeDecoder();
        wrap(VolumeDecoder.TEMPLATE_ID);
        decoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertCommon(decoder.channelId(), decoder.securityId(), decoder.recordSeq(), decoder.sendingTimeNs(),
            decoder.receiveTimeNs(), decoder.publishTimeNs(), decoder.msgSeqNum());
        assertEquals(3765, decoder.totalVolume());
        assertEquals(20_186, decoder.rptSeq());
        assertEquals(BooleanType.TRUE, decoder.endOfEvent());
    }

    @Test
    void snapshotRequestAndComplete()
    {
        new SnapshotRequestEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .requestId(7).subscriberStreamId(1001).channelId(CHANNEL_ID)
            .securityId(SnapshotRequestEncoder.securityIdNullValue());

        final SnapshotRequestDecoder request = new SnapshotRequestDecoder();
        wrap(SnapshotRequestDecoder.TEMPLATE_ID);
        request.wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(7, request.requestId());
        assertEquals(1001, request.subscriberStreamId());
        assertEquals(CHANNEL_ID, request.channelId());
        assertEquals(SnapshotRequestDecoder.securityIdNullValue(), request.securityId());

        new SnapshotCompleteEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .requestId(7).channelId(CHANNEL_ID).lastRecordSeq(RECORD_SEQ).instruments(12);

        final SnapshotCompleteDecoder complete = new SnapshotCompleteDecoder();
        wrap(SnapshotCompleteDecoder.TEMPLATE_ID);
        complete.wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(7, complete.requestId());
        assertEquals(CHANNEL_ID, complete.channelId());
        assertEquals(RECORD_SEQ, complete.lastRecordSeq());
        assertEquals(12, complete.instruments());
    }

    private void wrap(final int expectedTemplateId)
    {
        headerDecoder.wrap(buffer, 0);
        assertEquals(MessageHeaderDecoder.SCHEMA_ID, headerDecoder.schemaId());
        assertEquals(expectedTemplateId, headerDecoder.templateId());
        assertTrue(headerDecoder.blockLength() > 0);
    }

    private static void assertCommon(
        final int channelId,
        final int securityId,
        final long recordSeq,
        final long sendingTimeNs,
        final long receiveTimeNs,
        final long publishTimeNs,
        final long msgSeqNum)
    {
        assertEquals(CHANNEL_ID, channelId);
        assertEquals(SECURITY_ID, securityId);
        assertEquals(RECORD_SEQ, recordSeq);
        assertEquals(SENDING_TIME_NS, sendingTimeNs);
        assertEquals(RECEIVE_TIME_NS, receiveTimeNs);
        assertEquals(PUBLISH_TIME_NS, publishTimeNs);
        assertEquals(MSG_SEQ_NUM, msgSeqNum);
    }
}
