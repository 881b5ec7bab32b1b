package io.xdpfeed.handler.protocol;

import org.agrona.DirectBuffer;

import java.util.Properties;

/**
 * A market-data protocol, chosen when the engine is composed: it gives each channel the decoders that validate its
 * datagrams' framing and turn their messages into calls on the channel's {@link MessageSinks}. CME MDP 3.0's is
 * {@code io.xdpfeed.handler.mdp3.Mdp3Protocol}; a second protocol (e.g. Nasdaq ITCH over MoldUDP64) implements this,
 * {@link PacketDecoder} and a dispatcher of its messages to the sinks, and touches nothing else.
 */
public interface Protocol
{
    /**
     * A decoder for one channel, with flyweights of its own. Called twice per channel: the live decoder, and the
     * decoder of the recovery queue's replay (which runs inside a live decode).
     *
     * @param sinks of the channel.
     * @return a new decoder feeding them.
     */
    PacketDecoder decoder(MessageSinks sinks);

    /**
     * Whether a datagram is framed as this protocol's packets: its framing validates (headers, lengths and counts
     * that fit the datagram exactly), the messages themselves not decoded. How {@code scripts/replay} tells the
     * protocol of a capture given without one; not called on the live path.
     *
     * @param buffer holding the UDP payload.
     * @param offset of the payload.
     * @param length of the payload.
     * @return true when the framing validates.
     */
    boolean isFramed(DirectBuffer buffer, int offset, int length);

    /**
     * This protocol with its own settings read from the configuration (e.g. ITCH's re-request and snapshot
     * servers); the default has none and returns itself.
     *
     * @param properties the configuration (system properties, or a properties file).
     * @return the protocol to compose the engine with.
     * @throws io.xdpfeed.common.config.ConfigurationException naming the key and the value when one is bad.
     */
    default Protocol configure(final Properties properties)
    {
        return this;
    }

    /**
     * The protocol's own recovery of sequence numbers lost on every line, for one channel, when it has one and it
     * is configured for the channel; null otherwise (the engine's snapshot-line recovery, if the channel has a
     * snapshot line). Called once per channel, after {@link #decoder}.
     *
     * @param channelId the channel's id.
     * @param decoder   the channel's live decoder, as {@link #decoder} made it.
     * @return the recovery, or null.
     */
    default StreamRecovery recovery(final int channelId, final PacketDecoder decoder)
    {
        return null;
    }

    /**
     * Synthetic datagrams of this protocol for the start-up warm-up, one stream per channel; null when the protocol
     * has none (the warm-up then drives MDP 3.0 packets for MDP 3.0 and is skipped for any other protocol).
     *
     * @param seed of the stream (the warm-up gives each channel its own).
     * @return a new stream, starting a session from its first sequence number, or null.
     */
    default SyntheticPackets warmUpPackets(final long seed)
    {
        return null;
    }
}
