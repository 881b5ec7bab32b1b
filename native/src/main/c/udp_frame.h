// SPDX-License-Identifier: Apache-2.0
/*
 * The frame parse of the C receiver (xdp_receiver.c) and of its one-core model (native/src/test/c/receive_loop.c):
 * Ethernet, up to two VLAN tags, IPv4 without fragments, UDP, as the Java UdpFrameParser checks them.
 */
#ifndef XDPFEED_UDP_FRAME_H
#define XDPFEED_UDP_FRAME_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t be16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

/*
 * The UDP payload of a frame of `length` bytes (its length in *payload_length), or NULL when the frame is not a whole
 * unfragmented IPv4/UDP datagram with at least 8 bytes of payload (the benchmark's sequence number).
 */
static inline const uint8_t *udp_frame_payload(
    const uint8_t *frame, const uint32_t length, uint32_t *payload_length)
{
    if (length < 42)
    {
        return NULL;
    }
    uint32_t type_offset = 12;
    uint16_t ether_type = be16(frame + type_offset);
    for (int tags = 0; tags < 2 && (ether_type == 0x8100 || ether_type == 0x88a8); tags++)
    {
        type_offset += 4;
        ether_type = type_offset + 2 <= length ? be16(frame + type_offset) : 0;
    }
    const uint32_t ip = type_offset + 2;
    if (ether_type != 0x0800 || ip + 20 > length)
    {
        return NULL;
    }
    const uint32_t ihl = (uint32_t)(frame[ip] & 0x0F) * 4;
    const uint32_t total = be16(frame + ip + 2);
    if ((frame[ip] >> 4) != 4 || ihl < 20 || frame[ip + 9] != 17 || (be16(frame + ip + 6) & 0x3FFF) ||
        total < ihl + 8 || ip + total > length)
    {
        return NULL;
    }
    const uint32_t udp = ip + ihl;
    const uint32_t udp_length = be16(frame + udp + 4);
    if (udp_length < 8 + 8 || udp_length > total - ihl)
    {
        return NULL;
    }
    *payload_length = udp_length - 8;
    return frame + udp + 8;
}

#endif
