/**
 * The MDP 3.0 wire format as the simulator writes it: one match event's messages
 * ({@link io.xdpfeed.sim.wire.IncrementalProxy}), incremental packets with their 12-byte header
 * ({@link io.xdpfeed.sim.wire.IncrementalPacketAssembler}, {@link io.xdpfeed.sim.wire.Mdp3Packet}), the feed as a
 * consumer sees it after every packet ({@link io.xdpfeed.sim.wire.FeedState}), the market recovery and instrument
 * definition loops ({@link io.xdpfeed.sim.wire.SnapshotLoop}, {@link io.xdpfeed.sim.wire.DefinitionLoop}), and the
 * places a datagram can be written to without a network: the {@link io.xdpfeed.sim.wire.DatagramSink} interface,
 * Ethernet/IPv4/UDP frames ({@link io.xdpfeed.sim.wire.UdpFrameEncoder}), a classic pcap file
 * ({@link io.xdpfeed.sim.wire.PcapWriter}) and CME's config.xml ({@link io.xdpfeed.sim.wire.CmeConfigWriter}).
 */
package io.xdpfeed.sim.wire;
