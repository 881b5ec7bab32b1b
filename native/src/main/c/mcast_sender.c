// SPDX-License-Identifier: Apache-2.0
/*
 * xdpfeed-sender: paced multicast sender for bench-ingress and the integration tests.
 *
 * Sends datagrams whose payload starts with a little-endian u64 sequence number (from --start-seq) and the
 * CLOCK_MONOTONIC send time (u64 ns), padded to --payload bytes, at --rate datagrams per second (0: as fast as
 * possible) for --count datagrams or --seconds seconds, whichever ends first. Pacing: the datagrams due by now are
 * sent with one sendmmsg (at most --batch), then the sender spins until the next one is due, so bursts are at most one
 * batch. When descheduled for longer than four batches, the sender does not burst to catch up: it forgets the debt
 * (reported as behind_ns) and sends fewer datagrams in all. Prints one line at the end:
 *   SENT sent=<n> elapsed_ns=<ns> pps=<n> errors=<n> behind_ns=<ns>
 *
 * usage: xdpfeed-sender --group 224.0.31.1 --port 14310 [--source 10.77.0.1] [--rate 200000] [--count N]
 *                       [--seconds S] [--payload 64] [--batch 32] [--cpu 0] [--start-seq 0]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 256
#define MAX_PAYLOAD 1472

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void usage(void)
{
    fprintf(stderr, "usage: xdpfeed-sender --group G --port P [--source A] [--rate PPS] [--count N] [--seconds S]"
        " [--payload BYTES] [--batch N] [--cpu C] [--start-seq N]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *group = NULL;
    const char *source = "10.77.0.1";
    int port = 0;
    uint64_t rate = 0;
    uint64_t count = UINT64_MAX;
    double seconds = 0;
    int payload = 64;
    int batch = 32;
    int cpu = -1;
    uint64_t start_seq = 0;

    for (int i = 1; i < argc; i += 2)
    {
        if (i + 1 >= argc)
        {
            usage();
        }
        const char *name = argv[i];
        const char *value = argv[i + 1];
        if (!strcmp(name, "--group")) group = value;
        else if (!strcmp(name, "--port")) port = atoi(value);
        else if (!strcmp(name, "--source")) source = value;
        else if (!strcmp(name, "--rate")) rate = strtoull(value, NULL, 10);
        else if (!strcmp(name, "--count")) count = strtoull(value, NULL, 10);
        else if (!strcmp(name, "--seconds")) seconds = atof(value);
        else if (!strcmp(name, "--payload")) payload = atoi(value);
        else if (!strcmp(name, "--batch")) batch = atoi(value);
        else if (!strcmp(name, "--cpu")) cpu = atoi(value);
        else if (!strcmp(name, "--start-seq")) start_seq = strtoull(value, NULL, 10);
        else usage();
    }
    if (!group || port <= 0 || port > 65535 || payload < 16 || payload > MAX_PAYLOAD || batch < 1 ||
        batch > MAX_BATCH || (count == UINT64_MAX && seconds <= 0))
    {
        usage();
    }

    if (cpu >= 0)
    {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (sched_setaffinity(0, sizeof(set), &set))
        {
            fprintf(stderr, "error: cannot pin to CPU %d: %s\n", cpu, strerror(errno));
            return 1;
        }
    }

    const int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
    {
        perror("socket");
        return 1;
    }
    struct in_addr interface_address;
    if (inet_pton(AF_INET, source, &interface_address) != 1)
    {
        fprintf(stderr, "error: bad --source %s\n", source);
        return 1;
    }
    const unsigned char ttl = 1;
    const unsigned char loop = 0;
    const int sndbuf = 4 * 1024 * 1024;
    if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &interface_address, sizeof(interface_address)) ||
        setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)) ||
        setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof(loop)))
    {
        fprintf(stderr, "error: multicast options on %s: %s\n", source, strerror(errno));
        return 1;
    }
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));

    struct sockaddr_in destination = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    if (inet_pton(AF_INET, group, &destination.sin_addr) != 1)
    {
        fprintf(stderr, "error: bad --group %s\n", group);
        return 1;
    }

    static unsigned char payloads[MAX_BATCH][MAX_PAYLOAD];
    struct iovec iov[MAX_BATCH];
    struct mmsghdr messages[MAX_BATCH];
    memset(messages, 0, sizeof(messages));
    for (int i = 0; i < MAX_BATCH; i++)
    {
        iov[i].iov_base = payloads[i];
        iov[i].iov_len = (size_t)payload;
        messages[i].msg_hdr.msg_name = &destination;
        messages[i].msg_hdr.msg_namelen = sizeof(destination);
        messages[i].msg_hdr.msg_iov = &iov[i];
        messages[i].msg_hdr.msg_iovlen = 1;
    }

    const uint64_t start = now_ns();
    const uint64_t end = seconds > 0 ? start + (uint64_t)(seconds * 1e9) : UINT64_MAX;
    uint64_t sent = 0;
    uint64_t errors = 0;
    uint64_t skipped_ns = 0;
    uint64_t now = start;
    while (sent < count && now < end)
    {
        uint64_t due = rate > 0 ?
            (uint64_t)((double)(now - start - skipped_ns) * (double)rate / 1e9) + 1 : sent + (uint64_t)batch;
        if (due > count)
        {
            due = count;
        }
        if (due <= sent)
        {
            now = now_ns();
            continue;
        }
        if (rate > 0 && due - sent > 4 * (uint64_t)batch)
        {
            /* descheduled: forget the debt rather than burst to catch up, so the offered load stays paced */
            skipped_ns += (uint64_t)((double)(due - sent - (uint64_t)batch) * 1e9 / (double)rate);
            due = sent + (uint64_t)batch;
        }
        uint64_t n = due - sent;
        if (n > (uint64_t)batch)
        {
            n = (uint64_t)batch;
        }
        for (uint64_t i = 0; i < n; i++)
        {
            const uint64_t sequence = start_seq + sent + i;
            memcpy(payloads[i], &sequence, sizeof(sequence));
            memcpy(payloads[i] + 8, &now, sizeof(now));
        }
        const int result = sendmmsg(fd, messages, (unsigned int)n, 0);
        if (result < 0)
        {
            errors++;
            if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR)
            {
                fprintf(stderr, "error: sendmmsg: %s\n", strerror(errno));
                return 1;
            }
        }
        else
        {
            sent += (uint64_t)result;
        }
        now = now_ns();
    }

    const uint64_t elapsed = now_ns() - start;
    printf("SENT sent=%llu elapsed_ns=%llu pps=%llu errors=%llu behind_ns=%llu\n", (unsigned long long)sent,
        (unsigned long long)elapsed, (unsigned long long)(elapsed > 0 ? sent * 1000000000ULL / elapsed : 0),
        (unsigned long long)errors, (unsigned long long)skipped_ns);
    close(fd);
    return 0;
}
