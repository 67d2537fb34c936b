#!/bin/sh
# Idle benchmark: starts the real server as a user runs it, with no client,
# inside a network namespace that has only loopback, lets it settle, then
# reads its CPU time, thread count and resident memory from /proc over
# several windows. Prints one line per window and, at the end, the threads
# that used CPU during the measurement (the profile to look at when idle
# CPU is not near zero).
#
#   tools/bench/idle.sh [-s SETTLE_S] [-w WINDOW_S] [-n WINDOWS] [-- COMMAND ARGS...]
#
# COMMAND defaults to the root launcher, ./nereid, with
# `-insecure -http 127.0.0.1:8443` and a throw-away copy of data/; give
# another command (e.g. `java -jar server/target/nereid-server.jar ...`) to
# compare. It must exec the JVM (no fork), so the process we watch is it.
# PLAIN=1 runs the built jar as a new user would, with no JVM options at all:
# `java -jar server/target/nereid-server.jar -insecure -http 127.0.0.1:18443 -turn ""`
# from a directory holding copies of groups/ and data/.
# Needs unshare(1), ip(8) and user namespaces, like the ITs.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
settle=45 window=20 windows=5
while [ $# -gt 0 ]; do
    case $1 in
        -s) settle=$2; shift 2 ;;
        -w) window=$2; shift 2 ;;
        -n) windows=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "usage: $0 [-s SETTLE_S] [-w WINDOW_S] [-n WINDOWS] [-- COMMAND ARGS...]" >&2; exit 2 ;;
    esac
done
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
cp -r "$root/data" "$work/data"
cd "$root"
if [ "${PLAIN:-}" = 1 ]; then
    cp -r "$root/groups" "$work/groups"
    set -- java -jar "$root/server/target/nereid-server.jar" -insecure -http 127.0.0.1:18443 -turn ""
    cd "$work"
elif [ $# -eq 0 ]; then
    set -- "$root/nereid" -insecure -http 127.0.0.1:8443 -data "$work/data" -groups "$root/groups"
fi
# unshare without --fork execs in place, so $! is the JVM once the shells exec it
unshare --map-root-user --net sh -c 'ip link set lo up && exec "$@"' sh "$@" >"$work/server.log" 2>&1 &
pid=$!
tick=$(getconf CLK_TCK)

# CPU ticks (user+system) of the process, or of one thread's stat file
ticks() { sed 's/^.*) //' "$1" | awk '{print $12 + $13}'; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$pid/status"; }
rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
alive() {
    kill -0 "$pid" 2>/dev/null || { echo "the server exited; its output:" >&2; cat "$work/server.log" >&2; exit 1; }
}
# one line per thread: tid ticks name
thread_ticks() {
    for t in /proc/$pid/task/*; do
        printf '%s %s %s\n' "${t##*/}" "$(ticks "$t/stat" 2>/dev/null || echo 0)" "$(cat "$t/comm" 2>/dev/null)"
    done
}

sleep "$settle"
alive
echo "# $(date -u +%FT%TZ) pid $pid, settled ${settle}s, loadavg $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "# command: $*"
printf '%-7s %12s %8s %8s %8s\n' window 'cpu s/min' '% core' threads 'RSS MB'
thread_ticks >"$work/threads.start"
total=0 i=1
while [ "$i" -le "$windows" ]; do
    alive
    before=$(ticks "/proc/$pid/stat")
    sleep "$window"
    alive
    after=$(ticks "/proc/$pid/stat")
    awk -v d=$((after - before)) -v t="$tick" -v w="$window" -v i="$i" -v th="$(threads)" -v rss="$(rss_mb)" \
        'BEGIN { s = d / t; printf "%-7s %12.3f %8.2f %8s %8s\n", i, s * 60 / w, s * 100 / w, th, rss }'
    total=$((total + after - before))
    i=$((i + 1))
done
awk -v d="$total" -v t="$tick" -v w=$((window * windows)) \
    'BEGIN { s = d / t; printf "%-7s %12.3f %8.2f\n", "all", s * 60 / w, s * 100 / w }'
echo "# threads that used CPU during the measurement (ticks of 1/${tick} s):"
thread_ticks | awk 'NR == FNR { start[$1] = $2; next }
    { d = $2 - ($1 in start ? start[$1] : 0); if (d > 0) printf "#   %6d  %s\n", d, $3 }' "$work/threads.start" - | sort -k2 -rn | head -15
