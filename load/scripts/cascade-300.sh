#!/usr/bin/env bash
# One publisher -> N subscribers (default 300) over three cascaded Nereid nodes on loopback
# (docs/cluster.md, "Cascading a big group"; figures in docs/benchmarks.md). Needs the server
# and load jars built (mvn -B -pl server,load -am -DskipTests package). Not a CI test.
#
#   load/scripts/cascade-300.sh [SUBSCRIBERS] [CASCADE_AT] [BITRATE]
set -euo pipefail
cd "$(dirname "$0")/../.."
subs=${1:-300}
cascade_at=${2:-100}
bitrate=${3:-500000}
out=load/target/cascade-run
media=load/target/media-$((bitrate / 1000))k
java=${JAVA:-java}
load_jar=load/target/nereid-load.jar
server_jar=server/target/nereid-server.jar
mkdir -p "$out"
[ -f "$media/video.ivf" ] || "$java" -jar "$load_jar" make-media --bitrate "$bitrate" --seconds 10 --out "$media"

# six distinct free ports, all bound at once so that none is handed out twice
read -r -a ports <<< "$(python3 -c 'import socket
ss = [socket.socket() for _ in range(6)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')"
http=("${ports[@]:0:3}") cluster=("${ports[@]:3:3}")
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
for i in 0 1 2; do
  dir=$out/node$i
  rm -rf "$dir"; mkdir -p "$dir/groups" "$dir/data/var"
  echo '{"wildcard-user": {"password": {"type": "wildcard"}, "permissions": "present"}}' > "$dir/groups/load.json"
  echo '{"users": {"admin": {"password": "pw", "permissions": "admin"}}}' > "$dir/data/config.json"
  peers=127.0.0.1:${cluster[$i]},127.0.0.1:${cluster[0]},127.0.0.1:${cluster[1]},127.0.0.1:${cluster[2]}
  # shellcheck disable=SC2046 # one option per line, none with spaces
  "$java" $(grep -v '^[[:space:]]*\(#\|$\)' server/jvm.options) -jar "$server_jar" -insecure -turn "" \
      -http "127.0.0.1:${http[$i]}" -data "$dir/data" -groups "$dir/groups" -cluster "$peers" \
      -cluster-cascade "$cascade_at" -udp-range "$((44000 + 1000 * i))-$((44000 + 1000 * i + 499))" \
      > "$dir/server.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 600); do
    curl -fs "http://127.0.0.1:${http[$i]}/group/load/.status" > /dev/null && break
    kill -0 "${pids[$i]}" 2>/dev/null || { echo "node$i did not start: $dir/server.log" >&2; exit 1; }
    sleep 0.5
  done
done
for _ in $(seq 120); do
  n=$(curl -fs -u admin:pw "http://127.0.0.1:${http[0]}/galene-api/v0/.cluster" | python3 -c \
      'import json,sys; print(len(json.load(sys.stdin)["nodes"]))' 2>/dev/null || echo 0)
  [ "$n" = 3 ] && break
  sleep 1
done
sleep 10   # let the nodes settle (start-up JIT) before clients arrive

# each node's CPU (% of one core) and RSS, every 5 s, while the tool runs
sample() {
  local hz; hz=$(getconf CLK_TCK)
  declare -A last
  while true; do
    line="$(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)"
    for i in 0 1 2; do
      p=${pids[$i]}
      [ -r "/proc/$p/stat" ] || continue
      ticks=$(awk '{print $14 + $15}' "/proc/$p/stat")
      rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$p/status")
      cpu=$(( (ticks - ${last[$i]:-$ticks}) * 100 / hz / 5 ))
      last[$i]=$ticks
      line="$line | node$i cpu ${cpu}% rss ${rss}MB"
    done
    echo "$line"
    sleep 5
  done
}
sample > "$out/nodes.txt" &
sampler=$!
pids+=("$sampler")
echo "== $(date -u +%H:%M:%S) loadavg before: $(cat /proc/loadavg)" | tee "$out/run.txt"
"$java" -jar "$load_jar" run --server "http://127.0.0.1:${http[0]}" --group load --media "$media" \
    --publishers 1 --subscribers "$subs" --duration 60 --join-rate 10 --timeout 60 --status-per-join \
    --server-pid "${pids[0]}" --json "$out/run.json" | tee -a "$out/run.txt" || true
echo "== $(date -u +%H:%M:%S) loadavg after: $(cat /proc/loadavg)" | tee -a "$out/run.txt"
for i in 0 1 2; do
  echo "node$i: $(grep -c 'joined with' "$out/node$i/server.log") joins, peak RSS $(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/${pids[$i]}/status") MB" | tee -a "$out/run.txt"
done
curl -fs -u admin:pw "http://127.0.0.1:${http[0]}/galene-api/v0/.cluster" > "$out/cluster.json" || true
