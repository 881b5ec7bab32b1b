package io.xdpfeed.sim.send;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class SendLogTest
{
    private static final long EPOCH_BASE = 1_796_000_000_000_000_000L;

    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[64]);

    private void give(final SendLog log, final long msgSeqNum, final long sendingTimeNs)
    {
        packet.putInt(0, (int)msgSeqNum, ByteOrder.LITTLE_ENDIAN);
        packet.putLong(4, sendingTimeNs, ByteOrder.LITTLE_ENDIAN);
        log.onIncremental(packet, 0, 40);
    }

    @Test
    void stampsTheFirstCopyOfEachPacketWhenTheSendersTookIt(@TempDir final Path dir) throws IOException
    {
        final SendLog log = new SendLog(4);
        final long nanoBase = System.nanoTime();
        log.start(new EpochAnchor(nanoBase, EPOCH_BASE));

        final long beforeFirst = EPOCH_BASE + (System.nanoTime() - nanoBase);
        give(log, 1, EPOCH_BASE + 100);
        final long afterFirst = EPOCH_BASE + (System.nanoTime() - nanoBase);
        give(log, 1, EPOCH_BASE + 999);
        give(log, 2, EPOCH_BASE + 200);
        give(log, 2, EPOCH_BASE + 888);
        final long beforeFourth = EPOCH_BASE + (System.nanoTime() - nanoBase);
        give(log, 4, EPOCH_BASE + 400);
        final long afterFourth = EPOCH_BASE + (System.nanoTime() - nanoBase);
        give(log, 5, EPOCH_BASE + 500);
        give(log, 0, EPOCH_BASE + 600);

        log.write(dir.resolve("send.log"));
        final SendLog read = SendLog.read(dir.resolve("send.log"));
        final List<Long> intended = new ArrayList<>();
        for (int msgSeqNum = 1; msgSeqNum <= read.packets(); msgSeqNum++)
        {
            intended.add(read.intendedNs(msgSeqNum));
        }

        assertEquals(4, read.packets());
        assertEquals(List.of(EPOCH_BASE + 100, EPOCH_BASE + 200, 0L, EPOCH_BASE + 400), intended,
            "first copy wins, out-of-range MsgSeqNums ignored");
        assertTrue(read.actualNs(1) >= beforeFirst && read.actualNs(1) <= afterFirst, "the first copy's time");
        assertTrue(read.actualNs(2) >= read.actualNs(1) && read.actualNs(4) >= read.actualNs(2));
        assertTrue(read.actualNs(4) >= beforeFourth && read.actualNs(4) <= afterFourth);
        assertEquals(0, read.actualNs(3), "never sent");
    }

    @Test
    void shortDatagramsAreNotNoted()
    {
        final SendLog log = new SendLog(2);
        log.start(new EpochAnchor(System.nanoTime(), EPOCH_BASE));
        packet.putInt(0, 1, ByteOrder.LITTLE_ENDIAN);
        log.onIncremental(packet, 0, 11);

        assertEquals(List.of(0L, 0L), List.of(log.intendedNs(1), log.actualNs(1)));
    }
}
