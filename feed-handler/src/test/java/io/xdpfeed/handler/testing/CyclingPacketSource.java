package io.xdpfeed.handler.testing;

import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.PacketSource;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Delivers one prebuilt packet over and over as an endless in-sequence feed: before each delivery it rewrites the
 * MsgSeqNum and the RptSeq fields in place (each +1 per packet and per entry), so the engine accepts every packet
 * and every entry. Optionally delivers each MsgSeqNum on line A then B. Allocation-free.
 */
public final class CyclingPacketSource implements PacketSource
{
    private final UnsafeBuffer buffer;
    private final int length;
    private final int[] rptSeqOffsets;
    private final int groupA;
    private final int portA;
    private final int groupB;
    private final int portB;
    private final boolean bothLines;
    private long seqNum;
    private long rptSeq;
    private long delivered;

    /**
     * @param packet        bytes of the packet (copied).
     * @param rptSeqOffsets offsets of the uint32 RptSeq fields, in entry order.
     * @param firstSeqNum   MsgSeqNum of the first delivery.
     * @param firstRptSeq   RptSeq of the first entry of the first delivery.
     * @param groupA        line A group.
     * @param portA         line A port.
     * @param groupB        line B group.
     * @param portB         line B port.
     * @param bothLines     deliver each packet on A then on B.
     */
    public CyclingPacketSource(
        final byte[] packet,
        final int[] rptSeqOffsets,
        final long firstSeqNum,
        final long firstRptSeq,
        final int groupA,
        final int portA,
        final int groupB,
        final int portB,
        final boolean bothLines)
    {
        this.buffer = new UnsafeBuffer(packet.clone());
        this.length = packet.length;
        this.rptSeqOffsets = rptSeqOffsets.clone();
        this.seqNum = firstSeqNum;
        this.rptSeq = firstRptSeq;
        this.groupA = groupA;
        this.portA = portA;
        this.groupB = groupB;
        this.portB = portB;
        this.bothLines = bothLines;
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final DatagramHandler handler, final int limit)
    {
        final UnsafeBuffer buffer = this.buffer;
        for (int i = 0; i < limit; i++)
        {
            buffer.putInt(0, (int)seqNum, ByteOrder.LITTLE_ENDIAN);
            final long nowNs = System.nanoTime();
            buffer.putLong(4, nowNs, ByteOrder.LITTLE_ENDIAN);
            for (final int offset : rptSeqOffsets)
            {
                buffer.putInt(offset, (int)rptSeq++, ByteOrder.LITTLE_ENDIAN);
            }
            handler.onDatagram(groupA, portA, buffer, 0, length, nowNs);
            if (bothLines)
            {
                handler.onDatagram(groupB, portB, buffer, 0, length, nowNs);
            }
            seqNum++;
            delivered++;
        }
        return limit;
    }

    /**
     * @return MsgSeqNums delivered.
     */
    public long delivered()
    {
        return delivered;
    }

    /**
     * {@inheritDoc}
     */
    public String transport()
    {
        return "cycle";
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
    }
}
