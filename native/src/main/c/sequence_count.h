// SPDX-License-Identifier: Apache-2.0
/*
 * The per-datagram accounting of the C receiver (xdp_receiver.c) and of its one-core model
 * (native/src/test/c/receive_loop.c): the sequence check (first, last, missing, out of order) and the one-way delay of
 * a payload carrying a u64 sequence number and, from 16 bytes on, the sender's u64 send time. The same work as the
 * Java receiver's SequenceReceiver.onDatagram. Kept in a local struct whose address does not escape, so that the
 * compiler keeps its fields in registers as it did the locals they were.
 */
#ifndef XDPFEED_SEQUENCE_COUNT_H
#define XDPFEED_SEQUENCE_COUNT_H

#include <stdint.h>
#include <string.h>

struct sequence_count
{
    uint64_t received, first, last, expected, missing, first_missing, out_of_order;
    uint64_t first_receive, last_receive, delay_sum, delay_count, delay_max;
};

/* Nothing received: first and first_missing UINT64_MAX until a datagram sets them. */
static inline struct sequence_count sequence_count_empty(void)
{
    return (struct sequence_count){ .first = UINT64_MAX, .first_missing = UINT64_MAX };
}

/* One datagram of sequence `sequence` received at `receive_time`, its payload `payload_length` bytes at `payload`. */
static inline void sequence_count_add(
    struct sequence_count *c, const uint64_t sequence, const uint64_t receive_time, const uint8_t *payload,
    const uint32_t payload_length)
{
    if (c->received++ == 0)
    {
        c->first = sequence;
        c->expected = sequence;
        c->first_receive = receive_time;
    }
    if (sequence == c->expected)
    {
        c->expected = sequence + 1;
    }
    else if (sequence > c->expected)
    {
        if (!c->missing)
        {
            c->first_missing = c->expected;
        }
        c->missing += sequence - c->expected;
        c->expected = sequence + 1;
    }
    else
    {
        c->out_of_order++;
    }
    if (sequence > c->last)
    {
        c->last = sequence;
    }
    c->last_receive = receive_time;
    if (payload_length >= 16)
    {
        uint64_t sent;
        memcpy(&sent, payload + 8, sizeof(sent));
        const uint64_t delay = receive_time - sent;
        c->delay_sum += delay;
        c->delay_count++;
        if (delay > c->delay_max)
        {
            c->delay_max = delay;
        }
    }
}

#endif
