package io.xdpfeed.handler.channel;

/**
 * How a channel asks for the recovery lines of its channel. Live, the conductor joins or leaves the
 * multicast group; in a replay every line is in the capture and joining means starting to use its packets.
 * Called on the receive thread: implementations only record the wish (no blocking, no allocation).
 */
public interface FeedControl
{
    /** Does nothing: for tests and for channels that do their own filtering. */
    FeedControl NONE = new FeedControl()
    {
    };

    /**
     * Join or leave the market recovery (snapshot) feed of the channel.
     *
     * @param channelIndex dense index of the channel asking.
     * @param join         true to join, false to leave.
     */
    default void snapshotFeed(final int channelIndex, final boolean join)
    {
    }

    /**
     * Join or leave the instrument definition feed of the channel.
     *
     * @param channelIndex dense index of the channel asking.
     * @param join         true to join, false to leave.
     */
    default void definitionFeed(final int channelIndex, final boolean join)
    {
    }
}
