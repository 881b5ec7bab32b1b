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
    if (!bpf_map_lookup_elem(&subscriptions, &key))
    {
        return XDP_PASS;
    }

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
