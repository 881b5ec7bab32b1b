package io.xdpfeed.handler.mdp3;

import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Decoder;
import io.xdpfeed.handler.protocol.BookSink;
import io.xdpfeed.handler.protocol.SnapshotSink;

/**
 * Reads SnapshotFullRefresh52 of the snapshot line and hands it to the channel's {@link SnapshotSink}: the
 * instrument, LastMsgSeqNumProcessed, and (when the recovery applies it) each level of the bid, ask and implied
 * sides; other entry types are not part of the book. Null sizes and order counts are 0, null TotNumReports 0. Not on
 * the hot path; no allocation.
 */
final class Mdp3SnapshotReader
{
    private static final int INT32_NULL = Integer.MAX_VALUE;
    private static final long UINT32_NULL = 0xFFFF_FFFFL;

    private final SnapshotSink snapshots;

    /**
     * @param snapshots the channel's snapshot sink.
     */
    Mdp3SnapshotReader(final SnapshotSink snapshots)
    {
        this.snapshots = snapshots;
    }

    /**
     * A SnapshotFullRefresh52 of the snapshot line.
     *
     * @param context of its packet.
     * @param decoder wrapped on the message.
     */
    void snapshot52(final Mdp3PacketContext context, final SnapshotFullRefresh52Decoder decoder)
    {
        final long totNumReports = decoder.totNumReports();
        final long rptSeq = decoder.rptSeq();
        final short tradingStatus = decoder.mDSecurityTradingStatusRaw();
        if (snapshots.snapshotBegin(decoder.securityID(), decoder.lastMsgSeqNumProcessed(), context.receiveTimeNs()))
        {
            for (final SnapshotFullRefresh52Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
            {
                final int side;
                final int levelType;
                switch (entry.mDEntryTypeRaw())
                {
                    case '0' ->
                    {
                        side = BookSink.BID;
                        levelType = BookSink.OUTRIGHT;
                    }
                    case '1' ->
                    {
                        side = BookSink.ASK;
                        levelType = BookSink.OUTRIGHT;
                    }
                    case 'E' ->
                    {
                        side = BookSink.BID;
                        levelType = BookSink.IMPLIED;
                    }
                    case 'F' ->
                    {
                        side = BookSink.ASK;
                        levelType = BookSink.IMPLIED;
                    }
                    default ->
                    {
                        continue;
                    }
                }
                final int size = entry.mDEntrySize();
                final int orders = entry.numberOfOrders();
                snapshots.snapshotLevel(side, levelType, entry.mDPriceLevel(), entry.mDEntryPx().mantissa(),
                    size == INT32_NULL ? 0 : size, orders == INT32_NULL ? 0 : orders);
            }
        }
        snapshots.snapshotEnd(rptSeq, tradingStatus, totNumReports == UINT32_NULL ? 0 : totNumReports);
    }
}
