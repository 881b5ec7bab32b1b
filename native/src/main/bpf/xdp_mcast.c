// SPDX-License-Identifier: GPL-2.0
/*
 * xdpfeed steering program.
 *
 * Redirects the IPv4/UDP datagrams whose (destination group, destination port) is in the subscription map into the
 * AF_XDP socket of the RX queue they arrived on; passes everything else (ARP, IGMP, IPv6, TCP, other UDP, IP
 * options, fragments, runts) to the kernel untouched. Before a redirect, writes the receive time into the metadata
 * area in front of the frame, so the Java side reads it at (frame address - 16):
 *
 *   data_meta                         data
 *   +----------------+----------------+--------------------------------
 *   | hw_rx_ns (u64) | sw_rx_ns (u64) | Ethernet header ...
 *   +----------------+----------------+--------------------------------
 *
 * sw_rx_ns is bpf_ktime_get_ns(), CLOCK_MONOTONIC, the clock of System.nanoTime(). hw_rx_ns is reserved for the
 * driver's hardware stamp and is 0 in this build (the kfunc that reads it needs a device-bound program).
 *
 * The program name (the function name below) is how the Java side recognises a stale copy of itself left on an
 * interface by a crashed process: keep it in step with XdpProgram.PROGRAM_NAME.
 *
 * Built twice: xdp_mcast.o steers only; xdp_mcast_arb.o (-DXDPFEED_ARBITRATION, BPF atomics: -mcpu=v3) also
 * arbitrates the A/B copies of the lines user space marks in the subscription value (docs/arbitration.md):
 *
 *   subscription value (u32): bit 31 ARBITRATE, bit 30 VERIFY_CHECKSUM, bits 0..15 channel index
 *
 * For such a line the program checks the IPv4 and UDP lengths, the UDP checksum (when VERIFY_CHECKSUM and the
 * checksum is not 0), the MDP 3.0 packet header and that the MsgSize chain ends exactly at the payload's end; only a
 * copy that passes claims its MsgSeqNum in the channel's slot table, an array of u64 tags
 * (SendingTime low 32 bits << 32 | MsgSeqNum) indexed by MsgSeqNum & ARB_SLOT_MASK. A copy whose tag is already in its
 * slot is a duplicate and is dropped (XDP_DROP); the claim is an atomic compare-and-exchange so that two RX queues
 * never both pass the same copy. The tag includes the SendingTime so that a sequence reset (the exchange restarting
 * at 1) is not mistaken for old duplicates. A copy failing a check is redirected unclaimed: user space counts it as
 * malformed and the other line's copy still claims the sequence.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_QUEUES 64
#define MAX_SUBSCRIPTIONS 4096
#define ETH_P_8021AD_TAG 0x88A8
#define IP_MF_AND_OFFSET 0x3FFF

#ifdef XDPFEED_ARBITRATION
#define LINE_ARBITRATE (1U << 31)
#define LINE_VERIFY_CHECKSUM (1U << 30)
#define LINE_CHANNEL_MASK 0xFFFFU
#define ARB_CHANNELS 64
#define ARB_SLOTS 2048
#define ARB_SLOT_MASK (ARB_SLOTS - 1)
#define MDP3_PACKET_HEADER 12
#define MDP3_MESSAGE_HEADER 10
#define MAX_UDP_PAYLOAD 1472
/* at most one message per MDP3_MESSAGE_HEADER bytes of the largest payload */
#define MAX_MESSAGES (MAX_UDP_PAYLOAD / MDP3_MESSAGE_HEADER)
#endif

/* RX queue index -> AF_XDP socket; filled by xsk_socket__update_xskmap. */
struct
{
    __uint(type, BPF_MAP_TYPE_XSKMAP);
    __uint(max_entries, MAX_QUEUES);
    __type(key, __u32);
    __type(value, __u32);
} xsks_map SEC(".maps");

/* Key in network byte order: { be32 group, be16 port, u16 zero }. The value is unused (1). */
struct subscription_key
{
    __u32 group;
    __u16 port;
    __u16 pad;
};

struct
{
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, MAX_SUBSCRIPTIONS);
    __type(key, struct subscription_key);
    __type(value, __u32);
} subscriptions SEC(".maps");

#ifdef XDPFEED_ARBITRATION
/* Channel index -> its MsgSeqNum slots; user space clears them (an update with zeros) when its lines change. */
struct arb_slots
{
    __u64 tag[ARB_SLOTS];
};

struct
{
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, ARB_CHANNELS);
    __type(key, __u32);
    __type(value, struct arb_slots);
} arb_slots SEC(".maps");

/* Channel index -> counters, read by the conductor. */
struct arb_counters
{
    __u64 passed;
    __u64 duplicates;
    __u64 malformed;
};

struct
{
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, ARB_CHANNELS);
    __type(key, __u32);
    __type(value, struct arb_counters);
} arb_counters SEC(".maps");
#endif

struct vlan_tag
{
    __be16 tci;
    __be16 proto;
};

struct rx_meta
{
    __u64 hw_rx_ns;
    __u64 sw_rx_ns;
};

#ifdef XDPFEED_ARBITRATION
/*
 * The loops below read the packet with bpf_xdp_load_bytes at a scalar offset, not through a pointer: a pointer at a
 * variable offset makes the verifier explore every iteration separately (and every path after every exit, past its
 * million-instruction limit); a helper's offset argument does not, so each loop is verified in a few passes.
 */
#define CSUM_CHUNK 64

static __always_inline __u32 fold64(__u64 sum)
{
    sum = (sum & 0xFFFFFFFF) + (sum >> 32);
    sum = (sum & 0xFFFFFFFF) + (sum >> 32);
    sum = (sum & 0xFFFF) + (sum >> 16);
    sum = (sum & 0xFFFF) + (sum >> 16);
    return (__u32)sum;
}

/*
 * Whether the UDP checksum holds: the one's-complement sum of the pseudo-header, the UDP header and the payload is
 * 0xFFFF. The words are summed as they lie in memory (bpf_csum_diff does the same), which only swaps the bytes of the
 * folded sum, and 0xFFFF is its own swap; 32-bit partial sums are added into 64 bits and folded at the end.
 */
static __always_inline int udp_checksum_holds(struct xdp_md *ctx, struct iphdr *ip, __u32 udpOffset, __u32 udpLength)
{
    __u64 sum = (__u64)ip->saddr + ip->daddr + bpf_htons(IPPROTO_UDP) + bpf_htons((__u16)udpLength);
    __u8 chunk[CSUM_CHUNK];
    __u32 offset = 0;
    for (int i = 0; i < (MAX_UDP_PAYLOAD + 8) / CSUM_CHUNK; i++)
    {
        if (udpLength - offset < CSUM_CHUNK)
        {
            break;
        }
        if (bpf_xdp_load_bytes(ctx, udpOffset + offset, chunk, CSUM_CHUNK) != 0)
        {
            return 0;
        }
        sum += (__u32)bpf_csum_diff(0, 0, (__be32 *)chunk, CSUM_CHUNK, 0);
        offset += CSUM_CHUNK;
    }
    /* the last 0..63 bytes: words of 32, 16, 8 and 4 bytes, then 2 and 1 (zero padded on the right) */
#pragma unroll
    for (int size = CSUM_CHUNK / 2; size >= 4; size /= 2)
    {
        if (udpLength - offset >= size)
        {
            if (bpf_xdp_load_bytes(ctx, udpOffset + offset, chunk, size) != 0)
            {
                return 0;
            }
            sum += (__u32)bpf_csum_diff(0, 0, (__be32 *)chunk, size, 0);
            offset += size;
        }
    }
    if (udpLength - offset >= 2)
    {
        __u16 half = 0;
        if (bpf_xdp_load_bytes(ctx, udpOffset + offset, &half, 2) != 0)
        {
            return 0;
        }
        sum += half;
        offset += 2;
    }
    if (udpLength - offset == 1)
    {
        __u8 last = 0;
        if (bpf_xdp_load_bytes(ctx, udpOffset + offset, &last, 1) != 0)
        {
            return 0;
        }
        sum += last;
    }
    return fold64(sum) == 0xFFFF;
}

/* Whether the payload holds a packet header and a MsgSize chain of messages ending exactly at its end. */
static __always_inline int mdp3_framing_holds(struct xdp_md *ctx, __u32 payloadOffset, __u32 payloadLength)
{
    if (payloadLength < MDP3_PACKET_HEADER + MDP3_MESSAGE_HEADER)
    {
        return 0;
    }
    __u32 position = MDP3_PACKET_HEADER;
    for (int i = 0; i < MAX_MESSAGES; i++)
    {
        if (position == payloadLength)
        {
            return 1;
        }
        if (payloadLength - position < MDP3_MESSAGE_HEADER)
        {
            return 0;
        }
        __u16 msgSize = 0; /* little-endian on the wire and on the hosts this runs on */
        if (bpf_xdp_load_bytes(ctx, payloadOffset + position, &msgSize, 2) != 0)
        {
            return 0;
        }
        if (msgSize < MDP3_MESSAGE_HEADER || msgSize > payloadLength - position)
        {
            return 0;
        }
        position += msgSize;
    }
    return position == payloadLength;
}

#define COUNT_PASSED 0
#define COUNT_DUPLICATE 1
#define COUNT_MALFORMED 2

static __always_inline void count(__u32 channel, int which)
{
    struct arb_counters *counters = bpf_map_lookup_elem(&arb_counters, &channel);
    if (!counters)
    {
        return;
    }
    if (COUNT_PASSED == which)
    {
        __sync_fetch_and_add(&counters->passed, 1);
    }
    else if (COUNT_DUPLICATE == which)
    {
        __sync_fetch_and_add(&counters->duplicates, 1);
    }
    else
    {
        __sync_fetch_and_add(&counters->malformed, 1);
    }
}

/* XDP_DROP for a duplicate of a claimed copy, XDP_PASS for everything to be redirected (claimed or unchecked). */
static __always_inline int arbitrate(
    struct xdp_md *ctx, struct iphdr *ip, struct udphdr *udp, void *data_end, __u32 lineValue)
{
    const __u32 channel = lineValue & LINE_CHANNEL_MASK;
    const __u32 frameLength = ctx->data_end - ctx->data;
    const __u32 ipOffset = (__u32)((void *)ip - (void *)(long)ctx->data);
    const __u32 ipLength = bpf_ntohs(ip->tot_len);
    const __u32 udpLength = bpf_ntohs(udp->len);
    if (ipLength < sizeof(*ip) + sizeof(*udp) || ipLength > frameLength - ipOffset ||
        udpLength != ipLength - sizeof(*ip) || udpLength > MAX_UDP_PAYLOAD + sizeof(*udp))
    {
        count(channel, COUNT_MALFORMED);
        return XDP_PASS;
    }
    const __u32 udpOffset = ipOffset + sizeof(*ip);
    if ((lineValue & LINE_VERIFY_CHECKSUM) && udp->check != 0 && !udp_checksum_holds(ctx, ip, udpOffset, udpLength))
    {
        count(channel, COUNT_MALFORMED);
        return XDP_PASS;
    }
    const __u8 *payload = (const __u8 *)(udp + 1);
    if (!mdp3_framing_holds(ctx, udpOffset + sizeof(*udp), udpLength - sizeof(*udp)) ||
        (void *)(payload + MDP3_PACKET_HEADER) > data_end)
    {
        count(channel, COUNT_MALFORMED);
        return XDP_PASS;
    }
    const __u32 seq = *(const __u32 *)payload;
    const __u32 sendingTimeLow = *(const __u32 *)(payload + 4);
    const __u64 tag = ((__u64)sendingTimeLow << 32) | seq;
    struct arb_slots *slots = bpf_map_lookup_elem(&arb_slots, &channel);
    if (!slots || 0 == tag)
    {
        count(channel, COUNT_PASSED);
        return XDP_PASS;
    }
    __u64 *slot = &slots->tag[seq & ARB_SLOT_MASK];
    const __u64 seen = *(volatile __u64 *)slot;
    if (seen == tag)
    {
        count(channel, COUNT_DUPLICATE);
        return XDP_DROP;
    }
    /* another queue may claim the same copy between the read and here: only one exchange succeeds */
    if (__sync_val_compare_and_swap(slot, seen, tag) == tag)
    {
        count(channel, COUNT_DUPLICATE);
        return XDP_DROP;
    }
    count(channel, COUNT_PASSED);
    return XDP_PASS;
}
#endif

SEC("xdp")
int xdpfeed_mcast(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;

    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > data_end)
    {
        return XDP_PASS;
    }

    __u16 proto = eth->h_proto;
    void *l3 = eth + 1;

#pragma unroll
    for (int i = 0; i < 2; i++)
    {
        if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD_TAG))
        {
            break;
        }
        struct vlan_tag *tag = l3;
        if ((void *)(tag + 1) > data_end)
        {
            return XDP_PASS;
        }
        proto = tag->proto;
        l3 = tag + 1;
    }

    if (proto != bpf_htons(ETH_P_IP))
    {
        return XDP_PASS;
    }

    struct iphdr *ip = l3;
    if ((void *)(ip + 1) > data_end)
    {
        return XDP_PASS;
    }
    if (ip->version != 4 || ip->ihl != 5 || ip->protocol != IPPROTO_UDP ||
        (ip->frag_off & bpf_htons(IP_MF_AND_OFFSET)) != 0)
    {
        return XDP_PASS;
    }

    struct udphdr *udp = (void *)(ip + 1);
    if ((void *)(udp + 1) > data_end)
    {
        return XDP_PASS;
    }

    struct subscription_key key = { .group = ip->daddr, .port = udp->dest, .pad = 0 };
    const __u32 *line = bpf_map_lookup_elem(&subscriptions, &key);
    if (!line)
    {
        return XDP_PASS;
    }
#ifdef XDPFEED_ARBITRATION
    const __u32 lineValue = *line;
    if ((lineValue & LINE_ARBITRATE) && arbitrate(ctx, ip, udp, data_end, lineValue) == XDP_DROP)
    {
        return XDP_DROP;
    }
#endif

    const __u64 now = bpf_ktime_get_ns();
    if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(struct rx_meta)) == 0)
    {
        struct rx_meta *meta = (void *)(long)ctx->data_meta;
        if ((void *)(meta + 1) <= (void *)(long)ctx->data)
        {
            meta->hw_rx_ns = 0;
            meta->sw_rx_ns = now;
        }
    }

    /* No socket on this queue: the default action lets the kernel have the datagram. */
    return bpf_redirect_map(&xsks_map, ctx->rx_queue_index, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
