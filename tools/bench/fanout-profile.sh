#!/usr/bin/env bash
# Where the server's CPU goes in the pinned fan-out run (1 publisher at 1.5 Mbit/s -> 100
# subscribers, load/scripts/benchmarks.sh fanout with PIN=1): per thread, read from
# /proc/PID/task/*/stat over a window of the steady state, and optionally per method with
# linux perf (docs/benchmarks.md, Session 13).
#
#   flock /tmp/nereid-heavy.lock tools/bench/fanout-profile.sh OUT_DIR [JAR] [none|perf|stat]
#
#   none  per-thread CPU only (no profiler beside the server)
#   perf  also `perf record -g` (cpu-clock, 1999 Hz) of the server over the window, the JVM
#         with frame pointers and a perf map for its compiled code
#   stat  also `perf stat --per-thread`: context switches, system calls and wake-ups per thread
# JAR defaults to server/target/nereid-server.jar. Then:
#   tools/bench/perf-breakdown.py threads OUT_DIR      # the per-thread table
#   tools/bench/perf-breakdown.py methods OUT_DIR      # (perf) the workers' time by kind of work
# Build first as for benchmarks.sh (its header). Needs perf for "perf" and "stat" (as root, or
# with kernel.perf_event_paranoid low enough to see the kernel's side).
set -euo pipefail
out=$(realpath -m "$1"); jar=$(realpath "${2:-server/target/nereid-server.jar}"); mode=${3:-none}
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$out"; mkdir -p "$out"
opts=""
if [ "$mode" != none ]; then
  opts="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:+PreserveFramePointer"
fi
(cd "$root" && PIN=1 NEREID_JAR=$jar SERVER_JAVA_OPTS="$opts" load/scripts/benchmarks.sh fanout) > "$out/bench.out" 2>&1 &
bench=$!
pid=
for _ in $(seq 200); do
  pid=$(pgrep -f -- "-jar $jar -insecure" | head -1 || true)
  [ -n "$pid" ] && break
  sleep 0.5
done
[ -n "$pid" ] || { echo "the server did not start (see $out/bench.out)" >&2; exit 1; }
for _ in $(seq 600); do grep -q '^== fanout' "$out/bench.out" && break; sleep 0.5; done
sleep 22      # the joins (10 s at 10 a second) and some settling: the window is the steady state
# each thread: tid, user and system ticks, name (a thread that ends while it is read is left out)
snap() {
  for t in /proc/"$pid"/task/*; do
    stat=$(cat "$t/stat" 2> /dev/null) && comm=$(cat "$t/comm" 2> /dev/null) || continue
    echo "${stat%% *} $(echo "${stat##*) }" | cut -d' ' -f12,13) ${comm// /_}"
  done
}
snap > "$out/threads.0"; date +%s.%N > "$out/window"
case $mode in
  perf)
    perf record -e cpu-clock -F 1999 -g -p "$pid" -o "$out/perf.data" -- sleep 30 > "$out/perf-record.log" 2>&1
    jcmd "$pid" Compiler.perfmap > /dev/null 2>&1 || true    # /tmp/perf-PID.map: names for the JIT's code
    ;;
  stat)
    perf stat --per-thread -e task-clock,context-switches,raw_syscalls:sys_enter,sched:sched_wakeup \
        -p "$pid" -o "$out/perf-stat.txt" -- sleep 30
    ;;
  *) sleep 30 ;;
esac
snap > "$out/threads.1"; date +%s.%N >> "$out/window"
wait "$bench" || true
cp "$root"/load/target/bench/fanout.json "$root"/load/target/bench/floor.txt "$root"/load/target/bench/fanout/server.log "$out/"
if [ "$mode" = perf ]; then
  perf script -i "$out/perf.data" -F comm,tid,ip,sym,dso > "$out/perf-script.txt" 2>/dev/null
fi
echo "$out: $(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['serverProcess']['cpuMicrosPerForwardedPacket'], 'µs per forwarded packet')" "$out/fanout.json")"
