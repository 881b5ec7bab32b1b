/**
 * The engine's counters the Aeron way: each stage of a channel's pipeline is handed, at composition, the
 * {@link org.agrona.concurrent.status.AtomicCounter}s it owns ({@link io.xdpfeed.handler.counters.ChannelCounters})
 * and increments them in place from the receive thread, their single writer. Live they are allocated in the media
 * driver's CnC counters file ({@link io.xdpfeed.handler.counters.AeronCounterAllocator}), so AeronStat and
 * {@code feed-stat} read the very words the stages write; replays, tests and benchmarks allocate them from a
 * {@link org.agrona.concurrent.status.CountersManager} on the heap
 * ({@link io.xdpfeed.handler.counters.HeapCounterAllocator}): one code path either way.
 */
package io.xdpfeed.handler.counters;
