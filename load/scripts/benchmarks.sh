#!/usr/bin/env bash
# The load runs of docs/benchmarks.md ("Whole server under load"), one after another,
# against a fresh Nereid for each, started with ./nereid (so with server/jvm.options): the
# server and the tool from this checkout, both on 127.0.0.1, neither pinned to a core.
#   load/scripts/benchmarks.sh [fanout|classrooms|joins|curve|all]
#   NEREID_JAR=/tmp/before.jar load/scripts/benchmarks.sh fanout   # another build of the server, same options
#   LOAD_JAR=/tmp/before-load.jar load/scripts/benchmarks.sh fanout  # another build of the tool
#   PLAIN=1 load/scripts/benchmarks.sh joins   # the jar (NEREID_JAR or the built one) with no JVM options,
#       # as a plain `java -jar` runs it (the JVM's defaults: G1, heap from the RAM)
#   SERVER_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/s.jfr,settings=profile' \
#   LOAD_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/l.jfr,settings=profile' load/scripts/benchmarks.sh joins
#       # extra JVM options for the server or the tool (profiling); the tool's replace its default,
#       # -XX:+UseZGC: a collector whose pauses (G1's: 39–127 ms) would count as the server's latency
#   NETNS=1 load/scripts/benchmarks.sh fanout
#       # the tool in a network namespace of its own, joined to the server's by a veth pair
#       # (server 10.77.0.1, tool 10.77.0.2), both inside a rootless namespace (unshare -rn):
#       # the packets cross a link instead of loopback (docs/benchmarks.md, Session 6)
#   PIN=1 load/scripts/benchmarks.sh fanout
#       # the server on core 0 and the tool on core 1 (taskset), so that neither queues behind
#       # the other: what the added latency owes to sharing the cores (docs/benchmarks.md, Session 7)
# Build first: mvn -B -pl load -am -DskipTests package
# and, for the per-packet floor measured beside the fan-out run, the benchmark classes:
#   mvn -B -Pbench -pl server -am test-compile dependency:build-classpath \
#       -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
# Reports (JSON) and server logs go to load/target/bench/; the curve to docs/load-scaling.svg.
set -euo pipefail
if [ -n "${NETNS:-}" ] && [ -z "${NEREID_BENCH_NS:-}" ]; then
  exec env NEREID_BENCH_NS=1 unshare -rn "$0" "$@"
fi
cd "$(dirname "$0")/../.."
out=load/target/bench
media=load/target/media-1500k
mkdir -p "$out"
java=${JAVA:-java}
load_jar=${LOAD_JAR:-load/target/nereid-load.jar}

[ -f "$media/video.ivf" ] || "$java" -jar "$load_jar" make-media --bitrate 1500000 --seconds 10 --out "$media"

# a run that fails (one sentence on stderr) must not leave its server (or namespace) behind
trap 'kill "${pid:-}" "${ns_pid:-}" 2>/dev/null || true' EXIT

# where the server listens, and how the tool is started: by default both on 127.0.0.1
host=127.0.0.1
tool_launch=()
tool_bind=()
on_server_core=()
if [ -n "${PIN:-}" ]; then
  on_server_core=(taskset -c 0)
  tool_launch=(taskset -c 1)
fi
if [ -n "${NEREID_BENCH_NS:-}" ]; then
  # inside unshare -rn: our own loopback, and a second namespace for the tool, linked by veth
  ip link set lo up
  unshare -n sleep infinity &
  ns_pid=$!
  while [ "$(readlink /proc/$ns_pid/ns/net)" = "$(readlink /proc/self/ns/net)" ]; do sleep 0.05; done
  ip link add nereid0 type veth peer name nereid1 netns "/proc/$ns_pid/ns/net"
  ip addr add 10.77.0.1/30 dev nereid0
  ip link set nereid0 up
  tool_launch+=(nsenter -t "$ns_pid" -n --preserve-credentials)
  "${tool_launch[@]}" sh -c 'ip link set lo up && ip addr add 10.77.0.2/30 dev nereid1 && ip link set nereid1 up'
  host=10.77.0.1
  tool_bind=(--bind 10.77.0.2)
fi

# start_server NAME GROUPS...: a fresh server with an open group per name; sets $pid and $port
start_server() {
  local name=$1; shift
  local dir=$out/$name
  rm -rf "$dir"; mkdir -p "$dir/groups" "$dir/data"
  for g in "$@"; do
    echo '{"wildcard-user": {"password": {"type": "wildcard"}, "permissions": "present"}}' > "$dir/groups/$g.json"
  done
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("'"$host"'",0)); print(s.getsockname()[1])')
  # as a user starts it: ./nereid, with server/jvm.options (exec, so $! is the JVM's PID);
  # NEREID_JAR=path runs that jar with the same options instead (a before/after comparison)
  if [ -n "${PLAIN:-}" ]; then
    # shellcheck disable=SC2086 # extra options split on spaces
    "${on_server_core[@]}" "$java" ${SERVER_JAVA_OPTS:-} -jar "${NEREID_JAR:-server/target/nereid-server.jar}" \
        -insecure -http $host:$port -data "$dir/data" -groups "$dir/groups" > "$dir/server.log" 2>&1 &
  elif [ -n "${NEREID_JAR:-}" ]; then
    # shellcheck disable=SC2046 # one option per line, none with spaces
    # shellcheck disable=SC2086 # extra options split on spaces
    "${on_server_core[@]}" "$java" $(grep -v '^[[:space:]]*\(#\|$\)' server/jvm.options) ${SERVER_JAVA_OPTS:-} \
        -jar "$NEREID_JAR" -insecure \
        -http $host:$port -data "$dir/data" -groups "$dir/groups" > "$dir/server.log" 2>&1 &
  else
    JAVA_TOOL_OPTIONS=${SERVER_JAVA_OPTS:-} "${on_server_core[@]}" ./nereid -insecure -http $host:$port -data "$dir/data" -groups "$dir/groups" \
        > "$dir/server.log" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 300); do
    curl -fs "http://$host:$port/group/$1/.status" > /dev/null && break
    sleep 0.2
  done
  sleep 10   # let the server settle (start-up JIT and warm-up) before clients arrive
}

stop_server() { kill "$pid"; wait "$pid" 2>/dev/null || true; }

# run NAME OPTIONS...: one tool run against the current server, with the load average around it
run() {
  local name=$1; shift
  echo "== $name  $(date -u +%H:%M:%S)  loadavg before: $(cat /proc/loadavg)"
  # shellcheck disable=SC2086 # extra options split on spaces
  "${tool_launch[@]}" "$java" ${LOAD_JAVA_OPTS:--XX:+UseZGC} -jar "$load_jar" run --server "http://$host:$port" "${tool_bind[@]}" \
      --media "$media" --server-pid "$pid" \
      --json "$out/$name.json" --timeout 60 "$@" | tee "$out/$name.txt" || true
  echo "== $name  loadavg after: $(cat /proc/loadavg)" | tee -a "$out/$name.txt"
}

what=${1:-all}
if [ "$what" = fanout ] || [ "$what" = all ]; then
  start_server fanout load
  run fanout --group load --publishers 1 --subscribers 100 --join-rate 10 --duration 60
  stop_server
  # the floor of ForwardingCpuTime right after, under the same machine load (GCM: what Nereid negotiates with the
  # tool): sent to a socket nobody reads (true), and to sockets read on another thread as the tool reads (read)
  (cd server && "$java" -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
      org.nereid.media.bench.ForwardingCpuTime 20000 AEAD_AES_128_GCM 1,4 true,read) | tee "$out/floor.txt" || true
fi
if [ "$what" = classrooms ] || [ "$what" = all ]; then
  start_server classrooms $(for i in $(seq 10); do echo "class-$i"; done)
  run classrooms --group class --groups 10 --publishers 2 --subscribers 8 --join-rate 4 --duration 300
  stop_server
fi
if [ "$what" = joins ] || [ "$what" = all ]; then
  start_server joins load
  run joins --group load --publishers 1 --subscribers "${JOINS:-50}" --join-rate "${JOIN_RATE:-10}" --duration 10
  stop_server
fi
if [ "$what" = curve ] || [ "$what" = all ]; then
  reports=()
  for n in 10 25 50 100 200; do
    start_server "curve-$n" load
    run "curve-$n" --group load --publishers 1 --subscribers "$n" --join-rate 20 --duration 30
    stop_server
    [ -f "$out/curve-$n.json" ] || break
    reports+=("$out/curve-$n.json")
    # stop once the loss in the measured window (the steady state, not the joins before it) is over 1 %
    loss=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['loss']['windowPercent'])" "$out/curve-$n.json")
    python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 1 else 1)" "$loss" || break
  done
  "$java" -jar "$load_jar" plot --out docs/load-scaling.svg \
      --title "Nereid on 2 shared cores: 1 publisher (1.5 Mbit/s), N subscribers" "${reports[@]}"
fi
