/**
 * The CME MDP 3.0 packet path: {@link io.xdpfeed.handler.mdp3.Mdp3Framing} validates a whole datagram's framing,
 * {@link io.xdpfeed.handler.mdp3.Mdp3PacketAdapter} walks its messages and calls a
 * {@link io.xdpfeed.handler.mdp3.Mdp3Listener} with SBE flyweights wrapped with each message header's blockLength
 * and version, and {@link io.xdpfeed.handler.mdp3.Mdp3PacketPipeline} composes line lookup, validation, A/B
 * arbitration and decoding behind the ingress {@link io.xdpfeed.ingress.DatagramHandler}.
 */
package io.xdpfeed.handler.mdp3;
