package io.xdpfeed.sim;

import io.xdpfeed.codecs.mdp3.AdminHeartbeat12Decoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Decoder;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.Mdp3Packet;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An idle channel is not a silent one: while the loops linger after the last incremental packet, both incremental
 * lines get an AdminHeartbeat12 packet every heartbeat interval, each with the next MsgSeqNum as CME's, and the
 * snapshots that follow count it in LastMsgSeqNumProcessed.
 */
@Timeout(60)
class IdleHeartbeatTest
{
    private static final long MS = 1_000_000L;

    record Heartbeat(SimLine line, long msgSeqNum)
    {
    }

    @Test
    void idleIncrementalLinesGetAHeartbeatEveryIntervalWithTheNextMsgSeqNum()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(3).packets(200).seed(5).ratePps(1_000)
            .lingerNs(1_000 * MS).heartbeatIntervalNs(300 * MS).build();
        final SimulationResult[] result = new SimulationResult[1];
        final List<Datagram> datagrams = RecordingSink.record(config, result);

        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SnapshotFullRefresh52Decoder snapshot = new SnapshotFullRefresh52Decoder();
        final List<Heartbeat> heartbeats = new ArrayList<>();
        long lastDataNs = 0;
        long lastHeartbeatNs = 0;
        long lastIncrementalSeq = 0;
        long snapshotsChecked = 0;
        for (final Datagram datagram : datagrams)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(datagram.payload());
            final long msgSeqNum = buffer.getInt(0, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            header.wrap(buffer, Mdp3Packet.HEADER_LENGTH + Mdp3Packet.MSG_SIZE_LENGTH);
            if (datagram.line().isIncremental())
            {
                if (header.templateId() == AdminHeartbeat12Decoder.TEMPLATE_ID)
                {
                    assertEquals(22, datagram.payload().length, "header, MsgSize, SBE header, no body");
                    assertEquals(10, buffer.getShort(Mdp3Packet.HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN));
                    assertTrue(datagram.timeNs() - Math.max(lastDataNs, lastHeartbeatNs) >= 300 * MS ||
                        datagram.timeNs() == lastHeartbeatNs, "only after an idle interval");
                    lastHeartbeatNs = datagram.timeNs();
                    heartbeats.add(new Heartbeat(datagram.line(), msgSeqNum));
                }
                else
                {
                    lastDataNs = datagram.timeNs();
                }
                lastIncrementalSeq = msgSeqNum;
            }
            else if (datagram.line() == SimLine.SNAPSHOT_A &&
                header.templateId() == SnapshotFullRefresh52Decoder.TEMPLATE_ID && lastHeartbeatNs != 0)
            {
                snapshot.wrap(buffer, Mdp3Packet.HEADER_LENGTH + Mdp3Packet.MSG_SIZE_LENGTH +
                    MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                assertEquals(lastIncrementalSeq, snapshot.lastMsgSeqNumProcessed(),
                    "heartbeats are incremental packets");
                snapshotsChecked++;
            }
        }

        assertEquals(List.of(
            new Heartbeat(SimLine.INCREMENTAL_A, 201), new Heartbeat(SimLine.INCREMENTAL_B, 201),
            new Heartbeat(SimLine.INCREMENTAL_A, 202), new Heartbeat(SimLine.INCREMENTAL_B, 202),
            new Heartbeat(SimLine.INCREMENTAL_A, 203), new Heartbeat(SimLine.INCREMENTAL_B, 203)), heartbeats);
        assertEquals(3, result[0].heartbeatPackets());
        assertEquals(200, result[0].incrementalPackets());
        assertTrue(snapshotsChecked > 0, "snapshots after a heartbeat");
    }

    @Test
    void noHeartbeatWhenTheLinesAreNeverIdleForAnInterval()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(3).packets(200).seed(5).ratePps(1_000)
            .lingerNs(500 * MS).build();
        final SimulationResult[] result = new SimulationResult[1];
        final List<Datagram> datagrams = RecordingSink.record(config, result);
        assertEquals(SimulatorConfig.DEFAULT_HEARTBEAT_INTERVAL_NS, config.heartbeatIntervalNs());
        assertEquals(0, result[0].heartbeatPackets());
        assertEquals(400, datagrams.stream().filter((datagram) -> datagram.line().isIncremental()).count(),
            "200 packets on A and B, nothing after them");
    }
}
