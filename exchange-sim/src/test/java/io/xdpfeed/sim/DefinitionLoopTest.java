package io.xdpfeed.sim;

import io.xdpfeed.codecs.mdp3.MDInstrumentDefinitionFuture54Decoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.Mdp3Packet;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The instrument definition loop describes every instrument the incremental feed uses, and the truth's prices are
 * on each instrument's tick.
 */
@Timeout(60)
class DefinitionLoopTest
{
    @Test
    void definitionsComeFirstAndDescribeEveryInstrument()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(9).packets(2_000).seed(4).depth(7)
            .channel(ChannelConfig.defaults().withChannelId(310)).build();
        final SimulationResult[] result = new SimulationResult[1];
        final List<Datagram> datagrams = RecordingSink.record(config, result);

        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final MDInstrumentDefinitionFuture54Decoder definition = new MDInstrumentDefinitionFuture54Decoder();
        final Map<Integer, Long> ticks = new HashMap<>();
        final Set<String> symbols = new HashSet<>();
        long expectedSeq = 1;
        for (int i = 0; i < datagrams.size(); i++)
        {
            final Datagram datagram = datagrams.get(i);
            if (i < config.instruments())
            {
                assertEquals(SimLine.DEFINITION_A, datagram.line(), "a full definition cycle comes first");
            }
            if (datagram.line() != SimLine.DEFINITION_A)
            {
                continue;
            }
            assertEquals(expectedSeq, datagram.msgSeqNum(), "definition MsgSeqNum within its cycle");
            expectedSeq = expectedSeq == config.instruments() ? 1 : expectedSeq + 1;
            final UnsafeBuffer buffer = datagram.buffer();
            header.wrap(buffer, Mdp3Packet.HEADER_LENGTH + 2);
            definition.wrap(buffer, Mdp3Packet.HEADER_LENGTH + 2 + MessageHeaderDecoder.ENCODED_LENGTH,
                header.blockLength(), header.version());
            assertEquals(config.securityId((int)datagram.msgSeqNum() - 1), definition.securityID());
            assertEquals(config.instruments(), definition.totNumReports());
            assertEquals(310, definition.applID());
            assertTrue(definition.matchEventIndicator().endOfEvent());
            final String symbol = definition.symbol().trim();
            final String group = definition.securityGroup().trim();
            assertFalse(symbol.isEmpty() || group.isEmpty());
            assertTrue(symbol.startsWith(definition.asset().trim()), symbol);
            assertEquals(1_000_000_000L == definition.displayFactor().mantissa() ||
                10_000_000L == definition.displayFactor().mantissa(), true, "display factor");
            final long tick = definition.minPriceIncrement().mantissa();
            assertTrue(tick > 0);
            ticks.put(definition.securityID(), tick);
            if (datagram.msgSeqNum() <= config.instruments() && symbols.size() < config.instruments())
            {
                assertTrue(symbols.add(symbol), "unique symbol " + symbol);
            }

            definition.noEvents().forEach(event -> assertTrue(event.eventTime() > 0));
            int feedTypes = 0;
            for (final MDInstrumentDefinitionFuture54Decoder.NoMDFeedTypesDecoder feedType : definition.noMDFeedTypes())
            {
                final String type = feedType.mDFeedType();
                if ("GBX".equals(type))
                {
                    assertEquals(7, feedType.marketDepth(), "GBX depth = --depth");
                }
                else
                {
                    assertEquals("GBI", type);
                    assertEquals(2, feedType.marketDepth(), "GBI implied depth");
                }
                feedTypes++;
            }
            assertEquals(2, feedTypes);
            definition.noInstAttrib().forEach(attribute ->
                assertTrue(attribute.instAttribValue().electronicMatchEligible()));
            definition.noLotTypeRules().forEach(rule -> assertEquals(10_000, rule.minLotSize().mantissa()));
        }
        assertEquals(config.instruments(), ticks.size());
        assertTrue(result[0].cycles(SimLine.DEFINITION_A) >= 2);

        result[0].books().forEach((securityId, book) ->
        {
            final long tick = ticks.get(securityId);
            book.bids().forEach(level -> assertEquals(0, level.price() % tick, "bid on the tick"));
            book.asks().forEach(level -> assertEquals(0, level.price() % tick, "ask on the tick"));
            assertEquals(7, book.bids().size());
        });
    }
}
