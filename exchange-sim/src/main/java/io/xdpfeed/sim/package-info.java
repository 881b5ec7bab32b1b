/**
 * Exchange simulator: a deterministic CME-like MDP 3.0 channel with ground truth.
 * <p>
 * {@link io.xdpfeed.sim.ExchangeSimulator} runs a {@link io.xdpfeed.sim.SimulatorConfig}: seeded random-walk
 * market-by-price books for N instruments, published as MDP 3.0 incremental packets on lines A and B, a market
 * recovery loop (SnapshotFullRefresh52) and an instrument definition loop (MDInstrumentDefinitionFuture54), with
 * faults injected by seed (loss on one line, bursts lost on both, duplicates, reordering). Datagrams go to
 * {@link io.xdpfeed.sim.DatagramSink}s: a classic pcap file, kernel UDP sockets in the lab, or any in-memory consumer.
 * The final books ({@link io.xdpfeed.sim.TruthBook}) are what a correct feed handler must end with. With market by
 * order on, every level's orders are modelled too ({@code OrderFlow}) and published as
 * MDIncrementalRefreshOrderBook47 and SnapshotFullRefreshOrderBook53; the final order books
 * ({@link io.xdpfeed.sim.TruthOrderBook}, {@link io.xdpfeed.sim.OrderTruthJson}) are the order truth.
 */
package io.xdpfeed.sim;
