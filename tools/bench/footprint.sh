#!/bin/sh
# Footprint benchmark: the server's resident memory idle and with one publisher
# and S subscribers connected, for each S given (default 1 5 10 20). Starts
# the server with ./nereid (so with server/jvm.options) in a loopback-only
# network namespace, lets it settle, reads its RSS, then runs nereid-load
# against it once per S and reads the server's RSS from the tool's report
# (sampled each second while everyone is connected; the largest is shown), and
# what each subscriber added since the previous S (the first call's code aside).
#
#   tools/bench/footprint.sh [-s SETTLE_S] [-d DURATION_S] [S ...]
#
# Needs the load tool built (mvn -B -pl load -am -DskipTests package) and its
# media made (java -jar load/target/nereid-load.jar make-media --out
# load/target/media-1500k --bitrate 1500000), plus unshare(1), ip(8), curl
# and python3. NEREID_LOAD_JAR and NEREID_LOAD_MEDIA point elsewhere.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
settle=45 duration=20
while [ $# -gt 0 ]; do
    case $1 in
        -s) settle=$2; shift 2 ;;
        -d) duration=$2; shift 2 ;;
        -*) echo "usage: $0 [-s SETTLE_S] [-d DURATION_S] [S ...]" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || set -- 1 5 10 20
load_jar=${NEREID_LOAD_JAR:-$root/load/target/nereid-load.jar}
media=${NEREID_LOAD_MEDIA:-$root/load/target/media-1500k}
[ -f "$load_jar" ] && [ -f "$media/video.ivf" ] || {
    echo "footprint.sh: build the load tool and its media first (see the top of this script)" >&2
    exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/data" "$work/groups"
echo '{"wildcard-user": {"password": {"type": "wildcard"}, "permissions": "present"}}' >"$work/groups/load.json"

# Everything below runs inside one namespace: the server and the tool share its loopback.
unshare --map-root-user --net sh -c '
set -eu
root=$1 work=$2 settle=$3 duration=$4 load_jar=$5 media=$6
shift 6
ip link set lo up
"$root/nereid" -insecure -http 127.0.0.1:8443 -data "$work/data" -groups "$work/groups" >"$work/server.log" 2>&1 &
pid=$!
trap "kill $pid 2>/dev/null || true" EXIT
until curl -fs http://127.0.0.1:8443/group/load/.status >/dev/null; do
    kill -0 $pid 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.5
done
sleep "$settle"
rss() { awk "/^VmRSS:/ {printf \"%.1f\", \$2 / 1024}" /proc/$pid/status; }
echo "# $(date -u +%FT%TZ) loadavg $(cut -d" " -f1-3 /proc/loadavg), $(nproc) cores; idle RSS $(rss) MB"
printf "%-12s %10s %10s %12s %10s %8s\n" subscribers "RSS MB" "MB/sub" "MB/added sub" "loss %" threads
idle=$(rss)
echo "$idle 0" >"$work/previous"
for s in "$@"; do
    java -jar "$load_jar" run --server http://127.0.0.1:8443 --group load --media "$media" \
        --publishers 1 --subscribers "$s" --duration "$duration" --server-pid $pid \
        --json "$work/run-$s.json" >"$work/run-$s.txt" 2>&1 || { cat "$work/run-$s.txt" >&2; exit 1; }
    python3 - "$work/run-$s.json" "$s" "$idle" "$work/previous" <<"PY"
import json, sys
r = json.load(open(sys.argv[1])); s = int(sys.argv[2]); idle = float(sys.argv[3])
srv = r["serverProcess"]
peak = max(p["rssMiB"] for p in srv["series"])
# against the previous row: what each added subscriber costs once the first call has loaded its code
prev_rss, prev_s = (float(x) for x in open(sys.argv[4]).read().split())
added = "%.2f" % ((peak - prev_rss) / (s - prev_s)) if prev_s > 0 and s > prev_s else "-"
open(sys.argv[4], "w").write("%f %d" % (peak, s))
print("%-12d %10.1f %10.2f %12s %10s %8s" % (s, peak, (peak - idle) / s, added, r["loss"]["percent"], srv["threadsEnd"]))
PY
done
echo "# after the runs, all clients gone: RSS $(rss) MB; loadavg $(cut -d" " -f1-3 /proc/loadavg)"
' sh "$root" "$work" "$settle" "$duration" "$load_jar" "$media" "$@"
