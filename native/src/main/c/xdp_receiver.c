// SPDX-License-Identifier: Apache-2.0
/*
 * xdpfeed-cxdp-receiver: the reference AF_XDP receiver in C on libxdp, the ceiling the Java receiver is measured
 * against in bench-ingress (transport=c-xdp). Same program (xdp_mcast.o), same ring sizes, same per-datagram work
 * as io.xdpfeed.transport.SequenceReceiver over XdpPacketSource: parse Ethernet/802.1Q/IPv4/UDP, read the XDP receive
 * stamp, check the little-endian u64 sequence, return the frame to the fill ring. Same output lines:
 *   READY transport=c-xdp attach=<native|skb> bind=<zerocopy|copy> ...
 *   RECEIVED transport=c-xdp received=<n> first=<n> last=<n> missing=<n> ... dropped=<n> rx_ring_full=<n> ...
 *
 * usage: xdpfeed-cxdp-receiver --interface IF --subscribe GROUP:PORT --object xdp_mcast.o [--queue 0] [--cpu 1]
 *            [--xdp-attach auto|native|skb] [--ring-size 8192] [--frame-size 2048] [--count N] [--seconds S]
 *            [--idle-ms 1000] [--warmup-count N] [--realtime PRIORITY] [--nice N]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include <xdp/xsk.h>
#include "udp_frame.h"
#include "sequence_count.h"

#define PROGRAM_NAME "xdpfeed_mcast"
#define BATCH 64

struct subscription_key
{
    uint32_t group;
    uint16_t port;
    uint16_t pad;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void fail(const char *what, int error)
{
    char message[256];
    libxdp_strerror(error, message, sizeof(message));
    printf("ERROR %s: %s\n", what, message);
    exit(2);
}

/* Remove a program of ours a dead receiver left behind (same check as XdpProgram.removeStaleProgram). */
static void remove_stale_program(int ifindex)
{
    struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex(ifindex);
    if (libxdp_get_error(mp) || !mp)
    {
        return;
    }
    if (xdp_multiprog__is_legacy(mp))
    {
        struct xdp_program *main_prog = xdp_multiprog__main_prog(mp);
        if (main_prog && !strcmp(xdp_program__name(main_prog), PROGRAM_NAME))
        {
            xdp_multiprog__detach(mp);
        }
    }
    else
    {
        const enum xdp_attach_mode mode = xdp_multiprog__attach_mode(mp);
        for (struct xdp_program *p = xdp_multiprog__next_prog(NULL, mp); p; p = xdp_multiprog__next_prog(p, mp))
        {
            if (!strcmp(xdp_program__name(p), PROGRAM_NAME))
            {
                xdp_program__detach(p, ifindex, mode, 0);
                break;
            }
        }
    }
    xdp_multiprog__close(mp);
}

int main(int argc, char **argv)
{
    const char *interface_name = NULL;
    const char *subscription = NULL;
    const char *object = NULL;
    const char *attach = "auto";
    int queue = 0;
    int cpu = -1;
    uint32_t ring_size = 8192;
    uint32_t frame_size = 2048;
    uint64_t count = UINT64_MAX;
    uint64_t seconds = 3600;
    uint64_t idle_ms = 1000;
    uint64_t warmup_count = 0;
    int realtime = 0;
    int nice_value = 0;

    for (int i = 1; i + 1 < argc; i += 2)
    {
        const char *name = argv[i];
        const char *value = argv[i + 1];
        if (!strcmp(name, "--interface")) interface_name = value;
        else if (!strcmp(name, "--subscribe")) subscription = value;
        else if (!strcmp(name, "--object")) object = value;
        else if (!strcmp(name, "--xdp-attach")) attach = value;
        else if (!strcmp(name, "--queue")) queue = atoi(value);
        else if (!strcmp(name, "--cpu")) cpu = atoi(value);
        else if (!strcmp(name, "--ring-size")) ring_size = (uint32_t)atoi(value);
        else if (!strcmp(name, "--frame-size")) frame_size = (uint32_t)atoi(value);
        else if (!strcmp(name, "--count")) count = strtoull(value, NULL, 10);
        else if (!strcmp(name, "--seconds")) seconds = strtoull(value, NULL, 10);
        else if (!strcmp(name, "--idle-ms")) idle_ms = strtoull(value, NULL, 10);
        else if (!strcmp(name, "--warmup-count")) warmup_count = strtoull(value, NULL, 10);
        else if (!strcmp(name, "--realtime")) realtime = atoi(value);
        else if (!strcmp(name, "--nice")) nice_value = atoi(value);
        else
        {
            printf("ERROR unknown option %s\n", name);
            return 2;
        }
    }
    char group_text[64] = { 0 };
    const char *colon = subscription ? strrchr(subscription, ':') : NULL;
    if (!interface_name || !colon || !object || (size_t)(colon - subscription) >= sizeof(group_text))
    {
        printf("ERROR usage: --interface IF --subscribe GROUP:PORT --object xdp_mcast.o [options]\n");
        return 2;
    }
    memcpy(group_text, subscription, (size_t)(colon - subscription));
    const int port = atoi(colon + 1);
    struct in_addr group;
    if (inet_pton(AF_INET, group_text, &group) != 1 || port <= 0 || port > 65535)
    {
        printf("ERROR bad subscription %s\n", subscription);
        return 2;
    }

    if (cpu >= 0)
    {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (sched_setaffinity(0, sizeof(set), &set))
        {
            printf("ERROR cannot pin to CPU %d: %s\n", cpu, strerror(errno));
            return 2;
        }
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    libxdp_set_print(NULL);
    libbpf_set_print(NULL);

    const int ifindex = (int)if_nametoindex(interface_name);
    if (!ifindex)
    {
        printf("ERROR no interface %s\n", interface_name);
        return 2;
    }
    remove_stale_program(ifindex);

    struct xdp_program *program = xdp_program__open_file(object, "xdp", NULL);
    if (libxdp_get_error(program))
    {
        fail("xdp_program__open_file", (int)libxdp_get_error(program));
    }
    enum xdp_attach_mode mode = !strcmp(attach, "skb") ? XDP_MODE_SKB : XDP_MODE_NATIVE;
    int error = xdp_program__attach(program, ifindex, mode, 0);
    if (error && !strcmp(attach, "auto"))
    {
        mode = XDP_MODE_SKB;
        error = xdp_program__attach(program, ifindex, mode, 0);
    }
    if (error)
    {
        fail("xdp_program__attach", error);
    }
    struct bpf_object *bpf_object = xdp_program__bpf_obj(program);
    const int xsks_map_fd = bpf_object__find_map_fd_by_name(bpf_object, "xsks_map");
    const int subscriptions_fd = bpf_object__find_map_fd_by_name(bpf_object, "subscriptions");
    struct subscription_key key = { .group = group.s_addr, .port = htons((uint16_t)port), .pad = 0 };
    const uint32_t one = 1;
    if (bpf_map_update_elem(subscriptions_fd, &key, &one, BPF_ANY))
    {
        fail("bpf_map_update_elem", -errno);
    }

    /* frames = RX ring size, fill ring twice that (see XskReceiver on the kernel's lazy fill consumer) */
    const uint32_t frames = ring_size;
    const size_t umem_size = (size_t)frames * frame_size;
    void *area = mmap(NULL, umem_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (area == MAP_FAILED)
    {
        fail("mmap", -errno);
    }
    struct xsk_ring_prod fill;
    struct xsk_ring_cons completion;
    struct xsk_ring_cons rx;
    struct xsk_umem *umem = NULL;
    struct xsk_socket *xsk = NULL;
    bool zero_copy = true;
    for (;;)
    {
        const struct xsk_umem_config umem_config = {
            .fill_size = 2 * frames, .comp_size = frames, .frame_size = frame_size, .frame_headroom = 0, .flags = 0 };
        error = xsk_umem__create(&umem, area, umem_size, &fill, &completion, &umem_config);
        if (error)
        {
            fail("xsk_umem__create", error);
        }
        const struct xsk_socket_config socket_config = {
            .rx_size = frames,
            .tx_size = 0,
            .libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
            .xdp_flags = 0,
            .bind_flags = XDP_USE_NEED_WAKEUP | (zero_copy ? XDP_ZEROCOPY : XDP_COPY),
        };
        error = xsk_socket__create(&xsk, interface_name, (uint32_t)queue, umem, &rx, NULL, &socket_config);
        if (!error)
        {
            break;
        }
        xsk_umem__delete(umem);
        if (!zero_copy)
        {
            fail("xsk_socket__create", error);
        }
        zero_copy = false;
    }
    error = xsk_socket__update_xskmap(xsk, xsks_map_fd);
    if (error)
    {
        fail("xsk_socket__update_xskmap", error);
    }
    const int xsk_fd = xsk_socket__fd(xsk);

    uint32_t index;
    if (xsk_ring_prod__reserve(&fill, frames, &index) != frames)
    {
        fail("fill ring reserve", -EINVAL);
    }
    for (uint32_t i = 0; i < frames; i++)
    {
        *xsk_ring_prod__fill_addr(&fill, index + i) = (uint64_t)i * frame_size;
    }
    xsk_ring_prod__submit(&fill, frames);

    /* membership on an ordinary socket, held while receiving */
    const int member_fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct ip_mreqn membership = { .imr_multiaddr = group, .imr_ifindex = ifindex };
    if (setsockopt(member_fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &membership, sizeof(membership)))
    {
        fail("IP_ADD_MEMBERSHIP", -errno);
    }

    if (nice_value && setpriority(PRIO_PROCESS, 0, nice_value))
    {
        printf("ERROR cannot set the receiver's nice value: %s\n", strerror(errno));
        return 2;
    }
    if (realtime > 0)
    {
        const struct sched_param param = { .sched_priority = realtime };
        if (sched_setscheduler(0, SCHED_FIFO, &param))
        {
            printf("ERROR cannot make the receiver real-time: %s\n", strerror(errno));
            return 2;
        }
    }

    printf("READY transport=c-xdp attach=%s bind=%s prog_id=%u pid=%d\n", mode == XDP_MODE_SKB ? "skb" : "native",
        zero_copy ? "zerocopy" : "copy", xdp_program__id(program), getpid());
    fflush(stdout);

    const uint64_t frame_mask = ~((uint64_t)frame_size - 1);
    const uint64_t start = now_ns();
    const uint64_t deadline = start + seconds * 1000000000ULL;
    const uint64_t idle_ns = idle_ms * 1000000ULL;
    struct sequence_count c = sequence_count_empty();
    uint64_t skipped = 0, last_work = start, warmup_received = 0, busy_ns = 0;
    uint8_t *const base = area;
    static volatile uint64_t touched; /* the empty polls' loads, kept so that the compiler keeps them */

    while (c.received < count && !stop_requested)
    {
        uint32_t rx_index;
        const uint64_t poll_start = now_ns();
        const uint32_t n = xsk_ring_cons__peek(&rx, BATCH, &rx_index);
        if (!n)
        {
            /* as the Java receiver (XskReceiver.touchNextDescriptor), so that the two compare like for like: an
             * empty poll loads the descriptor slot the kernel writes next and the two lines of the frame it names, so
             * that on the poll that finds a datagram their fetches start with the producer index's */
            const struct xdp_desc *next = xsk_ring_cons__rx_desc(&rx, rx.cached_cons);
            const uint64_t off = *(volatile const __u64 *)&next->addr;
            touched += *(volatile const uint64_t *)(base + (off < 8 ? 8 : off) - 8) +
                *(volatile const uint64_t *)(base + off + 12);
            if (xsk_ring_prod__needs_wakeup(&fill))
            {
                recvfrom(xsk_fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
            }
            const uint64_t now = now_ns();
            if (now > deadline || (c.received + warmup_received > 0 && now - last_work > idle_ns))
            {
                break;
            }
            continue;
        }

        last_work = poll_start;
        uint32_t fill_index;
        while (xsk_ring_prod__reserve(&fill, n, &fill_index) != n)
        {
            if (xsk_ring_prod__needs_wakeup(&fill))
            {
                recvfrom(xsk_fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
            }
        }
        for (uint32_t i = 0; i < n; i++)
        {
            const struct xdp_desc *desc = xsk_ring_cons__rx_desc(&rx, rx_index + i);
            uint8_t *frame = base + desc->addr;
            uint64_t receive_time;
            memcpy(&receive_time, frame - 8, sizeof(receive_time));
            if (!receive_time)
            {
                receive_time = now_ns();
            }
            else
            {
                memset(frame - 8, 0, 8);
            }
            *xsk_ring_prod__fill_addr(&fill, fill_index + i) = desc->addr & frame_mask;

            uint32_t payload_length;
            const uint8_t *payload = udp_frame_payload(frame, desc->len, &payload_length);
            if (!payload)
            {
                skipped++;
                continue;
            }
            uint64_t sequence;
            memcpy(&sequence, payload, sizeof(sequence));
            if (sequence < warmup_count)
            {
                warmup_received++;
                continue;
            }
            sequence_count_add(&c, sequence, receive_time, payload, payload_length);
        }
        xsk_ring_cons__release(&rx, n);
        xsk_ring_prod__submit(&fill, n);
        if (c.received > 0)
        {
            busy_ns += now_ns() - poll_start;
        }
    }

    struct xdp_statistics statistics = { 0 };
    socklen_t statistics_length = sizeof(statistics);
    getsockopt(xsk_fd, SOL_XDP, XDP_STATISTICS, &statistics, &statistics_length);
    const uint64_t elapsed = c.last_receive - c.first_receive;
    printf("RECEIVED transport=c-xdp received=%llu first=%lld last=%llu missing=%llu first_missing=%lld "
        "out_of_order=%llu short=0 warmup=%llu elapsed_ns=%llu pps=%llu delay_avg_ns=%llu delay_max_ns=%llu "
        "busy_ns_per_datagram=%.1f "
        "steady_alloc_bytes=0 received=%llu skipped=%llu dropped=%llu rx_ring_full=%llu fill_ring_empty=%llu "
        "invalid_descs=%llu\n",
        (unsigned long long)c.received, c.first == UINT64_MAX ? -1LL : (long long)c.first, (unsigned long long)c.last,
        (unsigned long long)c.missing, c.first_missing == UINT64_MAX ? -1LL : (long long)c.first_missing,
        (unsigned long long)c.out_of_order, (unsigned long long)warmup_received, (unsigned long long)elapsed,
        (unsigned long long)(elapsed > 0 ? (c.received - 1) * 1000000000ULL / elapsed : 0),
        (unsigned long long)(c.delay_count ? c.delay_sum / c.delay_count : 0), (unsigned long long)c.delay_max,
        c.received ? (double)busy_ns / (double)c.received : 0.0,
        (unsigned long long)c.received, (unsigned long long)skipped, (unsigned long long)statistics.rx_dropped,
        (unsigned long long)statistics.rx_ring_full, (unsigned long long)statistics.rx_fill_ring_empty_descs,
        (unsigned long long)statistics.rx_invalid_descs);
    fflush(stdout);

    close(member_fd);
    xsk_socket__delete(xsk);
    xsk_umem__delete(umem);
    xdp_program__detach(program, ifindex, mode, 0);
    xdp_program__close(program);
    munmap(area, umem_size);
    return 0;
}
