package io.xdpfeed.bench.live;

import io.xdpfeed.bench.ItchPeerComparison;
import io.xdpfeed.handler.channel.BookChanges;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.itch.ItchProtocol;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.itch.ItchConfigOut;
import io.xdpfeed.sim.itch.ItchSession;

import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.List;

/**
 * What a {@link LiveSession} of {@code bench-e2e --protocol itch} does differently from CME: the handler reads the ITCH
 * simulator's lines ({@code xdpfeed.protocol=itch}), the simulator is {@code exchange-sim --protocol itch}, and the
 * subscriber counts and times MoldUDP64 sequence numbers (one per ITCH message: what the records carry as their
 * msgSeqNum) rather than MDP 3.0 packets. Which sequence numbers give the subscriber a record is found the way
 * {@link RecordBearingPackets} finds CME's, from the seeded session itself: here by running it, line A, through the
 * engine in this JVM ({@link FeedEngine} with {@link ItchProtocol}, as the handler composes it) and noting the
 * msgSeqNum of every exchange-event record it publishes (BookUpdate, Trade, Volume, InstrumentStatus).
 */
final class ItchLiveRun
{
    private static final int MESSAGE_COUNT_OFFSET = 18;
    private static final int SEQUENCE_OFFSET = 10;
    private static final int END_OF_SESSION = 0xFFFF;

    /** The simulator's MoldUDP64 re-request server, in the lab's exchange namespace. */
    static final String RETRANSMISSION_SERVER = "10.77.0.1:26410";
    /** The simulator's GLIMPSE snapshot server, in the lab's exchange namespace. */
    static final String SNAPSHOT_SERVER = "10.77.0.1:26411";
    /** How long the simulator's servers stay up after its last packet: for re-requests of the last gaps. */
    static final int SERVE_SECONDS = 3;

    private ItchLiveRun()
    {
    }

    /**
     * The session's sequence numbers as the subscriber sees them.
     *
     * @param bearing        bit n set when sequence number n gives the subscriber a record.
     * @param warmUpSequence the last sequence number of the warm-up packets (0 without warm-up).
     * @param lastSequence   the session's last sequence number.
     */
    record Sequences(BitSet bearing, long warmUpSequence, long lastSequence)
    {
    }

    /**
     * @return the handler's line keys for the simulator's channel ({@code xdpfeed.protocol=itch} and lines A, B).
     */
    static String handlerLines()
    {
        return ItchConfigOut.text(ItchSession.Settings.defaultChannel());
    }

    /**
     * @return the handler's recovery keys: the simulator's re-request and snapshot servers for its channel, so that
     *         what both lines lose (on the wire or in the handler's socket) is re-requested, or taken from a snapshot.
     */
    static String handlerRecoveryLines()
    {
        final int channelId = ItchSession.Settings.defaultChannel().channelId();
        return "xdpfeed.itch.retransmission=" + channelId + "@" + RETRANSMISSION_SERVER + "\n" +
            "xdpfeed.itch.snapshot=" + channelId + "@" + SNAPSHOT_SERVER + "\n";
    }

    /**
     * @return the simulator's options that run its recovery servers ({@link #handlerRecoveryLines()}).
     */
    static List<String> simulatorServerArgs()
    {
        return List.of("--retransmit-server", RETRANSMISSION_SERVER, "--snapshot-server", SNAPSHOT_SERVER,
            "--serve-seconds", Integer.toString(SERVE_SECONDS));
    }

    /**
     * @param instruments   of the session.
     * @param packets       order-flow packets of the session ({@code --packets}).
     * @param seed          of the session.
     * @param warmUpPackets packets sent first and left out of the figures.
     * @return which sequence numbers bear records, and where the warm-up ends.
     */
    static Sequences sequences(final int instruments, final long packets, final long seed, final long warmUpPackets)
    {
        final ItchSession.Settings settings = new ItchSession.Settings(instruments, packets, seed, 0, 0,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel());
        final ChannelConfig channel = settings.channel();
        final BitSet bearing = new BitSet();
        final FeedEngine engine = new FeedEngine(
            new ItchProtocol(ItchProtocol.DEFAULT_MAX_ORDERS, ItchProtocol.DEFAULT_MAX_INSTRUMENTS),
            ItchPeerComparison.lineMap(handlerLines()),
            ChannelOptions.defaults(), Feed.A, (id) -> true, (id) -> false, new Bearing(bearing), null,
            HandlerCounters.onHeap());
        final long[] state = new long[3];
        new ItchSession(settings).run((line, buffer, offset, length, timeNs) ->
        {
            if (line != SimLine.INCREMENTAL_A)
            {
                return;
            }
            engine.onDatagram(channel.groupAddress(line), channel.port(line), buffer, offset, length, timeNs);
            final int count = buffer.getShort(offset + MESSAGE_COUNT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (count != 0 && count != END_OF_SESSION)
            {
                final long last = buffer.getLong(offset + SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN) + count - 1;
                if (++state[0] <= warmUpPackets)
                {
                    state[1] = last;
                }
                state[2] = last;
            }
        });
        return new Sequences(bearing, state[1], state[2]);
    }

    /**
     * Notes the msgSeqNum of the records a subscriber counts (LiveSubscriber: BookUpdate, Trade, Volume,
     * InstrumentStatus; a group status is published as an InstrumentStatus).
     */
    private record Bearing(BitSet bearing) implements ChannelListener
    {
        public void onBookUpdate(
            final Instrument instrument, final BookChanges changes, final boolean endOfEvent,
            final short matchEventIndicator, final PacketInfo packet)
        {
            note(packet);
        }

        public void onTrade(
            final Instrument instrument, final long price, final long size, final int orderCount,
            final io.xdpfeed.codecs.md.AggressorSide aggressorSide, final long tradeId, final boolean endOfEvent,
            final long rptSeq, final PacketInfo packet)
        {
            note(packet);
        }

        public void onVolume(
            final Instrument instrument, final long totalVolume, final long rptSeq, final boolean endOfEvent,
            final PacketInfo packet)
        {
            note(packet);
        }

        public void onInstrumentStatus(final Instrument instrument, final PacketInfo packet)
        {
            note(packet);
        }

        public void onGroupStatus(
            final int channelId, final short tradingStatus, final short haltReason, final short tradingEvent,
            final PacketInfo packet)
        {
            note(packet);
        }

        private void note(final PacketInfo packet)
        {
            bearing.set((int)packet.msgSeqNum());
        }
    }
}
