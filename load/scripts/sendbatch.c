// The sender's CPU time per 1200-byte datagram, sent one sendto at a time, in sendmmsg batches of
// 16, or as UDP GSO sends of 16 segments (UDP_SEGMENT), 16 datagrams a millisecond: is batching the
// SFU's sends worth a native transport? (docs/benchmarks.md, Session 6). Run by sendbatch.sh.
//   sendbatch SRC DST MODE COUNT [remote]   MODE 0 sendto, 1 sendmmsg, 2 GSO, 9 receive only
// Without "remote" a thread of the same process reads DST (any free port); with it the datagrams go
// to DST port 40000, where a "MODE 9" process (in another network namespace) reads them.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/udp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
static int rx; static volatile int stop;
static void *reader(void *a) { char b[65536]; while (!stop) recv(rx, b, sizeof b, 0); return 0; }
static double tcpu(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec / 1e9; }
int main(int argc, char **argv) {
    const char *src = argv[1], *dst = argv[2]; int mode = atoi(argv[3]); int n = atoi(argv[4]); int batch = 16;
    // mode 0: sendto; 1: sendmmsg(16); 2: GSO 16 segments per send
    struct sockaddr_in d = {.sin_family = AF_INET}; inet_pton(AF_INET, dst, &d.sin_addr);
    int remote = argc > 5; if (remote) d.sin_port = htons(40000);
    rx = socket(AF_INET, SOCK_DGRAM, 0); int big = 8 << 20; setsockopt(rx, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    if (mode == 9) { bind(rx, (void *)&d, sizeof d); reader(0); return 0; }     // receiver only (in the other namespace)
    if (!remote) { bind(rx, (void *)&d, sizeof d); socklen_t l = sizeof d; getsockname(rx, (void *)&d, &l); }
    int tx = socket(AF_INET, SOCK_DGRAM, 0); struct sockaddr_in s = {.sin_family = AF_INET}; inet_pton(AF_INET, src, &s.sin_addr); bind(tx, (void *)&s, sizeof s);
    pthread_t th; if (!remote) pthread_create(&th, 0, reader, 0);
    static char buf[16 * 1200]; memset(buf, 0x80, sizeof buf);
    struct mmsghdr m[16]; struct iovec v[16];
    for (int i = 0; i < batch; i++) { v[i].iov_base = buf + i * 1200; v[i].iov_len = 1200; memset(&m[i], 0, sizeof m[i]);
        m[i].msg_hdr.msg_iov = &v[i]; m[i].msg_hdr.msg_iovlen = 1; m[i].msg_hdr.msg_name = &d; m[i].msg_hdr.msg_namelen = sizeof d; }
    double c0 = tcpu(); struct timespec pace = {0, 1000000};
    for (int i = 0; i < n; i += batch) {
        if (mode == 0) for (int j = 0; j < batch; j++) sendto(tx, buf, 1200, 0, (void *)&d, sizeof d);
        else if (mode == 1) sendmmsg(tx, m, batch, 0);
        else { char cb[CMSG_SPACE(sizeof(unsigned short))]; struct iovec iv = {buf, sizeof buf};
            struct msghdr h = {.msg_name = &d, .msg_namelen = sizeof d, .msg_iov = &iv, .msg_iovlen = 1, .msg_control = cb, .msg_controllen = sizeof cb};
            struct cmsghdr *c = CMSG_FIRSTHDR(&h); c->cmsg_level = SOL_UDP; c->cmsg_type = UDP_SEGMENT; c->cmsg_len = CMSG_LEN(sizeof(unsigned short));
            *(unsigned short *)CMSG_DATA(c) = 1200; if (sendmsg(tx, &h, 0) < 0) { perror("gso"); return 1; } }
        nanosleep(&pace, 0);     // paced, so the reader keeps up and sleeps between bursts, as the tool does
    }
    double c1 = tcpu(); stop = 1;
    printf("%s -> %s mode %s: %.2f us sender CPU per datagram\n", src, dst, mode == 0 ? "sendto" : mode == 1 ? "sendmmsg16" : "gso16", (c1 - c0) * 1e6 / n);
    return 0;
}
