package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.channel.PacketSequencer.Outcome;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.FeedType;
import io.xdpfeed.handler.config.Line;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@link PacketSequencer} stepping by a packet's span of sequence numbers: 1 per packet (CME MDP 3.0, unchanged)
 * or the message count (MoldUDP64: a packet of sequence number s and n messages holds s .. s + n - 1, a heartbeat
 * takes none). Every delivery, loss and reset is recorded as a value and whole lists are compared.
 */
@Timeout(10)
class PacketSequencerSpanTest
{
    private static final Line A = new Line(0, 0, 1, FeedType.INCREMENTAL, Feed.A, 0xEF4D1201, 26400, "1A");
    private static final Line B = new Line(1, 0, 1, FeedType.INCREMENTAL, Feed.B, 0xEF4D1202, 26401, "1B");
    private static final long WAIT_NS = 2_000_000;

    private final List<String> events = new ArrayList<>();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    private final PacketSequencer sequencer = new PacketSequencer(new PacketSequencer.Handler()
    {
        public void onSequencedPacket(
            final Line line, final DirectBuffer buffer, final int offset, final int length, final int messageCount,
            final long msgSeqNum, final long receiveTimeNs)
        {
            events.add("deliver " + line.feed() + " " + msgSeqNum + " count " + messageCount + " at " + receiveTimeNs);
        }

        public void onSequencedPacket(
            final Line line, final DirectBuffer buffer, final int offset, final int length, final int messageCount,
            final long msgSeqNum, final int skipMessages, final long receiveTimeNs)
        {
            events.add("deliver " + line.feed() + " " + msgSeqNum + " count " + messageCount + " skip " +
                skipMessages + " at " + receiveTimeNs);
        }

        public void onLoss(final long fromSeqNum, final long toSeqNum, final long nowNs)
        {
            events.add("loss " + fromSeqNum + ".." + toSeqNum + " at " + nowNs);
        }

        public void onSequenceReset(final long nowNs)
        {
            events.add("reset at " + nowNs);
        }
    }, 8, 64, WAIT_NS);

    private Outcome moldPacket(final Line line, final long seq, final int count, final long timeNs)
    {
        return sequencer.onPacket(line, buffer, 0, 20, count, seq, count, timeNs);
    }

    @Test
    void packetsNumberedPerPacketStepByOne()
    {
        final List<Outcome> results = new ArrayList<>();
        results.add(sequencer.onPacket(A, buffer, 0, 20, 3, 1, 10));
        results.add(sequencer.onPacket(B, buffer, 0, 20, 3, 1, 11));
        results.add(sequencer.onPacket(A, buffer, 0, 20, 2, 3, 12));
        results.add(sequencer.onPacket(B, buffer, 0, 20, 1, 2, 13));
        results.add(sequencer.onPacket(A, buffer, 0, 20, 1, 5, 14));
        sequencer.onTimer(14 + WAIT_NS);
        assertEquals(List.of(
            "deliver A 1 count 3 at 10",
            "deliver B 2 count 1 at 13",
            "deliver A 3 count 2 at 12",
            "loss 4..4 at " + (14 + WAIT_NS),
            "deliver A 5 count 1 at 14"), events);
        assertEquals(List.of(Outcome.DELIVERED, Outcome.DUPLICATE, Outcome.HELD, Outcome.DELIVERED, Outcome.HELD),
            results);
        assertEquals(6, sequencer.nextSeqNum());
        assertEquals(List.of(1L, 1L, 1L), List.of(sequencer.duplicates(), sequencer.losses(), sequencer.lostPackets()));
    }

    @Test
    void messageNumberedPacketsOnBothLinesAreDeliveredOnceEach()
    {
        moldPacket(A, 1, 3, 10);
        moldPacket(B, 1, 3, 11);
        moldPacket(B, 4, 2, 12);
        moldPacket(A, 4, 2, 13);
        moldPacket(A, 6, 1, 14);
        moldPacket(B, 6, 1, 15);
        assertEquals(List.of(
            "deliver A 1 count 3 at 10",
            "deliver B 4 count 2 at 12",
            "deliver A 6 count 1 at 14"), events);
        assertEquals(7, sequencer.nextSeqNum());
        assertEquals(3, sequencer.duplicates());
        assertEquals(0, sequencer.losses());
    }

    @Test
    void aHoleOfMessagesIsFilledByTheOtherLine()
    {
        moldPacket(A, 1, 3, 10);
        assertEquals(Outcome.HELD, moldPacket(A, 6, 2, 11));
        assertEquals(Outcome.HELD, moldPacket(A, 8, 1, 12));
        moldPacket(B, 4, 2, 13);
        moldPacket(B, 6, 2, 14);
        moldPacket(B, 8, 1, 15);
        assertEquals(List.of(
            "deliver A 1 count 3 at 10",
            "deliver B 4 count 2 at 13",
            "deliver A 6 count 2 at 11",
            "deliver A 8 count 1 at 12"), events);
        assertEquals(9, sequencer.nextSeqNum());
        assertEquals(2, sequencer.duplicates());
        sequencer.onTimer(20 + WAIT_NS);
        assertEquals(0, sequencer.losses());
    }

    @Test
    void aHoleOfMessagesNotFilledIsLostByMessageCount()
    {
        moldPacket(A, 1, 3, 10);
        moldPacket(A, 6, 2, 11);
        assertEquals(0, sequencer.onTimer(11 + WAIT_NS - 1));
        assertEquals(1, sequencer.onTimer(11 + WAIT_NS));
        moldPacket(B, 4, 2, 12 + WAIT_NS);
        assertEquals(List.of(
            "deliver A 1 count 3 at 10",
            "loss 4..5 at " + (11 + WAIT_NS),
            "deliver A 6 count 2 at 11"), events);
        assertEquals(List.of(1L, 2L, 1L), List.of(sequencer.losses(), sequencer.lostPackets(), sequencer.duplicates()));
    }

    @Test
    void aPartlyNewPacketIsDeliveredWithItsOldMessagesSkipped()
    {
        moldPacket(A, 1, 3, 10);
        assertEquals(Outcome.DELIVERED, moldPacket(B, 2, 4, 11));
        assertEquals(Outcome.DUPLICATE, moldPacket(A, 4, 2, 12));
        moldPacket(A, 6, 1, 13);
        assertEquals(List.of(
            "deliver A 1 count 3 at 10",
            "deliver B 4 count 4 skip 2 at 11",
            "deliver A 6 count 1 at 13"), events);
        assertEquals(List.of(1L, 1L), List.of(sequencer.overlaps(), sequencer.duplicates()));
    }

    @Test
    void aHeartbeatPastTheExpectedSequenceRevealsAHoleThatIsLostAfterTheWait()
    {
        moldPacket(A, 1, 3, 10);
        assertEquals(Outcome.EMPTY, moldPacket(A, 4, 0, 11));
        assertEquals(Outcome.EMPTY, moldPacket(B, 2, 0, 12));
        assertEquals(List.of("deliver A 1 count 3 at 10"), events);
        assertEquals(Outcome.EMPTY, moldPacket(A, 7, 0, 13));
        assertEquals(0, sequencer.onTimer(12 + WAIT_NS));
        assertEquals(1, sequencer.onTimer(13 + WAIT_NS));
        moldPacket(A, 7, 1, 14 + WAIT_NS);
        assertEquals(List.of(
            "deliver A 1 count 3 at 10",
            "loss 4..6 at " + (13 + WAIT_NS),
            "deliver A 7 count 1 at " + (14 + WAIT_NS)), events);
        assertEquals(List.of(0L, 3L, 3L), List.of(sequencer.duplicates(), sequencer.lostPackets(),
            sequencer.emptyPackets()));
    }

    @Test
    void aHeartbeatRevealedHoleFilledInTimeIsNoLoss()
    {
        moldPacket(A, 1, 3, 10);
        moldPacket(A, 6, 0, 11);
        moldPacket(B, 4, 2, 12);
        sequencer.onTimer(20 + WAIT_NS);
        sequencer.flush(30 + WAIT_NS);
        assertEquals(List.of(
            "deliver A 1 count 3 at 10",
            "deliver B 4 count 2 at 12"), events);
        assertEquals(0, sequencer.losses());
    }

    @Test
    void theWindowCountsSequenceNumbersAndAFarJumpIsLostAtOnce()
    {
        moldPacket(A, 1, 2, 10);
        moldPacket(A, 20, 3, 11);
        moldPacket(B, 3, 2, 12);
        assertEquals(List.of(
            "deliver A 1 count 2 at 10",
            "loss 3..19 at 11",
            "deliver A 20 count 3 at 11"), events);
        assertEquals(List.of(1L, 17L, 1L), List.of(sequencer.losses(), sequencer.lostPackets(),
            sequencer.duplicates()));
    }

    @Test
    void aNewSessionStartingAtOneResetsTheSequence()
    {
        moldPacket(A, 1, 5, 10);
        moldPacket(A, 6, 10, 11);
        moldPacket(A, 1, 2, 12);
        moldPacket(A, 3, 1, 13);
        assertEquals(List.of(
            "deliver A 1 count 5 at 10",
            "deliver A 6 count 10 at 11",
            "reset at 12",
            "deliver A 1 count 2 at 12",
            "deliver A 3 count 1 at 13"), events);
    }

    @Test
    void flushDeclaresTheHeldAndRevealedHolesLost()
    {
        moldPacket(A, 1, 1, 10);
        moldPacket(A, 3, 2, 11);
        moldPacket(A, 9, 0, 12);
        sequencer.flush(13);
        assertEquals(List.of(
            "deliver A 1 count 1 at 10",
            "loss 2..2 at 13",
            "deliver A 3 count 2 at 11",
            "loss 5..8 at 13"), events);
        assertEquals(9, sequencer.nextSeqNum());
    }
}
