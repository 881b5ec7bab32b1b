/**
 * The CME MDP 3.0 packet path: {@link io.xdpfeed.handler.mdp3.Mdp3Framing} validates a whole datagram's framing,
 * {@link io.xdpfeed.handler.mdp3.Mdp3PacketAdapter} walks its messages and calls a
 * {@link io.xdpfeed.handler.mdp3.Mdp3Listener} with SBE flyweights wrapped with each message header's blockLength
 * and version. Line lookup, A/B sequencing and recovery are the engine's ({@code FeedEngine}, {@code ChannelState}):
 * there is one packet path, live and in replay.
 */
package io.xdpfeed.handler.mdp3;
