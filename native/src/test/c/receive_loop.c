// SPDX-License-Identifier: Apache-2.0
/*
 * The C receiver's loop (xdp_receiver.c) on one core with no kernel, the counterpart of ReceiveLoopBenchmark: this
 * thread plays the kernel's part on rings and a UMEM in plain memory (takes frames from the fill ring, writes the
 * stamp and the sequence into a prepared Ethernet/IPv4/UDP frame, produces the descriptor), then runs one poll of the
 * receiver's loop body with libxdp's ring helpers. Everything stays in this core's caches: the figure is the
 * instructions of the loop, the kernel's few stores included (about the same in both languages; the "produce" mode
 * measures them alone). Thread CPU time per packet (the machine may be shared).
 *
 *   gcc -O2 -o receive_loop native/src/test/c/receive_loop.c
 *   taskset -c 1 ./receive_loop [batch 1] [packets 20000000] [rounds 7] [clock 1] [seq|count|produce]
 * prints LOOP lang=c batch=.. clock=.. ns_per_packet=<best round> median=..; clock 1 brackets each poll with two
 * clock reads as the benchmark's busy window does; seq (default) is the receiver's per-datagram work, count only
 * counts datagrams, produce runs the kernel's part alone.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xdp/xsk.h>
#include "../../main/c/udp_frame.h"
#include "../../main/c/sequence_count.h"

#define FRAMES 256
#define FRAME_SIZE 2048
#define HEADROOM 256
#define PAYLOAD 64
#define FRAME_LENGTH (14 + 20 + 8 + PAYLOAD)
#define PAYLOAD_OFFSET (14 + 20 + 8)
#define BATCH 64

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint32_t words[2][48] __attribute__((aligned(64)));
static uint64_t rx_entries[FRAMES * 2] __attribute__((aligned(64)));
static uint64_t fill_entries[FRAMES * 2] __attribute__((aligned(64)));
static uint8_t area[FRAMES * FRAME_SIZE] __attribute__((aligned(4096)));

static uint64_t cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int compare(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const uint32_t batch = argc > 1 ? (uint32_t)atoi(argv[1]) : 1;
    const uint64_t packets = argc > 2 ? strtoull(argv[2], NULL, 10) : 20000000ULL;
    const int rounds = argc > 3 ? atoi(argv[3]) : 7;
    const int clock = argc > 4 ? atoi(argv[4]) : 1;
    const int count_only = argc > 5 && !strcmp(argv[5], "count");
    const int produce_only = argc > 5 && !strcmp(argv[5], "produce");

    /* producer, consumer and flags words on lines of their own, as the kernel maps them */
    struct xsk_ring_cons rx = { .mask = FRAMES - 1, .size = FRAMES, .producer = &words[0][0],
        .consumer = &words[0][16], .flags = &words[0][32], .ring = rx_entries };
    struct xsk_ring_prod fill = { .mask = 2 * FRAMES - 1, .size = 2 * FRAMES, .producer = &words[1][0],
        .consumer = &words[1][16], .flags = &words[1][32], .ring = fill_entries, .cached_cons = 2 * FRAMES };

    static const uint8_t header[] = {
        0x01, 0x00, 0x5e, 0x00, 0x1f, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
        0x45, 0x00, 0x00, 20 + 8 + PAYLOAD, 0x00, 0x00, 0x40, 0x00, 0x01, 0x11, 0x00, 0x00,
        10, 77, 0, 1, 224, 0, 31, 1,
        0x37, 0xe6, 0x37, 0xe6, 0x00, 8 + PAYLOAD, 0x00, 0x00 };
    for (int i = 0; i < FRAMES; i++)
    {
        memcpy(area + (size_t)i * FRAME_SIZE + HEADROOM, header, sizeof(header));
    }
    uint32_t index;
    xsk_ring_prod__reserve(&fill, FRAMES, &index);
    for (uint32_t i = 0; i < FRAMES; i++)
    {
        *xsk_ring_prod__fill_addr(&fill, index + i) = (uint64_t)i * FRAME_SIZE;
    }
    xsk_ring_prod__submit(&fill, FRAMES);

    const uint64_t frame_mask = ~((uint64_t)FRAME_SIZE - 1);
    uint8_t *const base = area;
    struct sequence_count c = sequence_count_empty();
    uint64_t skipped = 0, busy_ns = 0;
    uint64_t sequence = 0;
    uint32_t rx_producer = 0, fill_consumer = 0;
    double results[64];
    for (int round = 0; round < rounds && round < 64; round++)
    {
        const uint64_t start = now_ns();
        const uint64_t cpu_start = cpu_ns();
        for (uint64_t sent = 0; sent < packets; sent += batch)
        {
            for (uint32_t i = 0; i < batch; i++)
            {
                const uint64_t frame = fill_entries[fill_consumer++ & (2 * FRAMES - 1)];
                uint8_t *data = area + frame + HEADROOM;
                const uint64_t stamp = start + sequence;
                memcpy(data - 8, &stamp, 8);
                memcpy(data + PAYLOAD_OFFSET, &sequence, 8);
                memcpy(data + PAYLOAD_OFFSET + 8, &start, 8);
                sequence++;
                struct xdp_desc *desc = (struct xdp_desc *)xsk_ring_cons__rx_desc(&rx, rx_producer++);
                desc->addr = frame + HEADROOM;
                desc->len = FRAME_LENGTH;
            }
            __atomic_store_n(fill.consumer, fill_consumer, __ATOMIC_RELEASE);
            __atomic_store_n(rx.producer, rx_producer, __ATOMIC_RELEASE);

            if (produce_only)
            {
                continue;
            }
            /* one poll of xdp_receiver.c's loop, as written there */
            uint32_t rx_index;
            const uint64_t poll_start = clock ? now_ns() : 0;
            const uint32_t n = xsk_ring_cons__peek(&rx, BATCH, &rx_index);
            if (!n)
            {
                continue;
            }
            uint32_t fill_index;
            while (xsk_ring_prod__reserve(&fill, n, &fill_index) != n)
            {
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
                if (count_only)
                {
                    c.received++;
                    continue;
                }
                uint64_t seq;
                memcpy(&seq, payload, sizeof(seq));
                sequence_count_add(&c, seq, receive_time, payload, payload_length);
            }
            xsk_ring_cons__release(&rx, n);
            xsk_ring_prod__submit(&fill, n);
            if (clock)
            {
                busy_ns += now_ns() - poll_start;
            }
        }
        results[round] = (double)(cpu_ns() - cpu_start) / (double)packets;
        printf("round %d: %.2f ns/packet\n", round, results[round]);
    }
    qsort(results, (size_t)rounds, sizeof(double), compare);
    printf("LOOP lang=c batch=%u clock=%d ns_per_packet=%.2f median=%.2f received=%llu missing=%llu busy=%llu "
        "(first %llu last %llu %llu %llu %llu %llu %llu %llu)\n", batch, clock, results[0], results[rounds / 2],
        (unsigned long long)c.received, (unsigned long long)c.missing, (unsigned long long)busy_ns,
        (unsigned long long)c.first, (unsigned long long)c.last, (unsigned long long)c.out_of_order,
        (unsigned long long)skipped, (unsigned long long)c.delay_sum, (unsigned long long)c.delay_count,
        (unsigned long long)c.delay_max, (unsigned long long)(c.last_receive - c.first_receive));
    return 0;
}
