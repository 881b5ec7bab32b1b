/**
 * The Nasdaq TotalView-ITCH 5.0 simulator ({@code exchange-sim --protocol itch}): a seeded order-flow session
 * ({@link io.xdpfeed.sim.itch.ItchSession}) written as MoldUDP64 packets by the codecs' shared
 * {@link io.xdpfeed.codecs.itch.ItchPacketWriter} on lines A and B with per-line loss, and its ground truth
 * ({@link io.xdpfeed.sim.itch.ItchTruth}), kept by code of its own (maps and sorting), independent of the handler's
 * order table and MBP sides. Recovery: every message in an {@link io.xdpfeed.sim.itch.ItchMessageLog}, answered from
 * by the MoldUDP64 re-request server ({@link io.xdpfeed.sim.itch.MoldUdp64RetransmissionServer}) and the GLIMPSE
 * snapshot server over SoupBinTCP ({@link io.xdpfeed.sim.itch.GlimpseSnapshotServer}, the book from
 * {@link io.xdpfeed.sim.itch.GlimpseSnapshotBuilder}).
 */
package io.xdpfeed.sim.itch;
