/**
 * The live path end to end, as separate processes on one machine: the lab ({@code scripts/lab}: two network
 * namespaces joined by a veth pair), the exchange simulator sending into it, the feed handler receiving in the
 * handler namespace over AF_XDP or kernel UDP and publishing on Aeron IPC, and a subscriber ({@code feed-client})
 * mirroring books and timing every record. Used by {@code scripts/demo}, {@code scripts/bench-e2e} and the root-only
 * live integration test.
 */
package io.xdpfeed.bench.live;
