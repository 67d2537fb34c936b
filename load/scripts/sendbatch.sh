#!/usr/bin/env bash
# Sender CPU per datagram for sendto, sendmmsg and UDP GSO (sendbatch.c), over loopback and over a
# veth pair to a second network namespace, inside a rootless namespace (unshare -rn); addresses
# exist only there. docs/benchmarks.md, Session 6.   load/scripts/sendbatch.sh [COUNT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${TMPDIR:-/tmp}/nereid-sendbatch
if [ -z "${NEREID_SENDBATCH_NS:-}" ]; then
  gcc -O2 -pthread -o "$bin" "$here/sendbatch.c"
  exec env NEREID_SENDBATCH_NS=1 unshare -rn "$0" "$@"
fi
n=${1:-64000}
ip link set lo up
unshare -n sleep infinity &
ns=$!
trap 'kill "$ns" "${reader:-}" 2>/dev/null || true' EXIT
while [ "$(readlink /proc/$ns/ns/net)" = "$(readlink /proc/self/ns/net)" ]; do sleep 0.05; done
ip link add bench0 type veth peer name bench1 netns "/proc/$ns/ns/net"
ip addr add 10.78.0.1/30 dev bench0
ip link set bench0 up
nsenter -t "$ns" -n --preserve-credentials sh -c 'ip link set lo up && ip addr add 10.78.0.2/30 dev bench1 && ip link set bench1 up'
nsenter -t "$ns" -n --preserve-credentials "$bin" 10.78.0.2 10.78.0.2 9 0 &
reader=$!
sleep 0.3
for round in 1 2; do
  for mode in 0 1 2; do "$bin" 127.0.0.1 127.0.0.1 $mode "$n"; done
  for mode in 0 1 2; do "$bin" 10.78.0.1 10.78.0.2 $mode "$n" remote; done
done
