/**
 * Warm-up before the live lines are joined: {@link io.xdpfeed.handler.warmup.WarmUp} drives synthetic MDP3 packets
 * ({@link io.xdpfeed.handler.warmup.WarmUpPackets}) through a scratch engine composed exactly as the live one (line
 * map, sequencing, decode, books, normalized encode into a scratch Aeron IPC publication), so that the JIT has
 * compiled the hot path before the first live packet arrives; the scratch engine is then thrown away.
 */
package io.xdpfeed.handler.warmup;
