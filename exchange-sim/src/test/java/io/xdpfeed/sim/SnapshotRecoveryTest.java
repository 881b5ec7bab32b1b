package io.xdpfeed.sim;

import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Decoder;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.Mdp3Packet;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bursts lost on both lines cannot be rebuilt from the incrementals; the snapshot loop carries what is needed:
 * after the last burst, each instrument's first snapshot plus the incrementals after its LastMsgSeqNumProcessed
 * (RptSeq continuing exactly) ends at the truth.
 */
@Timeout(120)
class SnapshotRecoveryTest
{
    @Test
    void snapshotsAfterTheLastBurstPlusLaterIncrementalsGiveTheTruth()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(9).packets(12_000).seed(21)
            .lossBothBursts(4).burstLength(6).lossA(0.01).lossB(0.01).reorderWindow(2).duplicate(0.01).build();
        final SimulationResult[] result = new SimulationResult[1];
        final List<Datagram> datagrams = RecordingSink.record(config, result);
        final SortedMap<Long, byte[]> union = ReferenceChannel.incrementalUnion(datagrams);
        assertTrue(union.size() < config.packets(), "bursts left gaps");
        final long lastBurstEnd = result[0].faults().bursts().get(result[0].faults().bursts().size() - 1)[1];

        final Map<Integer, ReferenceChannel> recovered = new HashMap<>();
        final Map<Integer, Long> lastProcessed = new HashMap<>();
        long lastIncrementalSeen = 0;
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SnapshotFullRefresh52Decoder snapshot = new SnapshotFullRefresh52Decoder();
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
            snapshot.wrap(buffer, Mdp3Packet.HEADER_LENGTH + 2 + MessageHeaderDecoder.ENCODED_LENGTH,
                header.blockLength(), header.version());
            final int securityId = snapshot.securityID();
            if (!recovered.containsKey(securityId))
            {
                final ReferenceChannel channel = new ReferenceChannel(config.depth());
                final long processed = channel.applySnapshot(buffer, Mdp3Packet.HEADER_LENGTH);
                assertTrue(processed >= lastBurstEnd, "snapshot taken after the burst");
                recovered.put(securityId, channel);
                lastProcessed.put(securityId, processed);
            }
        }
        assertEquals(config.instruments(), recovered.size(), "every instrument has a snapshot after the last burst");

        for (final Map.Entry<Integer, ReferenceChannel> entry : recovered.entrySet())
        {
            final int securityId = entry.getKey();
            for (final Map.Entry<Long, byte[]> packet : union.tailMap(lastProcessed.get(securityId) + 1).entrySet())
            {
                entry.getValue().applyPacketFor(new UnsafeBuffer(packet.getValue()), packet.getValue().length,
                    securityId);
            }
            assertEquals(result[0].books().get(securityId), entry.getValue().outright(securityId),
                "recovered book of " + securityId);
        }
        assertFalse(result[0].faults().bursts().isEmpty());
    }
}
