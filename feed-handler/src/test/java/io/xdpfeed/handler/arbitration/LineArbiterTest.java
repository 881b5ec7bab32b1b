package io.xdpfeed.handler.arbitration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.xdpfeed.handler.arbitration.LineArbiter.ACCEPT;
import static io.xdpfeed.handler.arbitration.LineArbiter.DUPLICATE;
import static io.xdpfeed.handler.arbitration.LineArbiter.GAP;
import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class LineArbiterTest
{
    @Test
    void firstCopyWinsLaterCopiesAreDuplicates()
    {
        final LineArbiter arbiter = new LineArbiter(1);
        assertEquals(ACCEPT, arbiter.onPacket(0, 100));
        assertEquals(DUPLICATE, arbiter.onPacket(0, 100));
        assertEquals(ACCEPT, arbiter.onPacket(0, 101));
        assertEquals(ACCEPT, arbiter.onPacket(0, 102));
        assertEquals(DUPLICATE, arbiter.onPacket(0, 101));
        assertEquals(DUPLICATE, arbiter.onPacket(0, 102));
        assertEquals(103, arbiter.expectedSeqNum(0));
        assertEquals(3, arbiter.accepted());
        assertEquals(3, arbiter.duplicates());
        assertEquals(0, arbiter.gaps());
    }

    @Test
    void gapIsReportedWithItsRangeAndThePacketAccepted()
    {
        final LineArbiter arbiter = new LineArbiter(1);
        arbiter.onPacket(0, 1);
        assertEquals(GAP, arbiter.onPacket(0, 5));
        assertEquals(2, arbiter.gapFromSeqNum());
        assertEquals(4, arbiter.gapToSeqNum());
        assertEquals(DUPLICATE, arbiter.onPacket(0, 3), "a late packet from inside the gap is not applied");
        assertEquals(ACCEPT, arbiter.onPacket(0, 6));
        assertEquals(GAP, arbiter.onPacket(0, 8));
        assertEquals(7, arbiter.gapFromSeqNum());
        assertEquals(7, arbiter.gapToSeqNum());
        assertEquals(2, arbiter.gaps());
        assertEquals(4, arbiter.missingPackets());
    }

    @Test
    void channelsAreIndependentAndGrowOnDemand()
    {
        final LineArbiter arbiter = new LineArbiter(1);
        assertEquals(ACCEPT, arbiter.onPacket(0, 10));
        assertEquals(ACCEPT, arbiter.onPacket(5, 10));
        assertEquals(DUPLICATE, arbiter.onPacket(5, 10));
        assertEquals(ACCEPT, arbiter.onPacket(0, 11));
        assertEquals(LineArbiter.NONE, arbiter.expectedSeqNum(3));
        assertEquals(LineArbiter.NONE, arbiter.expectedSeqNum(99));
    }

    @Test
    void engineCanMoveTheExpectedSequenceAfterRecoveryOrReset()
    {
        final LineArbiter arbiter = new LineArbiter(2);
        arbiter.onPacket(1, 50);
        arbiter.expectedSeqNum(1, 80);
        assertEquals(DUPLICATE, arbiter.onPacket(1, 79));
        assertEquals(ACCEPT, arbiter.onPacket(1, 80));
        arbiter.expectedSeqNum(1, LineArbiter.NONE);
        assertEquals(ACCEPT, arbiter.onPacket(1, 1), "after a reset the next packet starts the sequence");
        assertEquals(ACCEPT, arbiter.onPacket(1, 2));
    }

    @Test
    void uint32SequenceNumbersAboveIntRange()
    {
        final LineArbiter arbiter = new LineArbiter(1);
        assertEquals(ACCEPT, arbiter.onPacket(0, 0xFFFF_FFFEL));
        assertEquals(ACCEPT, arbiter.onPacket(0, 0xFFFF_FFFFL));
        assertEquals(DUPLICATE, arbiter.onPacket(0, 0xFFFF_FFFEL));
    }
}
