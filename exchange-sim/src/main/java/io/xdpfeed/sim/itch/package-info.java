/**
 * The Nasdaq TotalView-ITCH 5.0 simulator ({@code exchange-sim --protocol itch}): a seeded order-flow session
 * ({@link io.xdpfeed.sim.itch.ItchSession}) written as MoldUDP64 packets ({@link io.xdpfeed.sim.itch.ItchPacketWriter})
 * on lines A and B with per-line loss, and its ground truth ({@link io.xdpfeed.sim.itch.ItchTruth}), kept by code of
 * its own (maps and sorting), independent of the handler's order table and MBP sides.
 */
package io.xdpfeed.sim.itch;
