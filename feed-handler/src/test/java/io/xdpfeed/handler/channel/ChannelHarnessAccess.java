package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.mdp3.Mdp3Protocol;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;

import java.util.function.Consumer;

/**
 * A channel 310 fed with built packets, for tests outside this package.
 */
public final class ChannelHarnessAccess
{
    private final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();
    private final ChannelState channel;

    /**
     * @param listener receives the channel's records.
     */
    public ChannelHarnessAccess(final ChannelListener listener)
    {
        this(listener, ChannelOptions.defaults().withQueueCapacity(64));
    }

    /**
     * @param listener receives the channel's records.
     * @param options  channel settings.
     */
    public ChannelHarnessAccess(final ChannelListener listener, final ChannelOptions options)
    {
        channel = ChannelPipeline.channel(Mdp3Protocol.INSTANCE, ChannelHarness.CHANNEL_ID, 0, options, listener,
            FeedControl.NONE);
    }

    /**
     * @param seqNum MsgSeqNum.
     * @param timeNs SendingTime and receive time.
     * @param body   adds the messages.
     */
    public void incremental(final long seqNum, final long timeNs, final Consumer<Mdp3PacketBuilder> body)
    {
        builder.packet(seqNum, timeNs);
        body.accept(builder);
        channel.onIncrementalPacket(ChannelHarness.LINE_A, builder.buffer(), 0, builder.length(), timeNs);
    }

    /**
     * @param securityId SecurityID.
     * @return the instrument.
     */
    public Instrument instrument(final int securityId)
    {
        return channel.instrumentById(securityId);
    }

    /**
     * @return the channel.
     */
    public ChannelState channel()
    {
        return channel;
    }
}
