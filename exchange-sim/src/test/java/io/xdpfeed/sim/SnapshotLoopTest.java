package io.xdpfeed.sim;

import io.xdpfeed.codecs.mdp3.MDEntryType;
import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import io.xdpfeed.codecs.mdp3.SecurityTradingStatus;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Decoder;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.market.MarketCount;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.wire.Mdp3Packet;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The market recovery loop: every snapshot describes exactly the incremental packets up to its
 * LastMsgSeqNumProcessed, with the instrument's RptSeq; cycles restart at MsgSeqNum 1 and at a channel reset, and
 * at least two full cycles follow the last incremental packet, begun once a handler can have declared a hole at the
 * end lost.
 */
@Timeout(120)
class SnapshotLoopTest
{
    private static final long HANDLER_GAP_WAIT_NS = 2_000_000L;

    @Test
    void snapshotsAreConsistentWithTheIncrementals()
    {
        final long resetAt = 2_500;
        final SimulatorConfig config = SimulatorConfig.builder().instruments(7).packets(5_000).seed(9)
            .snapshotEvery(3).resetAt(resetAt).build();
        final SimulationResult[] result = new SimulationResult[1];
        final List<Datagram> datagrams = RecordingSink.record(config, result);

        final ReferenceChannel reference = new ReferenceChannel(config.depth());
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SnapshotFullRefresh52Decoder snapshot = new SnapshotFullRefresh52Decoder();
        long expectedSnapshotSeq = 1;
        long snapshots = 0;
        long cyclesStartedAfterEnd = 0;
        long cyclesCompletedAfterEnd = 0;
        boolean resetSeen = false;
        boolean volumeSeen = false;
        boolean haltSeen = false;
        for (final Datagram datagram : datagrams)
        {
            final UnsafeBuffer buffer = datagram.buffer();
            if (datagram.line().isIncremental())
            {
                if (datagram.msgSeqNum() == reference.lastMsgSeqNum() + 1)
                {
                    reference.applyPacket(buffer, datagram.payload().length);
                    if (datagram.msgSeqNum() == resetAt)
                    {
                        expectedSnapshotSeq = 1;
                        resetSeen = true;
                    }
                }
                continue;
            }
            if (datagram.line() != SimLine.SNAPSHOT_A)
            {
                continue;
            }

            assertEquals(expectedSnapshotSeq, datagram.msgSeqNum(), "snapshot MsgSeqNum within its cycle");
            final boolean afterEnd = reference.lastMsgSeqNum() == config.packets();
            if (afterEnd && expectedSnapshotSeq == 1)
            {
                cyclesStartedAfterEnd++;
            }
            if (afterEnd && expectedSnapshotSeq == config.instruments() && cyclesStartedAfterEnd > 0)
            {
                cyclesCompletedAfterEnd++;
            }
            expectedSnapshotSeq = expectedSnapshotSeq == config.instruments() ? 1 : expectedSnapshotSeq + 1;

            header.wrap(buffer, Mdp3Packet.HEADER_LENGTH + 2);
            snapshot.wrap(buffer, Mdp3Packet.HEADER_LENGTH + 2 + MessageHeaderDecoder.ENCODED_LENGTH,
                header.blockLength(), header.version());
            final int securityId = snapshot.securityID();
            assertEquals(config.securityId((int)datagram.msgSeqNum() - 1), securityId, "SecurityID order");
            assertEquals(config.instruments(), snapshot.totNumReports(), "TotNumReports = instruments in the loop");
            assertEquals(reference.lastMsgSeqNum(), snapshot.lastMsgSeqNumProcessed(),
                "LastMsgSeqNumProcessed = last incremental MsgSeqNum sent before the snapshot");
            assertEquals(reference.rptSeq(securityId), snapshot.rptSeq(), "RptSeq of " + securityId);
            assertTrue(snapshot.transactTime() <= datagram.sendingTimeNs());
            haltSeen |= snapshot.mDSecurityTradingStatus() == SecurityTradingStatus.TradingHalt;

            final List<TruthBook.Level> bids = new ArrayList<>();
            final List<TruthBook.Level> asks = new ArrayList<>();
            final List<TruthBook.Level> impliedBids = new ArrayList<>();
            final List<TruthBook.Level> impliedAsks = new ArrayList<>();
            for (final SnapshotFullRefresh52Decoder.NoMDEntriesDecoder entry : snapshot.noMDEntries())
            {
                final TruthBook.Level level = new TruthBook.Level(entry.mDEntryPx().mantissa(), entry.mDEntrySize(),
                    entry.numberOfOrders());
                final MDEntryType type = entry.mDEntryType();
                switch (type)
                {
                    case Bid -> add(bids, level, entry.mDPriceLevel());
                    case Offer -> add(asks, level, entry.mDPriceLevel());
                    case ImpliedBid -> add(impliedBids, level, entry.mDPriceLevel());
                    case ImpliedOffer -> add(impliedAsks, level, entry.mDPriceLevel());
                    case ElectronicVolume ->
                    {
                        volumeSeen = true;
                        assertTrue(entry.mDEntrySize() > 0);
                    }
                    default -> throw new AssertionError("unexpected entry type " + type);
                }
            }
            assertEquals(reference.outright(securityId), new TruthBook(bids, asks), "snapshot book " + securityId);
            assertEquals(reference.implied(securityId), new TruthBook(impliedBids, impliedAsks), "implied book");
            snapshots++;
        }
        assertTrue(resetSeen);
        assertTrue(volumeSeen, "snapshots carry the electronic volume");
        assertEquals(result[0].datagrams(SimLine.SNAPSHOT_A), snapshots);
        assertTrue(cyclesCompletedAfterEnd >= 2, "two full cycles after the last incremental packet: " +
            cyclesCompletedAfterEnd);
        assertNotEquals(0, snapshots);
        assertTrue(haltSeen || result[0].count(MarketCount.STATUS_MESSAGES) >= 0);
    }

    private static void add(final List<TruthBook.Level> side, final TruthBook.Level level, final byte priceLevel)
    {
        assertEquals(side.size() + 1, priceLevel, "snapshot levels 1..n in order");
        side.add(level);
    }
    /**
     * A handler that lost the last packets declares the hole lost only after its gap wait (the feed handler's
     * {@code xdpfeed.gap.wait}, 2 ms by default), and then needs a whole cycle: two full cycles begin after that.
     * Slow cycles (10 instruments, a snapshot every 10 packets, 10 us a packet) take 1 ms each, so two cycles counted
     * from the last incremental packet would end before the hole is declared.
     */
    @Test
    void twoFullCyclesBeginAfterAHoleAtTheEndIsDeclared()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(10).packets(1_000).seed(5)
            .snapshotEvery(10).build();
        final List<Datagram> datagrams = RecordingSink.record(config, new SimulationResult[1]);

        long lastIncrementalNs = 0;
        for (final Datagram datagram : datagrams)
        {
            if (datagram.line().isIncremental())
            {
                lastIncrementalNs = datagram.timeNs();
            }
        }
        final long declaredNs = lastIncrementalNs + HANDLER_GAP_WAIT_NS;
        long expected = 0;
        boolean counting = false;
        long fullCycles = 0;
        for (final Datagram datagram : datagrams)
        {
            if (datagram.line() != SimLine.SNAPSHOT_A || datagram.timeNs() < declaredNs)
            {
                continue;
            }
            if (datagram.msgSeqNum() == 1)
            {
                counting = true;
                expected = 1;
            }
            if (counting)
            {
                assertEquals(expected, datagram.msgSeqNum(), "snapshot MsgSeqNum within its cycle");
                fullCycles += expected == config.instruments() ? 1 : 0;
                expected++;
            }
        }
        assertTrue(fullCycles >= 2, "full cycles begun " + HANDLER_GAP_WAIT_NS + " ns after the last " +
            "incremental packet: " + fullCycles);
    }

    @Test
    void loopsLingerAfterTheLastIncrementalPacket()
    {
        final long lingerNs = 500_000_000L;
        final SimulatorConfig config = SimulatorConfig.builder().instruments(3).packets(1_000).seed(4).ratePps(10_000)
            .lingerNs(lingerNs).build();
        final SimulationResult[] result = new SimulationResult[1];
        final List<Datagram> datagrams = RecordingSink.record(config, result);

        long lastIncrementalNs = 0;
        long lastSnapshotNs = 0;
        long snapshotsAfterEnd = 0;
        for (final Datagram datagram : datagrams)
        {
            if (datagram.line().isIncremental())
            {
                lastIncrementalNs = datagram.timeNs();
            }
            else if (datagram.line() == SimLine.SNAPSHOT_A)
            {
                lastSnapshotNs = datagram.timeNs();
                snapshotsAfterEnd += lastIncrementalNs != 0 && datagram.timeNs() > lastIncrementalNs ? 1 : 0;
            }
        }
        assertTrue(lastSnapshotNs - lastIncrementalNs >= lingerNs - 1_000_000,
            "snapshot loop lingers: " + (lastSnapshotNs - lastIncrementalNs) + " ns after the last incremental");
        // 0.5 s at 10,000 ticks/s with a snapshot packet every 4 ticks
        assertTrue(snapshotsAfterEnd >= 1_000, "snapshots after the end: " + snapshotsAfterEnd);
        assertEquals(1_000, result[0].incrementalPackets());
    }
}
