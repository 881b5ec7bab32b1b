/**
 * Capture files as a {@link io.xdpfeed.ingress.PacketSource}: pcap (microsecond and nanosecond, either byte order)
 * and pcapng (SHB, IDB, EPB, SPB, OPB; per-interface timestamp resolution), memory-mapped and read in place.
 */
package io.xdpfeed.handler.capture;
