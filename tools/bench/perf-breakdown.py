#!/usr/bin/env python3
"""Tables from a tools/bench/fanout-profile.sh directory (docs/benchmarks.md, Session 13).

  perf-breakdown.py threads DIR   CPU per thread group over the window: % of a core, user and
                                  system, and microseconds per forwarded packet
  perf-breakdown.py methods DIR   (mode perf) each thread group's samples by kind of work, from
                                  the call stacks (first rule that matches, leaf frame first)
  perf-breakdown.py stat DIR      (mode stat) context switches, system calls, wake-ups per second
"""
import collections
import json
import os
import re
import sys


def group(comm):
    """media-worker-3 and media-worker-7 are one group."""
    return re.sub(r'[-@]?\d+$', '-N', comm)


def packets_per_second(d):
    return json.load(open(os.path.join(d, 'fanout.json')))['forwarded']['packetsPerSecond']


def window(d):
    start, end = map(float, open(os.path.join(d, 'window')).read().split())
    return end - start


def threads(d):
    def snap(name):
        rows = {}
        for line in open(os.path.join(d, name)):
            tid, utime, stime, comm = line.split(None, 3)
            rows[tid] = (comm.strip(), int(utime), int(stime))
        return rows
    before, after = snap('threads.0'), snap('threads.1')
    seconds, pps, hz = window(d), packets_per_second(d), os.sysconf('SC_CLK_TCK')
    groups = collections.defaultdict(lambda: [0, 0, 0])
    for tid, (comm, u, s) in after.items():
        u0, s0 = before[tid][1:] if tid in before else (0, 0)
        g = groups[group(comm)]
        g[0] += u - u0
        g[1] += s - s0
        g[2] += 1
    print(f'window {seconds:.1f} s, {pps:.0f} forwarded packets/s')
    print(f'| thread | threads | user % of a core | system % | µs per forwarded packet |')
    print('|---|---:|---:|---:|---:|')
    total = [0, 0]
    for name, (u, s, n) in sorted(groups.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
        total[0] += u
        total[1] += s
        if u + s > 0:
            print(f'| {name} | {n} | {100 * u / hz / seconds:.2f} | {100 * s / hz / seconds:.2f} '
                  f'| {1e6 * (u + s) / hz / seconds / pps:.2f} |')
    u, s = total
    print(f'| all | | {100 * u / hz / seconds:.2f} | {100 * s / hz / seconds:.2f} '
          f'| {1e6 * (u + s) / hz / seconds / pps:.2f} |')


def sends(frames):
    return any('sendto' in f or 'sendmsg' in f for f in frames)


def kernel(frame):
    return frame.endswith('([kernel.kallsyms])')


# (kind of work, test on the frames, leaf first); the first that matches names the sample
RULES = [
    ('send: the receiving socket\'s wake-up (sock_def_readable, epoll callback)',
     lambda f: sends(f) and any('sock_def_readable' in x for x in f)),
    ('send: loopback delivery into the receiving socket (IP/UDP receive)',
     lambda f: sends(f) and any('net_rx_action' in x for x in f)),
    ('send: GSO segmentation', lambda f: any('gso_segment' in x or 'skb_segment' in x for x in f)),
    ('send: UDP/IP transmit, system call', lambda f: sends(f) and kernel(f[0])),
    ('send: libc, JNI and JDK wrappers', lambda f: any(x in y for y in f[:3]
                                                       for x in ('sendto', 'send0', 'sendTo', 'DatagramSocketAdaptor.send',
                                                                 'DatagramChannelImpl.send'))),
    ('kernel: futex, scheduling, epoll (hand-offs, timers)',
     lambda f: any(x in y for y in f for x in ('futex', '__schedule', 'epoll'))),
    ('kernel: receive (recvfrom, recvmsg)', lambda f: any('recvfrom' in y or 'recvmsg' in y for y in f)),
    ('kernel: other', lambda f: kernel(f[0])),
    ('SRTP: jitsi-srtp and the JDK\'s AES-GCM (intrinsics included)',
     lambda f: any(x in f[0] for x in ('srtp', 'GaloisCounterMode', 'GHASH', 'StubRoutines (2)', 'AESCrypt'))),
    ('DownTrack.forward (copy, rewrite, counters; inlined callees)', lambda f: 'DownTrack.forward' in f[0]),
    ('SendBatch (gathering, flush)', lambda f: 'SendBatch' in f[0]),
    ('park, unpark, executors (Java side of hand-offs)',
     lambda f: any(x in f[0] for x in ('LockSupport', 'ThreadPoolExecutor', 'SynchronousQueue', 'DelayedWorkQueue',
                                       'Unsafe.park', 'Unsafe.unpark', 'AbstractQueuedSynchronizer', 'pthread'))),
    ('other Java, JVM and libc', lambda f: True),
]


def samples(d):
    comm, frames = None, []
    for line in open(os.path.join(d, 'perf-script.txt')):
        if not line.strip():
            if comm is not None:
                yield comm, frames
            comm, frames = None, []
        elif not line[0].isspace():
            comm = re.match(r'^(.*?)\s+\d+\s*$', line).group(1)
        else:
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                frames.append(parts[1])
    if comm is not None:
        yield comm, frames


def methods(d):
    kinds = collections.defaultdict(collections.Counter)
    totals = collections.Counter()
    for comm, frames in samples(d):
        g = group(comm)
        totals[g] += 1
        for name, test in RULES:
            if frames and test(frames):
                kinds[g][name] += 1
                break
    everything = sum(totals.values())
    for g, n in totals.most_common(8):
        print(f'{g}: {n} samples, {100 * n / everything:.1f} % of the process')
        for name, k in kinds[g].most_common():
            print(f'  {100 * k / n:5.1f} %  {name}')


def stat(d):
    seconds = 30.0
    rows = collections.defaultdict(collections.Counter)
    for line in open(os.path.join(d, 'perf-stat.txt')):
        m = re.match(r'\s*(\S.*?)-(\d+)\s+([\d,.]+)\s+(?:msec\s+)?(\S+)', line)
        if m:
            rows[group(m.group(1))][m.group(4)] += float(m.group(3).replace(',', ''))
    print('| thread | CPU ms in 30 s | context switches/s | system calls/s | wake-ups made/s |')
    print('|---|---:|---:|---:|---:|')
    for g, c in sorted(rows.items(), key=lambda kv: -kv[1]['task-clock'])[:12]:
        print(f'| {g} | {c["task-clock"]:.0f} | {c["context-switches"] / seconds:.0f} '
              f'| {c["raw_syscalls:sys_enter"] / seconds:.0f} | {c["sched:sched_wakeup"] / seconds:.0f} |')


if __name__ == '__main__':
    {'threads': threads, 'methods': methods, 'stat': stat}[sys.argv[1]](sys.argv[2])
