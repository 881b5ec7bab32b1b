// SPDX-License-Identifier: Apache-2.0
/*
 * xdpfeed-sender: paced multicast sender for bench-ingress and the integration tests.
 *
 * Sends datagrams whose payload starts with a little-endian u64 sequence number (from --start-seq) and the
 * CLOCK_MONOTONIC send time (u64 ns), padded to --payload bytes, at --rate datagrams per second (0: as fast as
 * possible) for --count datagrams or --seconds seconds, whichever ends first. Pacing: --batch datagrams go in one
 * sendmmsg when the last of them is due; the sender sleeps until shortly before that (leaving its CPU to the kernel's
 * softirq work and to other threads) and spins the last 50 us. Late, it catches up in back-to-back batches, but when
 * more than 20 ms behind it forgets the debt (reported as behind_ns) and sends fewer datagrams in all. Prints one
 * line at the end:
 *   SENT sent=<n> elapsed_ns=<ns> pps=<n> errors=<n> behind_ns=<ns>
 *
 * With --xdp-tx IFNAME the datagrams are written as whole Ethernet/IPv4/UDP frames into an AF_XDP socket's TX ring
 * on that interface (copy mode, queue 0) instead of going through a UDP socket: the kernel's UDP/IP transmit path is
 * skipped, so one CPU offers several times the rate, which lets the benchmark load a receiver beyond what a socket
 * sender reaches. Needs root.
 *
 * With --mdp3 1 the payload is an MDP 3.0 packet instead: u32 MsgSeqNum (the sequence, from --start-seq), u64
 * SendingTime (the CLOCK_MONOTONIC send time), then one message whose MsgSize runs to the end of the payload (at
 * least 22 bytes), so that the XDP program's arbitration accepts its framing. With --copy-group G --copy-port P each
 * datagram is also sent, right after, to that second (group, port): the A and B lines of one channel, as the exchange
 * sends them; --rate and the counts are of sequenced datagrams, not copies.
 *
 * usage: xdpfeed-sender --group 224.0.31.1 --port 14310 [--source 10.77.0.1] [--rate 200000] [--count N]
 *                       [--seconds S] [--payload 64] [--batch 32] [--cpu 0] [--start-seq 0] [--xdp-tx IFNAME]
 *                       [--mdp3 0|1] [--copy-group G --copy-port P]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/prctl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_xdp.h>
#include <net/if.h>
#include <xdp/xsk.h>

#define MAX_BATCH 256
#define MAX_PAYLOAD 1472
/* catch up by bursting at most this far behind schedule (20 ms: 20,000 datagrams at 1M/s, within a receiver's ring) */
#define MAX_DEBT_NS 20000000ULL

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void usage(void)
{
    fprintf(stderr, "usage: xdpfeed-sender --group G --port P [--source A] [--rate PPS] [--count N] [--seconds S]"
        " [--payload BYTES] [--batch N] [--cpu C] [--start-seq N] [--xdp-tx IFNAME] [--mdp3 0|1]"
        " [--copy-group G --copy-port P]\n");
    exit(2);
}

/* ---- AF_XDP transmit: frames built once, sequence and time patched per datagram ---------------------------- */

#define TX_FRAMES 4096
#define TX_FRAME_SIZE 2048
#define FRAME_HEADERS (14 + 20 + 8)

struct xdp_tx
{
    struct xsk_umem *umem;
    struct xsk_socket *xsk;
    struct xsk_ring_prod tx;
    struct xsk_ring_prod fill;
    struct xsk_ring_cons completion;
    uint8_t *area;
    uint32_t free_frames;
    uint32_t next_frame;
    uint32_t frame_length;
    uint32_t copies;
    int mdp3;
    int fd;
};

/* The sequence and send time at the head of a payload: u64 + u64, or MDP 3.0's u32 MsgSeqNum + u64 SendingTime. */
static void stamp(uint8_t *payload, int mdp3, uint64_t sequence, uint64_t time_ns)
{
    if (mdp3)
    {
        const uint32_t msg_seq_num = (uint32_t)sequence;
        memcpy(payload, &msg_seq_num, sizeof(msg_seq_num));
        memcpy(payload + 4, &time_ns, sizeof(time_ns));
    }
    else
    {
        memcpy(payload, &sequence, sizeof(sequence));
        memcpy(payload + 8, &time_ns, sizeof(time_ns));
    }
}

/* The MDP 3.0 framing after the packet header: one message of MsgSize = payload - 12, a made-up template 0. */
static void frame_mdp3(uint8_t *payload, int length)
{
    const uint16_t msg_size = (uint16_t)(length - 12);
    const uint16_t block_length = (uint16_t)(msg_size - 10);
    memcpy(payload + 12, &msg_size, sizeof(msg_size));
    memcpy(payload + 14, &block_length, sizeof(block_length));
}

static uint16_t ip_checksum(const uint8_t *header)
{
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
    {
        sum += (uint32_t)((header[i] << 8) | header[i + 1]);
    }
    while (sum >> 16)
    {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return (uint16_t)~sum;
}

static void xdp_tx_open(struct xdp_tx *t, const char *interface_name, struct in_addr source, struct in_addr groups[2],
    int ports[2], uint32_t copies, int mdp3, int payload)
{
    const size_t size = (size_t)TX_FRAMES * TX_FRAME_SIZE;
    t->area = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (t->area == MAP_FAILED)
    {
        perror("mmap");
        exit(1);
    }
    const struct xsk_umem_config umem_config = {
        .fill_size = TX_FRAMES, .comp_size = TX_FRAMES, .frame_size = TX_FRAME_SIZE, .frame_headroom = 0 };
    int error = xsk_umem__create(&t->umem, t->area, size, &t->fill, &t->completion, &umem_config);
    if (error)
    {
        fprintf(stderr, "error: xsk_umem__create: %s\n", strerror(-error));
        exit(1);
    }
    const struct xsk_socket_config socket_config = {
        .rx_size = 0, .tx_size = TX_FRAMES, .libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
        .bind_flags = XDP_COPY | XDP_USE_NEED_WAKEUP };
    /* the kernel releases a closed socket's queue binding asynchronously: a sender run just before may hold it */
    for (int attempt = 0; attempt < 40; attempt++)
    {
        error = xsk_socket__create(&t->xsk, interface_name, 0, t->umem, NULL, &t->tx, &socket_config);
        if (error != -EBUSY)
        {
            break;
        }
        usleep(50000);
    }
    if (error)
    {
        fprintf(stderr, "error: AF_XDP socket on %s: %s (run as root)\n", interface_name, strerror(-error));
        exit(1);
    }
    t->fd = xsk_socket__fd(t->xsk);
    t->free_frames = TX_FRAMES;
    t->next_frame = 0;
    t->frame_length = (uint32_t)(FRAME_HEADERS + payload);
    t->copies = copies;
    t->mdp3 = mdp3;

    for (uint32_t i = 0; i < TX_FRAMES; i++)
    {
        /* with copies, even frames go to the first line and odd ones to the second: sent in pairs, in step */
        const struct in_addr group = groups[i % copies];
        const int port = ports[i % copies];
        const uint32_t group_host = ntohl(group.s_addr);
        uint8_t *f = t->area + (size_t)i * TX_FRAME_SIZE;
        memset(f, 0, t->frame_length);
        const uint8_t mac[12] = { 0x01, 0x00, 0x5e, (uint8_t)((group_host >> 16) & 0x7F), (uint8_t)(group_host >> 8),
            (uint8_t)group_host, 0x02, 0x00, 0x00, 0x77, 0x00, 0x01 };
        memcpy(f, mac, sizeof(mac));
        f[12] = 0x08;
        f[13] = 0x00;
        uint8_t *ip = f + 14;
        const uint16_t total = (uint16_t)(20 + 8 + payload);
        ip[0] = 0x45;
        ip[2] = (uint8_t)(total >> 8);
        ip[3] = (uint8_t)total;
        ip[6] = 0x40;
        ip[8] = 1;
        ip[9] = 17;
        memcpy(ip + 12, &source.s_addr, 4);
        memcpy(ip + 16, &group.s_addr, 4);
        const uint16_t checksum = ip_checksum(ip);
        ip[10] = (uint8_t)(checksum >> 8);
        ip[11] = (uint8_t)checksum;
        uint8_t *udp = ip + 20;
        const uint16_t udp_length = (uint16_t)(8 + payload);
        udp[0] = 0x9c;
        udp[1] = 0x40;
        udp[2] = (uint8_t)(port >> 8);
        udp[3] = (uint8_t)port;
        udp[4] = (uint8_t)(udp_length >> 8);
        udp[5] = (uint8_t)udp_length;
        if (mdp3)
        {
            frame_mdp3(udp + 8, payload);
        }
    }
}

/* Send n datagrams through the TX ring; returns how many went (0 when no frame or ring space is free yet). */
static uint32_t xdp_tx_send(struct xdp_tx *t, uint64_t first_sequence, uint32_t n, uint64_t time_ns)
{
    uint32_t index;
    const uint32_t completed = xsk_ring_cons__peek(&t->completion, TX_FRAMES, &index);
    if (completed)
    {
        xsk_ring_cons__release(&t->completion, completed);
        t->free_frames += completed;
    }
    if (n * t->copies > t->free_frames)
    {
        n = t->free_frames / t->copies;
    }
    const uint32_t frames = n * t->copies;
    if (!n || xsk_ring_prod__reserve(&t->tx, frames, &index) != frames)
    {
        sendto(t->fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
        return 0;
    }
    for (uint32_t i = 0; i < frames; i++)
    {
        const uint64_t address = (uint64_t)t->next_frame * TX_FRAME_SIZE;
        t->next_frame = (t->next_frame + 1) % TX_FRAMES;
        uint8_t *payload = t->area + address + FRAME_HEADERS;
        stamp(payload, t->mdp3, first_sequence + i / t->copies, time_ns);
        struct xdp_desc *desc = xsk_ring_prod__tx_desc(&t->tx, index + i);
        desc->addr = address;
        desc->len = t->frame_length;
        desc->options = 0;
    }
    xsk_ring_prod__submit(&t->tx, frames);
    t->free_frames -= frames;
    sendto(t->fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
    return n;
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
    const char *xdp_tx_interface = NULL;
    int mdp3 = 0;
    const char *copy_group = NULL;
    int copy_port = 0;

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
        else if (!strcmp(name, "--xdp-tx")) xdp_tx_interface = value;
        else if (!strcmp(name, "--mdp3")) mdp3 = atoi(value);
        else if (!strcmp(name, "--copy-group")) copy_group = value;
        else if (!strcmp(name, "--copy-port")) copy_port = atoi(value);
        else usage();
    }
    const uint32_t copies = copy_group ? 2 : 1;
    if (!group || port <= 0 || port > 65535 || payload < (mdp3 ? 22 : 16) || payload > MAX_PAYLOAD || batch < 1 ||
        batch * (int)copies > MAX_BATCH || (count == UINT64_MAX && seconds <= 0) ||
        (copy_group && (copy_port <= 0 || copy_port > 65535)))
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

    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
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

    struct sockaddr_in destinations[2] = { destination, destination };
    if (copy_group)
    {
        destinations[1].sin_port = htons((uint16_t)copy_port);
        if (inet_pton(AF_INET, copy_group, &destinations[1].sin_addr) != 1)
        {
            fprintf(stderr, "error: bad --copy-group %s\n", copy_group);
            return 1;
        }
    }

    static struct xdp_tx xdp_tx;
    if (xdp_tx_interface)
    {
        struct in_addr groups[2] = { destinations[0].sin_addr, destinations[1].sin_addr };
        int ports[2] = { port, copy_port };
        xdp_tx_open(&xdp_tx, xdp_tx_interface, interface_address, groups, ports, copies, mdp3, payload);
    }

    static unsigned char payloads[MAX_BATCH][MAX_PAYLOAD];
    struct iovec iov[MAX_BATCH];
    struct mmsghdr messages[MAX_BATCH];
    memset(messages, 0, sizeof(messages));
    for (int i = 0; i < MAX_BATCH; i++)
    {
        iov[i].iov_base = payloads[i];
        iov[i].iov_len = (size_t)payload;
        if (mdp3)
        {
            frame_mdp3(payloads[i], payload);
        }
        messages[i].msg_hdr.msg_name = &destinations[i % copies];
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
        uint64_t n = count - sent < (uint64_t)batch ? count - sent : (uint64_t)batch;
        if (rate > 0)
        {
            /* the batch goes when its last datagram is due; sleep while that is far, spin the last stretch */
            const uint64_t due_ns = start + skipped_ns + (uint64_t)((double)(sent + n) * 1e9 / (double)rate);
            if (now + 60000 < due_ns)
            {
                const uint64_t sleep_ns = due_ns - now - 50000;
                const struct timespec pause = { .tv_sec = (time_t)(sleep_ns / 1000000000ULL),
                    .tv_nsec = (long)(sleep_ns % 1000000000ULL) };
                nanosleep(&pause, NULL);
            }
            while ((now = now_ns()) < due_ns)
            {
            }
            if (now >= end)
            {
                break;
            }
            if (now - due_ns > MAX_DEBT_NS)
            {
                /* descheduled for long: forget the debt rather than burst it all, the offered load stays paced */
                skipped_ns += now - due_ns;
            }
        }
        if (xdp_tx_interface)
        {
            sent += xdp_tx_send(&xdp_tx, start_seq + sent, (uint32_t)n, now);
            now = now_ns();
            continue;
        }
        for (uint64_t i = 0; i < n * copies; i++)
        {
            stamp(payloads[i], mdp3, start_seq + sent + i / copies, now);
        }
        const int result = sendmmsg(fd, messages, (unsigned int)(n * copies), 0);
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
            /* a partial send may end between a datagram's two copies: counted as sent, the next starts after it */
            sent += ((uint64_t)result + copies - 1) / copies;
        }
        now = now_ns();
    }

    const uint64_t elapsed = now_ns() - start;
    printf("SENT sent=%llu elapsed_ns=%llu pps=%llu errors=%llu behind_ns=%llu\n", (unsigned long long)sent,
        (unsigned long long)elapsed, (unsigned long long)(elapsed > 0 ? sent * 1000000000ULL / elapsed : 0),
        (unsigned long long)errors, (unsigned long long)skipped_ns);
    if (xdp_tx_interface)
    {
        /* let the kernel finish what is on the TX ring before the socket goes */
        const uint64_t drain_until = now_ns() + 1000000000ULL;
        while (xdp_tx.free_frames < TX_FRAMES && now_ns() < drain_until)
        {
            xdp_tx_send(&xdp_tx, 0, 0, 0);
        }
        xsk_socket__delete(xdp_tx.xsk);
        xsk_umem__delete(xdp_tx.umem);
    }
    close(fd);
    return 0;
}
