/**
 * CME MDP 3.0 as the engine's protocol ({@link io.xdpfeed.handler.mdp3.Mdp3Protocol}, behind the interfaces of
 * {@code io.xdpfeed.handler.protocol}): {@link io.xdpfeed.handler.mdp3.Mdp3Framing} validates a whole datagram's
 * framing, {@link io.xdpfeed.handler.mdp3.Mdp3PacketAdapter} walks its messages and calls a
 * {@link io.xdpfeed.handler.mdp3.Mdp3Listener} with SBE flyweights wrapped with each message header's blockLength
 * and version; the {@link io.xdpfeed.handler.mdp3.Mdp3MessageDispatcher} sends each template, by decode mode, to the
 * reader that turns it into calls on the channel's sinks. Line lookup, A/B sequencing, recovery, books and
 * publication are the engine's, and this package sees them only through the sinks.
 */
package io.xdpfeed.handler.mdp3;
