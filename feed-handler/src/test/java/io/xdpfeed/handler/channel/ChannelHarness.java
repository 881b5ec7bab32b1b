package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.FeedType;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.mdp3.Mdp3Protocol;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import io.xdpfeed.handler.testing.RecordingChannelListener;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One {@link ChannelState} with a recording listener and recording feed control, fed packets built by
 * {@link Mdp3PacketBuilder}.
 */
final class ChannelHarness implements FeedControl
{
    static final int CHANNEL_ID = 310;
    static final Line LINE_A = new Line(0, 0, CHANNEL_ID, FeedType.INCREMENTAL, Feed.A, 0xE0001F01, 14310, "310IA");
    static final Line LINE_B = new Line(1, 0, CHANNEL_ID, FeedType.INCREMENTAL, Feed.B, 0xE0002001, 15310, "310IB");
    static final Line LINE_S = new Line(2, 0, CHANNEL_ID, FeedType.SNAPSHOT, Feed.A, 0xE0001F02, 14311, "310SA");
    static final Line LINE_N = new Line(3, 0, CHANNEL_ID, FeedType.INSTRUMENT_REPLAY, Feed.A, 0xE0001F03, 14312,
        "310NA");

    final RecordingChannelListener listener = new RecordingChannelListener();
    final List<String> feedRequests = new ArrayList<>();
    final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();
    final ChannelState channel;
    long snapshotSeqNum;

    ChannelHarness()
    {
        this(ChannelOptions.defaults());
    }

    ChannelHarness(final ChannelOptions options)
    {
        channel = ChannelPipeline.channel(Mdp3Protocol.INSTANCE, CHANNEL_ID, 0, options, listener, this);
    }

    public void snapshotFeed(final int channelIndex, final boolean join)
    {
        feedRequests.add(join ? "join S" : "leave S");
    }

    public void definitionFeed(final int channelIndex, final boolean join)
    {
        feedRequests.add(join ? "join N" : "leave N");
    }

    void incremental(final Line line, final long seqNum, final long timeNs, final Consumer<Mdp3PacketBuilder> body)
    {
        builder.packet(seqNum, timeNs);
        body.accept(builder);
        channel.onIncrementalPacket(line, builder.buffer(), 0, builder.length(), timeNs);
    }

    void incremental(final long seqNum, final Consumer<Mdp3PacketBuilder> body)
    {
        incremental(LINE_A, seqNum, seqNum * 1000, body);
    }

    void snapshot(final long timeNs, final Consumer<Mdp3PacketBuilder> body)
    {
        builder.packet(++snapshotSeqNum, timeNs);
        body.accept(builder);
        channel.onSnapshotPacket(LINE_S, builder.buffer(), 0, builder.length(), timeNs);
    }

    void definition(final long seqNum, final Consumer<Mdp3PacketBuilder> body)
    {
        builder.packet(seqNum, seqNum);
        body.accept(builder);
        channel.onDefinitionPacket(LINE_N, builder.buffer(), 0, builder.length(), seqNum);
    }

    /**
     * Let every open hole expire: held packets after it are delivered.
     */
    void expire()
    {
        channel.onTimer(Long.MAX_VALUE / 4);
    }

    String outright(final int securityId)
    {
        return RecordingChannelListener.outright(channel.instrumentById(securityId).book());
    }
}
