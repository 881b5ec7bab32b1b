/**
 * Settings of the simulator: the run ({@link io.xdpfeed.sim.config.SimulatorConfig}), the channel's multicast
 * addresses and ports ({@link io.xdpfeed.sim.config.ChannelConfig}) and its lines
 * ({@link io.xdpfeed.sim.config.SimLine}), and the random streams drawn from the seed
 * ({@link io.xdpfeed.sim.config.RandomStream}). A setting that is wrong stops start-up with one
 * {@link io.xdpfeed.common.config.ConfigurationException} naming it. Depends on no other simulator package.
 */
package io.xdpfeed.sim.config;
