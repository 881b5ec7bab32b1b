/**
 * Exchange simulator: a deterministic CME-like MDP 3.0 channel with ground truth.
 * <p>
 * {@link io.xdpfeed.sim.ExchangeSimulator} runs a {@link io.xdpfeed.sim.config.SimulatorConfig}: seeded random-walk
 * market-by-price books for N instruments, published as MDP 3.0 incremental packets on lines A and B, a market
 * recovery loop (SnapshotFullRefresh52) and an instrument definition loop (MDInstrumentDefinitionFuture54), with
 * faults injected by seed (loss on one line, bursts lost on both, duplicates, reordering). Datagrams go to
 * {@link io.xdpfeed.sim.wire.DatagramSink}s: a classic pcap file, kernel UDP sockets in the lab, or any in-memory
 * consumer. The final books ({@link io.xdpfeed.sim.truth.TruthBook}) are what a correct feed handler must end with.
 * With market by order on, every level's orders are modelled too ({@link io.xdpfeed.sim.market.OrderFlow}) and
 * published as MDIncrementalRefreshOrderBook47 and SnapshotFullRefreshOrderBook53; the final order books
 * ({@link io.xdpfeed.sim.truth.TruthOrderBook}, {@link io.xdpfeed.sim.truth.OrderTruthJson}) are the order truth.
 * <p>
 * This package holds the entry points ({@link io.xdpfeed.sim.ExchangeSimulatorMain},
 * {@link io.xdpfeed.sim.SenderBenchmark}) and the session that ties the parts together: one tick of the market
 * model, its packets, the snapshot and definition loops, the faults of each line and the output to the sinks, paced
 * or not. The parts live in subpackages by job, each depending only on those below it:
 * <pre>
 *   sim (session, faults, pacing ring, entry points)
 *    +-- send    senders into the lab: kernel UDP, sendmmsg, AF_XDP; the pacer; a multicast receiver
 *    +-- wire    MDP 3.0 packets: event encoding, packet assembly, snapshot and definition loops, pcap, config.xml
 *    +-- market  the exchange's books and the random walk that moves them, with the orders at every level
 *    +-- truth   the final books a correct handler must end with, their JSON form and comparison
 *    +-- config  the simulator's settings, the channel's addresses and the lines
 * </pre>
 */
package io.xdpfeed.sim;
