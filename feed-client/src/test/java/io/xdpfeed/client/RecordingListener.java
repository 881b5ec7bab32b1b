package io.xdpfeed.client;

import io.xdpfeed.codecs.md.AuctionImbalanceDecoder;
import io.xdpfeed.codecs.md.BookSnapshotDecoder;
import io.xdpfeed.codecs.md.BookUpdateDecoder;
import io.xdpfeed.codecs.md.ChannelStatusDecoder;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.HeartbeatDecoder;
import io.xdpfeed.codecs.md.InstrumentDefinitionDecoder;
import io.xdpfeed.codecs.md.InstrumentStatusDecoder;
import io.xdpfeed.codecs.md.SnapshotCompleteDecoder;
import io.xdpfeed.codecs.md.TradeCancelDecoder;
import io.xdpfeed.codecs.md.TradeDecoder;
import io.xdpfeed.codecs.md.VolumeDecoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every callback as a value, for whole-list assertions.
 */
final class RecordingListener implements MarketDataListener, MirrorStatusListener
{
    record Seen(String type, int channelId, int securityId, long recordSeq, int levels, long requestId)
    {
    }

    record SyncChange(int channelId, FeedStatus status)
    {
    }

    record Gap(long expected, long received)
    {
    }

    final List<Seen> seen = new ArrayList<>();
    final List<SyncChange> syncChanges = new ArrayList<>();
    final List<Gap> gaps = new ArrayList<>();
    final List<Integer> newStreams = new ArrayList<>();

    public void onInstrumentDefinition(final InstrumentDefinitionDecoder decoder)
    {
        seen.add(new Seen(
            "InstrumentDefinition", decoder.channelId(), decoder.securityId(), decoder.recordSeq(), 0, 0));
    }

    public void onBookUpdate(final BookUpdateDecoder decoder)
    {
        int levels = 0;
        for (final BookUpdateDecoder.LevelsDecoder ignored : decoder.levels())
        {
            levels++;
        }
        seen.add(new Seen("BookUpdate", decoder.channelId(), decoder.securityId(), decoder.recordSeq(), levels, 0));
    }

    public void onBookSnapshot(final BookSnapshotDecoder decoder)
    {
        int levels = 0;
        for (final BookSnapshotDecoder.LevelsDecoder ignored : decoder.levels())
        {
            levels++;
        }
        seen.add(new Seen("BookSnapshot", decoder.channelId(), decoder.securityId(), decoder.recordSeq(), levels,
            decoder.requestId()));
    }

    public void onTrade(final TradeDecoder decoder)
    {
        seen.add(new Seen("Trade", decoder.channelId(), decoder.securityId(), decoder.recordSeq(), 0, 0));
    }

    public void onTradeCancel(final TradeCancelDecoder decoder)
    {
        // the cancelled trade's id in the last field
        seen.add(new Seen("TradeCancel", decoder.channelId(), decoder.securityId(), decoder.recordSeq(), 0,
            decoder.tradeId()));
    }

    public void onAuctionImbalance(final AuctionImbalanceDecoder decoder)
    {
        // the imbalance quantity in the last field
        seen.add(new Seen("AuctionImbalance", decoder.channelId(), decoder.securityId(), decoder.recordSeq(), 0,
            decoder.imbalanceQty()));
    }

    public void onInstrumentStatus(final InstrumentStatusDecoder decoder)
    {
        seen.add(new Seen("InstrumentStatus", decoder.channelId(), decoder.securityId(), decoder.recordSeq(), 0, 0));
    }

    public void onChannelStatus(final ChannelStatusDecoder decoder)
    {
        seen.add(new Seen("ChannelStatus", decoder.channelId(), decoder.securityId(), decoder.recordSeq(), 0, 0));
    }

    public void onHeartbeat(final HeartbeatDecoder decoder)
    {
        seen.add(new Seen("Heartbeat", decoder.channelId(), decoder.securityId(), decoder.recordSeq(), 0, 0));
    }

    public void onVolume(final VolumeDecoder decoder)
    {
        seen.add(new Seen("Volume", decoder.channelId(), decoder.securityId(), decoder.recordSeq(), 0, 0));
    }

    public void onSnapshotComplete(final SnapshotCompleteDecoder decoder)
    {
        seen.add(new Seen("SnapshotComplete", decoder.channelId(), 0, decoder.lastRecordSeq(), decoder.instruments(),
            decoder.requestId()));
    }

    public void onChannelSyncStatus(final int channelId, final FeedStatus status, final long recordSeq)
    {
        syncChanges.add(new SyncChange(channelId, status));
    }

    public void onRecordSeqGap(final long expectedRecordSeq, final long recordSeq)
    {
        gaps.add(new Gap(expectedRecordSeq, recordSeq));
    }

    public void onNewStream(final int sessionId)
    {
        newStreams.add(sessionId);
    }
}
