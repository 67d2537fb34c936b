#!/bin/sh
# The long fuzz run (docs/security.md, Fuzzing): each fuzz target for RUNS cases (default
# 1,000,000) or until MAX_SECONDS (default 0: no limit), one target after another, niced, each
# in its own JVM as `mvn verify` runs them, then a table of cases, time and findings per target.
# Findings (crash-* files) land in each target's Inputs directory under src/test/resources, as
# in the short run: commit them as regression seeds with the fix.
#
#   tools/fuzz/long-run.sh [-n RUNS] [-t MAX_SECONDS] [TARGET_CLASS ...]
#
# TARGET_CLASS is a simple class name (GroupFileFuzzTest); all *FuzzTest classes by default.
# Logs go to target/fuzz-long/ at the top of the tree (mvn -o: offline).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=1000000 seconds=0
while getopts n:t: opt; do
    case $opt in
        n) runs=$OPTARG ;;
        t) seconds=$OPTARG ;;
        *) echo "usage: $0 [-n RUNS] [-t MAX_SECONDS] [TARGET_CLASS ...]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
cd "$root"
if [ $# -eq 0 ]; then
    set -- $(find common/src/test/java server/src/test/java -name '*FuzzTest.java' -exec basename {} .java \; | sort)
fi
logs=$root/target/fuzz-long
mkdir -p "$logs"
nice -n 19 mvn -B -q -o -pl server -am test-compile >"$logs/build.log" 2>&1 \
    || { echo "long-run.sh: the build failed, see $logs/build.log" >&2; exit 1; }
printf '%-28s %12s %10s  %s\n' target cases seconds findings
for target in "$@"; do
    log=$logs/$target.log
    start=$(date +%s)
    # Jazzer appends these libFuzzer flags after the ones from @FuzzTest, so they win:
    # -runs for the number of cases, -max_total_time=0 lifting maxDuration.
    status=ok
    # test-compile (nothing left to compile) lets the reactor hand common's fuzzing kit to server
    nice -n 19 mvn -B -o -pl server -am test-compile surefire:test@fuzz -Dtest="$target" \
        -Dsurefire.failIfNoSpecifiedTests=false \
        -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-runs="$runs" \
        -Djazzer.internal.arg.2=-max_total_time="$seconds" >"$log" 2>&1 || status=FAILED
    took=$(( $(date +%s) - start ))
    cases=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
    findings=$(grep -c 'FuzzTestFindingException' "$log" || true)
    printf '%-28s %12s %10s  %s\n' "$target" "${cases:-?}" "$took" "$findings ($status; $log)"
done
