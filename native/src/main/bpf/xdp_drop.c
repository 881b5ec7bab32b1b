// SPDX-License-Identifier: GPL-2.0
/*
 * Link loss for the lab (scripts/lab loss): drops IPv4/UDP datagrams arriving on an interface at random, each with
 * probability DROP_THRESHOLD / 2^32; everything else (ARP above all, so the link stays up) passes. netem is not
 * available on the lab's kernel, so this stands in for a lossy link between the handler and a strategy host: Aeron
 * sees its data frames lost and recovers them by NAK and retransmission.
 *
 * Built by scripts/lab with the threshold given at compile time: clang -target bpf -DDROP_THRESHOLD=<u32>.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#ifndef DROP_THRESHOLD
#define DROP_THRESHOLD 0
#endif

SEC("xdp")
int xdpfeed_drop(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
    {
        return XDP_PASS;
    }
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end || ip->protocol != IPPROTO_UDP)
    {
        return XDP_PASS;
    }
    return bpf_get_prandom_u32() < (__u32)DROP_THRESHOLD ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
