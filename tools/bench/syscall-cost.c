/*
 * What a system call costs this machine on the fan-out's send path: CPU time per datagram
 * (1200 bytes, to N loopback sockets nobody reads) sent one per sendto, or BATCH per sendmmsg.
 * The difference is the per-call part that the server's Outbox saves (docs/benchmarks.md,
 * Session 16); the rest (the stack's work per datagram, the drop at the full receiver) stays.
 *
 *   gcc -O2 -o /tmp/syscall-cost tools/bench/syscall-cost.c
 *   taskset -c 0 /tmp/syscall-cost 100 1 400000     # receivers, batch (1: sendto), datagrams
 *   taskset -c 0 /tmp/syscall-cost 100 64 400000
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

static double cpu_seconds(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s RECEIVERS BATCH DATAGRAMS\n", argv[0]);
        return 2;
    }
    int receivers = atoi(argv[1]), batch = atoi(argv[2]), total = atoi(argv[3]), size = 1200;
    if (receivers < 1 || batch < 1 || batch > 1024 || total < batch) {
        fprintf(stderr, "receivers >= 1, 1 <= batch <= 1024, datagrams >= batch\n");
        return 2;
    }
    int out = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in *to = calloc(receivers, sizeof *to);
    for (int i = 0; i < receivers; i++) {
        /* a small receive buffer, never read: each datagram is delivered, then dropped */
        int in = socket(AF_INET, SOCK_DGRAM, 0), small = 4096;
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        socklen_t len = sizeof a;
        setsockopt(in, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        bind(in, (struct sockaddr *) &a, sizeof a);
        getsockname(in, (struct sockaddr *) &a, &len);
        to[i] = a;
    }
    char *payload = malloc(size);
    memset(payload, 1, size);
    struct mmsghdr *messages = calloc(batch, sizeof *messages);
    struct iovec *vectors = calloc(batch, sizeof *vectors);
    double start = cpu_seconds();
    for (int sent = 0, next = 0; sent < total; sent += batch) {
        if (batch == 1) {
            sendto(out, payload, size, 0, (struct sockaddr *) &to[next++ % receivers], sizeof to[0]);
            continue;
        }
        for (int i = 0; i < batch; i++) {
            vectors[i] = (struct iovec) {.iov_base = payload, .iov_len = size};
            messages[i].msg_hdr = (struct msghdr) {.msg_name = &to[next++ % receivers],
                    .msg_namelen = sizeof to[0], .msg_iov = &vectors[i], .msg_iovlen = 1};
        }
        sendmmsg(out, messages, batch, 0);
    }
    printf("%d receivers, %d per call: %.3f us of CPU per datagram\n", receivers, batch,
           (cpu_seconds() - start) * 1e6 / total);
    return 0;
}
