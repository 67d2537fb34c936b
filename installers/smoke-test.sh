#!/usr/bin/env bash
# Smoke test of the Linux installers; run after `mvn -B -Pinstallers -DskipTests package`.
#
#  1. the server .deb: its control data, files and maintainer scripts; lintian if installed
#  2. the server unpacked with `dpkg -x` into a scratch root: -help and -version of the bundled
#     launcher, nereid-setup's first start (fresh admin password, certificate, console.json),
#     a start on 127.0.0.1 (-insecure) that serves the example group's .status, then a start
#     over TLS with the setup's certificate, checked against that certificate, whose admin API
#     accepts the credentials in console.json
#  3. the console app-image under Xvfb: its window, saved to $NEREID_SCREENSHOTS (default
#     installers/target/screenshots)/console-app-image.png
#
# Needs: curl, dpkg, xvfb-run (xvfb), import (imagemagick); lintian is used when present.
# NEREID_SMOKE_CONSOLE=0 skips step 3. Runs in about a minute; prints what it checks.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
target=$repo/installers/target
version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' "$repo/pom.xml" | head -1)
scratch=$(mktemp -d /tmp/nereid-smoke.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$scratch"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }
check() { printf '   ok: %s\n' "$*"; }

# start_server LOG ARGS...: starts the unpacked server, waits for "Listening on", sets $base.
start_server() {
    local log=$1 url
    shift
    "$launcher" "$@" >"$log" 2>&1 &
    local pid=$!
    pids+=("$pid")
    for _ in $(seq 1 240); do
        if url=$(grep -o 'Listening on [a-z]*://[0-9.]*:[0-9]*/' "$log" | head -1); then
            base=${url#Listening on }
            return
        fi
        kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "the server exited"; }
        sleep 0.5
    done
    cat "$log" >&2
    fail "the server did not listen within 120 s"
}

stop_server() {
    local pid=${pids[-1]}
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    unset 'pids[-1]'
}

# ---- 1. the package --------------------------------------------------------------------------
step "server package"
deb=$(ls "$target"/nereid-server_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no nereid-server .deb in $target: run mvn -B -Pinstallers -DskipTests package"
check "$(basename "$deb") ($(du -h "$deb" | cut -f1))"
[ "$(dpkg-deb -f "$deb" Package)" = nereid-server ] || fail "package name"
[ "$(dpkg-deb -f "$deb" Version)" = "${version%%-*}-1" ] || fail "version $(dpkg-deb -f "$deb" Version), pom has $version"
dpkg-deb -f "$deb" Depends | grep -q adduser || fail "Depends lacks adduser"
check "control: $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version), Depends: $(dpkg-deb -f "$deb" Depends)"
contents=$(dpkg-deb -c "$deb")
for f in ./opt/nereid-server/bin/nereid-server ./opt/nereid-server/bin/nereid-setup \
         ./opt/nereid-server/lib/app/nereid.service ./opt/nereid-server/lib/app/nereid-server.jar \
         ./opt/nereid-server/lib/runtime/lib/server/libjvm.so; do
    grep -q " $f\$" <<<"$contents" || fail "$f is not in the package"
done
! grep -q '\.desktop$' <<<"$contents" || fail "the server package has menu entries"
check "launchers, unit, jar and runtime are in /opt/nereid-server; no menu entries"
dpkg-deb -e "$deb" "$scratch/DEBIAN"
for s in preinst postinst prerm postrm; do
    [ -f "$scratch/DEBIAN/$s" ] && { sh -n "$scratch/DEBIAN/$s" || fail "$s has a syntax error"; }
done
grep -q 'adduser --system' "$scratch/DEBIAN/postinst" || fail "postinst does not create the user"
grep -q 'install -D .*/lib/systemd/system/' "$scratch/DEBIAN/postinst" && grep -q '^unit=nereid.service' "$scratch/DEBIAN/postinst" || fail "postinst does not install the unit"
check "maintainer scripts parse; postinst creates the user nereid and installs nereid.service"
if command -v systemd-analyze >/dev/null && [ -d /run/systemd/system ]; then
    systemd-analyze verify "$repo/installers/src/jpackage/linux/nereid.service" 2>&1 \
        | grep -v 'nereid-server\|nereid-setup\|User=\|Group=' && fail "systemd-analyze verify" || true
    check "systemd-analyze verify nereid.service"
fi
if command -v lintian >/dev/null; then
    # Accepted: what follows from a jpackage bundle (its own runtime and jars in /opt, Java
    # 25 classes in BouncyCastle's multi-release jar, jpackage's empty preinst, no Debian
    # changelog) and, until the project has chosen a licence, the missing copyright file.
    accepted=dir-or-file-in-opt,jar-not-in-usr-share,unknown-java-class-version,maintainer-script-empty,no-changelog,no-copyright-file
    rc=0
    lintian --tag-display-limit 0 --suppress-tags "$accepted" "$deb" > "$scratch/lintian.txt" 2>&1 || rc=$?
    if [ $rc != 0 ] || grep -q '^E:' "$scratch/lintian.txt"; then
        cat "$scratch/lintian.txt"
        fail "lintian (exit code $rc)"
    fi
    check "lintian: no errors or warnings beyond the accepted $accepted"
    sed 's/^/      /' "$scratch/lintian.txt"
else
    echo "   (lintian not installed: apt-get install lintian)"
fi

# ---- 2. the unpacked server ------------------------------------------------------------------
step "server unpacked with dpkg -x"
dpkg -x "$deb" "$scratch/root"
launcher=$scratch/root/opt/nereid-server/bin/nereid-server
setup=$scratch/root/opt/nereid-server/bin/nereid-setup
"$launcher" -help > "$scratch/help.txt" 2>&1 || fail "-help: $(cat "$scratch/help.txt")"
grep -q -- '-insecure' "$scratch/help.txt" && grep -q -- '-groups' "$scratch/help.txt" || fail "-help lists no flags"
check "-help lists the flags"
shown=$("$launcher" -version)
[ "$shown" = "Nereid $version" ] || fail "-version says \"$shown\", the pom says $version"
check "-version: $shown"
cfg=$scratch/root/opt/nereid-server/lib/app/nereid-server.cfg
while read -r option; do
    case $option in '' | '#'*) ;; *) grep -qxF -- "java-options=$option" "$cfg" || fail "$cfg lacks $option" ;; esac
done < "$repo/server/jvm.options"
check "the launcher runs with the options of server/jvm.options"

home=$scratch/var/lib/nereid
mkdir -p "$home/groups" "$home/recordings"
if [ -f "$repo/groups/example.json" ]; then
    cp "$repo/groups/example.json" "$home/groups/example.json"
else
    printf '{"public": true, "users": {"bob": {"password": "1234", "permissions": "present"}}}\n' \
        > "$home/groups/example.json"
fi
"$setup" -http 127.0.0.1:8443 -data "$home/data" -console-file "$home/console.json" -groups /ignored \
    2> "$scratch/setup.txt" || fail "nereid-setup: $(cat "$scratch/setup.txt")"
grep -q 'first start' "$scratch/setup.txt" || fail "nereid-setup did not report the first start"
grep -q '"password" *: *"[A-Za-z0-9_-]\{20,\}"' "$home/console.json" || fail "console.json has no fresh password"
grep -q '"url" *: *"https://127.0.0.1:8443/"' "$home/console.json" || fail "console.json has the wrong URL"
[ "$(stat -c %a "$home/console.json")" = 640 ] || fail "console.json is not mode 0640"
[ "$(stat -c %a "$home/data/key.pem")" = 600 ] || fail "key.pem is not mode 0600"
grep -q '"admin"' "$home/data/config.json" && grep -q '"writableGroups" *: *true' "$home/data/config.json" \
    || fail "config.json lacks the admin user"
grep -q "$(sed -n 's/.*"password" *: *"\([^"]*\)".*/\1/p' "$home/console.json")" "$home/data/config.json" \
    && fail "config.json holds the admin password in clear"
check "nereid-setup: fresh admin password (hashed in config.json), console.json 0640, key.pem 0600"

start_server "$scratch/insecure.log" -insecure -http 127.0.0.1:0 -data "$home/data" \
    -groups "$home/groups" -recordings "$home/recordings"
check "listening on $base"
status=$(curl -fsS "${base}group/example/.status") || fail "GET ${base}group/example/.status"
grep -q '"name" *: *"example"' <<<"$status" || fail ".status: $status"
check ".status of the example group: $status"
stop_server

start_server "$scratch/tls.log" -http 127.0.0.1:0 -data "$home/data" \
    -groups "$home/groups" -recordings "$home/recordings"
curl -fsS --cacert "$home/data/cert.pem" -o /dev/null "$base" || fail "TLS with the setup's certificate at $base"
check "TLS with the certificate nereid-setup made: $base"
password=$(sed -n 's/.*"password" *: *"\([^"]*\)".*/\1/p' "$home/console.json")
api="${base}galene-api/v0/.groups/"
code=$(curl -sS --cacert "$home/data/cert.pem" -u "admin:$password" -o /dev/null -w '%{http_code}' "$api")
[ "$code" = 200 ] || fail "the admin API refused console.json's credentials: HTTP $code"
code=$(curl -sS --cacert "$home/data/cert.pem" -u "admin:not-$password" -o /dev/null -w '%{http_code}' "$api")
[ "$code" = 401 ] || fail "the admin API accepted a wrong password: HTTP $code"
check "the admin API accepts console.json's credentials (and refuses a wrong password)"
stop_server

# ---- 3. the console app-image ----------------------------------------------------------------
if [ "${NEREID_SMOKE_CONSOLE:-1}" = 1 ]; then
    step "console app-image under Xvfb"
    console=$target/app-image/nereid-console/bin/nereid-console
    [ -x "$console" ] || fail "no console app-image at $console"
    shot=${NEREID_SCREENSHOTS:-$target/screenshots}/console-app-image.png
    mkdir -p "$(dirname "$shot")" "$scratch/home"
    # A fresh home (Java takes user.home from the password file, not $HOME): no profiles of
    # whoever runs the test. The window is there once the screen
    # is no longer uniformly black.
    HOME=$scratch/home JAVA_TOOL_OPTIONS="-Dprism.order=sw -Duser.home=$scratch/home" \
        xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" bash -c '
            "$1" > "$2/console.log" 2>&1 &
            app=$!
            for _ in $(seq 1 90); do
                sleep 1
                kill -0 $app 2>/dev/null || { echo "the console exited"; exit 1; }
                import -window root "$2/shot.png" 2>/dev/null || continue
                mean=$(convert "$2/shot.png" -format "%[fx:mean]" info:)
                if awk -v m="$mean" "BEGIN { exit !(m > 0.05) }"; then
                    sleep 3   # let it finish laying out
                    import -window root "$3"
                    kill $app; wait $app 2>/dev/null
                    exit 0
                fi
            done
            echo "no window within 90 s"; kill $app; exit 1' _ "$console" "$scratch" "$shot" \
        || { cat "$scratch/console.log" >&2; fail "the console app-image did not show its window"; }
    check "the console's window: $shot"
fi

printf '\nsmoke test passed\n'
