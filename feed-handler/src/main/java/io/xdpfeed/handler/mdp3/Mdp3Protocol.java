package io.xdpfeed.handler.mdp3;

import io.xdpfeed.handler.protocol.MessageSinks;
import io.xdpfeed.handler.protocol.PacketDecoder;
import io.xdpfeed.handler.protocol.Protocol;
import org.agrona.DirectBuffer;

/**
 * CME MDP 3.0 as the engine's {@link Protocol}: each decoder is an {@link Mdp3PacketAdapter} (framing, one SBE walk
 * per packet) feeding an {@link Mdp3MessageDispatcher}, which turns the templates into calls on the channel's sinks.
 */
public final class Mdp3Protocol implements Protocol
{
    /** The one instance: the protocol keeps no state of its own. */
    public static final Mdp3Protocol INSTANCE = new Mdp3Protocol();

    private Mdp3Protocol()
    {
    }

    /**
     * {@inheritDoc}
     */
    public PacketDecoder decoder(final MessageSinks sinks)
    {
        return new Mdp3PacketAdapter(new Mdp3MessageDispatcher(sinks));
    }

    /**
     * {@inheritDoc}
     */
    public boolean isFramed(final DirectBuffer buffer, final int offset, final int length)
    {
        return Mdp3Framing.validate(buffer, offset, length) > 0;
    }
}
