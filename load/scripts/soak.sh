#!/usr/bin/env bash
# A soak with media (docs/benchmarks.md, "Soak"): the real server started with ./nereid
# (so with server/jvm.options), publishers sending the 1.5 Mbit/s clip and subscribers
# leaving and joining continuously (nereid-load --churn), for MINUTES (default 30). Every
# 30 s it samples the server: heap after a full GC (jcmd GC.run, then jstat), threads, open
# file descriptors, RSS, and the tool's latest progress line (forwarded rate, loss so far,
# subscribers in, churn), and writes one row of a table.
#   load/scripts/soak.sh [MINUTES]
# Environment: SOAK_GROUPS (2), SOAK_PUBLISHERS (1 per group), SOAK_SUBSCRIBERS (10 per
# group), SOAK_CHURN (1 subscriber replaced per second), SOAK_INTERVAL (30 s).
# Build first: mvn -B -pl load -am -DskipTests package. Not part of mvn verify or CI.
# Output in load/target/soak/: table.txt (the table), load.txt and load.json (the tool's
# progress and report), server.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-30}
groups=${SOAK_GROUPS:-2} publishers=${SOAK_PUBLISHERS:-1} subscribers=${SOAK_SUBSCRIBERS:-10}
churn=${SOAK_CHURN:-1} interval=${SOAK_INTERVAL:-30}
out=load/target/soak
media=load/target/media-1500k
load_jar=load/target/nereid-load.jar
rm -rf "$out"; mkdir -p "$out/groups" "$out/data"
[ -f "$media/video.ivf" ] || java -jar "$load_jar" make-media --bitrate 1500000 --seconds 10 --out "$media"
for g in $(seq "$groups"); do
  echo '{"wildcard-user": {"password": {"type": "wildcard"}, "permissions": "present"}}' > "$out/groups/soak-$g.json"
done
group=soak; [ "$groups" -gt 1 ] || group=soak-1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

./nereid -insecure -http 127.0.0.1:$port -data "$out/data" -groups "$out/groups" > "$out/server.log" 2>&1 &
pid=$!
trap 'kill "${tool:-}" "$pid" 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$port/group/soak-1/.status" > /dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$out/server.log" >&2; exit 1; }
  sleep 0.5
done
sleep 10

java -XX:+UseZGC -jar "$load_jar" run --server "http://127.0.0.1:$port" --media "$media" --server-pid "$pid" \
    --group "$group" --groups "$groups" --publishers "$publishers" --subscribers "$subscribers" \
    --churn "$churn" --join-rate 5 --duration $((minutes * 60)) --timeout 60 \
    --json "$out/load.json" > "$out/load.txt" 2>&1 &
tool=$!

# heap used after a full collection, in MB (Serial GC: survivors + eden + old), and metaspace
heap_after_gc() {
  jcmd "$pid" GC.run > /dev/null
  jstat -gc "$pid" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { printf "%.1f %.1f\n", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024, $col["MU"] / 1024 }'
}

{
  echo "# soak: $groups group(s) × ($publishers publisher(s) 1.5 Mbit/s + $subscribers subscribers), churn $churn/s, $minutes min"
  echo "# started $(date -u +%FT%TZ), loadavg $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, shared machine"
  printf "%6s %9s %9s %8s %5s %8s %10s %9s %9s %12s %s\n" time heap_MB meta_MB threads fds RSS_MB fwd_pkt/s "loss_%" subs churn loadavg
} | tee "$out/table.txt"
start=$(date +%s)
while kill -0 "$tool" 2>/dev/null; do
  sleep "$interval"
  kill -0 "$tool" 2>/dev/null && kill -0 "$pid" 2>/dev/null || break
  read -r heap meta < <(heap_after_gc)
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status")
  fds=$(ls "/proc/$pid/fd" | wc -l)
  rss=$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status")
  # the tool's latest progress line: "  Ns  subscribers R/N  forwarded X pkt/s ...  loss L%  ...  churn -A +B"
  line=$(grep -E '^ *[0-9]+s  subscribers' "$out/load.txt" | tail -n 1 || true)
  fwd=$(sed -n 's/.*forwarded \([0-9,]*\) pkt\/s.*/\1/p' <<< "$line" | tr -d ,)
  loss=$(sed -n 's/.*loss \([0-9.]*\)%.*/\1/p' <<< "$line")
  subs=$(sed -n 's/.*subscribers \([0-9]*\/[0-9]*\).*/\1/p' <<< "$line")
  ch=$(sed -n 's/.*churn \(-[0-9]* +[0-9]*\).*/\1/p' <<< "$line" | tr ' ' /)
  printf "%6s %9s %9s %8s %5s %8s %10s %9s %9s %12s %s\n" "$(( $(date +%s) - start ))s" "$heap" "$meta" "$threads" \
      "$fds" "$rss" "${fwd:--}" "${loss:--}" "${subs:--}" "${ch:--}" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out/table.txt"
done
wait "$tool" || true
echo "# ended $(date -u +%FT%TZ), loadavg $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/table.txt"
sed -n '/^groups ×/,$p' "$out/load.txt" | tee -a "$out/table.txt"
