/**
 * Playback of real captures into the lab's live path: {@link io.xdpfeed.bench.playback.CapturePlayback} sends a
 * pcap/pcapng capture's multicast datagrams from the exchange namespace at the captured pacing, N times faster or as
 * fast as the sender goes ({@code scripts/playback}, docs/arbitration.md).
 */
package io.xdpfeed.bench.playback;
