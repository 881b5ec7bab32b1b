package io.xdpfeed.handler.itch;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.xdpfeed.client.MarketDataAdapter;
import io.xdpfeed.client.MarketDataListener;
import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.codecs.md.BookSnapshotDecoder;
import io.xdpfeed.codecs.md.InstrumentDefinitionDecoder;
import io.xdpfeed.codecs.md.SnapshotCompleteDecoder;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.itch.ItchBookBuilder.Count;
import io.xdpfeed.handler.itch.RecordingItchListener.OperationalHalt;
import io.xdpfeed.handler.itch.RecordingItchListener.TradingAction;
import io.xdpfeed.handler.itch.RecordingItchListener.TradingActionHalted;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.publish.SnapshotRequestAdapter;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stock's two halts: trading actions (H: the regulatory state) and operational halts of the feed's market (h).
 * While an operational halt is in effect the stock does not trade there, so every status says TRADING_HALT, with
 * MarketEvent as the reason, even when a trading action in the meantime says T; its resumption gives the trading
 * state's status back (still a halt when a trading action halted the stock meanwhile). A subscriber that joins
 * during a halt learns it from the answer to its snapshot request: the stock's InstrumentDefinition carries it.
 */
@Timeout(30)
class ItchTradingStatusTest
{
    private static final int HALT = 2;
    private static final int READY = 17;
    private static final int MARKET_EVENT = 2;
    private static final int NONE = 255;

    private final ItchPacketWriter writer = new ItchPacketWriter();

    @Test
    void theBuilderTellsEachHaltWithTheOtherOnesState()
    {
        final RecordingItchListener listener = new RecordingItchListener();
        final ItchBookBuilder builder = new ItchBookBuilder(listener, 64, 4, 5);
        writeSession();
        builder.onPacket(writer.buffer(), 0, writer.length());

        assertEquals(List.of(
            new RecordingItchListener.Instrument(7, "ACME"),
            new TradingAction(7, 'T', 2),
            new OperationalHalt(7, 'Q', true, 'T', 3),
            new TradingActionHalted(7, 'T', 4),
            new OperationalHalt(7, 'Q', false, 'T', 5),
            new TradingAction(7, 'H', 6),
            new OperationalHalt(7, 'Q', true, 'H', 7),
            new OperationalHalt(7, 'Q', false, 'H', 8),
            new TradingAction(7, 'T', 9)), listener.events);
        assertEquals(1, builder.count(Count.UNHANDLED_MESSAGES), "the halt of an action neither H nor T");
        assertFalse(builder.stocks().operationallyHalted(7));

        writer.begin("TEST000001", 11).operationalHalt(7, 12, "ACME", 'Q', 'H');
        builder.onPacket(writer.buffer(), 0, writer.length());
        assertTrue(builder.stocks().operationallyHalted(7));
        builder.reset();
        assertFalse(builder.stocks().operationallyHalted(7), "a new session: no halt");
    }

    @Test
    void throughTheEngineEveryStatusDuringAnOperationalHaltIsAHalt()
    {
        writeSession();
        final List<String> statuses = new ArrayList<>();
        ItchEngineDatagram.send(writer, new ChannelListener()
        {
            public void onInstrumentStatus(final Instrument instrument, final PacketInfo packet)
            {
                statuses.add(instrument.securityId() + " " + instrument.tradingStatus() + " " +
                    instrument.haltReason() + " " + (char)instrument.tradingEvent() + " seq " + packet.msgSeqNum());
            }
        });
        assertEquals(List.of(
            "7 " + READY + " " + NONE + " T seq 2",
            "7 " + HALT + " " + MARKET_EVENT + " h seq 3",
            "7 " + HALT + " " + MARKET_EVENT + " T seq 4",      // trading resumed, the market still halted
            "7 " + READY + " " + NONE + " h seq 5",
            "7 " + HALT + " " + NONE + " H seq 6",
            "7 " + HALT + " " + MARKET_EVENT + " h seq 7",
            "7 " + HALT + " " + NONE + " h seq 8",              // the market resumed, trading still halted
            "7 " + READY + " " + NONE + " T seq 9"), statuses);
    }

    @Test
    void aSubscriberJoiningDuringAHaltLearnsItFromTheAnswer()
    {
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            final Subscription subscription = aeron.aeron().addSubscription("aeron:ipc", 1001);
            final MarketDataProxy proxy = aeron.connectedProxy("aeron:ipc", 1001);
            final FeedEngine engine = ItchEngineDatagram.started(proxy, proxy);
            writer.begin("TEST000001", 1)
                .stockDirectory(7, 1, "ACME").stockDirectory(8, 2, "WIDG")
                .tradingAction(7, 3, "ACME", 'T').tradingAction(8, 4, "WIDG", 'T')
                .operationalHalt(7, 5, "ACME", 'Q', 'H');
            ItchEngineDatagram.deliver(engine, writer);

            final List<String> answer = new ArrayList<>();
            final MarketDataListener subscriber = new MarketDataListener()
            {
                public void onInstrumentDefinition(final InstrumentDefinitionDecoder decoder)
                {
                    answer.add("InstrumentDefinition " + decoder.securityId() + " " + decoder.symbol().trim() +
                        " trading=" + decoder.tradingStatus() + " " + decoder.feedStatus());
                }

                public void onBookSnapshot(final BookSnapshotDecoder decoder)
                {
                    answer.add("BookSnapshot " + decoder.securityId() + " request=" + decoder.requestId());
                }

                public void onSnapshotComplete(final SnapshotCompleteDecoder decoder)
                {
                    answer.add("SnapshotComplete request=" + decoder.requestId() + " instruments=" +
                        decoder.instruments());
                }
            };
            // join late: skip the datagram's records already on the stream (one RecordBatch)
            while (subscription.poll((buffer, offset, length, header) -> { }, 1) == 0)
            {
                Thread.onSpinWait();
            }
            engine.onSnapshotRequest(42, 1001, 1, SnapshotRequestAdapter.ALL_INSTRUMENTS);
            final FragmentAssembler assembler = new FragmentAssembler(new MarketDataAdapter(subscriber, null, null));
            while (answer.size() < 5)
            {
                if (subscription.poll(assembler, 16) == 0)
                {
                    Thread.onSpinWait();
                }
            }
            engine.close();

            assertEquals(List.of(
                "InstrumentDefinition 7 ACME trading=" + HALT + " LIVE",
                "BookSnapshot 7 request=42",
                "InstrumentDefinition 8 WIDG trading=" + READY + " LIVE",
                "BookSnapshot 8 request=42",
                "SnapshotComplete request=42 instruments=2"), answer);
        }
    }

    private void writeSession()
    {
        writer.begin("TEST000001", 1)
            .stockDirectory(7, 1, "ACME")
            .tradingAction(7, 2, "ACME", 'T')
            .operationalHalt(7, 3, "ACME", 'Q', 'H')
            .tradingAction(7, 4, "ACME", 'T')
            .operationalHalt(7, 5, "ACME", 'Q', 'T')
            .tradingAction(7, 6, "ACME", 'H')
            .operationalHalt(7, 7, "ACME", 'Q', 'H')
            .operationalHalt(7, 8, "ACME", 'Q', 'T')
            .tradingAction(7, 9, "ACME", 'T')
            .operationalHalt(7, 10, "ACME", 'Q', 'X');
    }
}
