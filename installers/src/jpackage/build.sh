#!/usr/bin/env bash
# Builds Nereid's Linux packages with jlink + jpackage; run by `mvn -Pinstallers package`
# (installers/pom.xml), which first copies the jars to $NEREID_TARGET/jpackage/.
#
#   app-images: target/app-image/nereid-server, target/app-image/nereid-console
#   packages:   target/nereid-server_<v>-1_amd64.deb, target/nereid-console_<v>-1_amd64.deb,
#               and the .rpm of each where rpmbuild exists (NEREID_RPM=0 skips them)
#
# Environment (set by the pom): NEREID_VERSION, NEREID_VENDOR, NEREID_DESCRIPTION,
# NEREID_SETUP_JAR, NEREID_TARGET, JAVA_HOME. NEREID_PACKAGES=0 stops after the app-images.
# The jlink runtimes are kept between runs while the JDK and the module lists stay the same.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
docs=$repo/docs
target=${NEREID_TARGET:?}
work=$target/jpackage
bin=${JAVA_HOME:?}/bin
[ -x "$bin/jpackage" ] || bin=$(dirname "$(readlink -f "$(command -v jpackage)")")
# jpackage wants numbers: 0.1.0-SNAPSHOT is packaged as 0.1.0 (the server's -version tells the whole).
app_version=${NEREID_VERSION%%-*}
vendor=${NEREID_VENDOR:?}
copyright="Copyright $(date -u +%Y) $vendor"
# gzip instead of xz: 30 s instead of 2-3 min for a 90 MB package on two cores.
export DPKG_DEB_COMPRESSOR_TYPE=gzip

# The server needs these JDK modules (jdeps --print-module-deps on the shaded jar, plus the
# TLS EC provider, a service jdeps cannot see, and what java.sql and java.desktop bring anyway).
server_modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.unsupported,jdk.zipfs
# The console: JavaFX (with WebView) and what the JDK side of it and common use.
console_modules=javafx.controls,javafx.web,java.desktop,java.logging,java.management,java.net.http,java.sql,jdk.crypto.ec,jdk.jsobject,jdk.localedata,jdk.unsupported,jdk.xml.dom

log() { printf '[installers] %s\n' "$*"; }

# jlink_runtime OUTPUT MODULES [MODULE_PATH]: a trimmed runtime, reused if nothing changed.
jlink_runtime() {
    local out=$1 modules=$2 modpath=${3:-}
    local stamp
    stamp="$("$bin/java" -version 2>&1 | head -1) $modules ${modpath:+$(ls "$modpath" | tr '\n' ' ')}"
    if [ -f "$out.stamp" ] && [ "$(cat "$out.stamp")" = "$stamp" ] && [ -d "$out" ]; then
        log "reusing $out"
        return
    fi
    rm -rf "$out" "$out.stamp"
    log "jlink $out"
    "$bin/jlink" ${modpath:+--module-path "$modpath"} --add-modules "$modules" \
        --strip-debug --no-header-files --no-man-pages --strip-native-commands --compress=2 --output "$out"
    echo "$stamp" > "$out.stamp"
}

# package TYPE NAME RESOURCE_DIR [jpackage options]: a .deb or .rpm from the app-image NAME.
package() {
    local type=$1 name=$2 resources=$3
    shift 3
    log "jpackage --type $type $name"
    rm -f "$target/${name}"_*."$type" "$target/${name}"-*."$type"
    "$bin/jpackage" --type "$type" --app-image "$target/app-image/$name" --dest "$target" \
        --name "$name" --app-version "$app_version" --vendor "$vendor" --copyright "$copyright" \
        --linux-package-name "$name" --linux-app-release 1 --linux-app-category net \
        --linux-deb-maintainer "nereid@localhost" --linux-rpm-license-type "unspecified" \
        --resource-dir "$resources" "$@"
}

mkdir -p "$work" "$target/app-image"

# ---- server -------------------------------------------------------------------------------
server_in=$work/server-input
rm -rf "$server_in"
mkdir -p "$server_in"
# The shaded jar (the module's Maven artifact is the plain one).
cp "$repo/server/target/nereid-server.jar" "$server_in/"
cp "$NEREID_SETUP_JAR" "$server_in/nereid-service-setup.jar"
cp "$here/linux/nereid.service" "$docs/installing.md" "$server_in/"
jlink_runtime "$work/server-runtime" "$server_modules"
cat > "$work/nereid-setup.properties" <<EOF
main-class=org.nereid.service.ServiceSetup
description=Prepares the data directory of the Nereid service
EOF
rm -rf "$target/app-image/nereid-server"
log "jpackage app-image nereid-server"
"$bin/jpackage" --type app-image --dest "$target/app-image" --name nereid-server \
    --app-version "$app_version" --vendor "$vendor" --copyright "$copyright" \
    --description "${NEREID_DESCRIPTION:?}" --icon "$here/icons/nereid.png" \
    --input "$server_in" --main-jar nereid-server.jar --main-class org.nereid.server.Main \
    --runtime-image "$work/server-runtime" \
    --add-launcher nereid-setup="$work/nereid-setup.properties"

# ---- console ------------------------------------------------------------------------------
libs=$work/console-libs
console_jar=$(cd "$libs" && ls nereid-console-*.jar)
console_in=$work/console-input
fxmods=$work/javafx-modules
natives=$work/javafx-natives
rm -rf "$console_in" "$fxmods" "$natives"
mkdir -p "$console_in" "$fxmods" "$natives"
for jar in "$libs"/*.jar; do
    name=$(basename "$jar")
    case "$name" in
        javafx-*-linux.jar)
            # JavaFX goes into the runtime as modules, its .so files into runtime/lib, so that
            # nothing is unpacked into ~/.openjfx/cache at the first start.
            cp "$jar" "$fxmods/$name"
            unzip -q -o "$jar" '*.so' -d "$natives"
            zip -q -d "$fxmods/$name" '*.so' >/dev/null ;;
        javafx-*.jar) ;;   # the empty, platform-independent halves
        *) cp "$jar" "$console_in/" ;;
    esac
done
jlink_runtime "$work/console-runtime" "$console_modules" "$fxmods"
find "$natives" -name '*.so' -exec cp {} "$work/console-runtime/lib/" \;
rm -rf "$target/app-image/nereid-console"
log "jpackage app-image nereid-console"
"$bin/jpackage" --type app-image --dest "$target/app-image" --name nereid-console \
    --app-version "$app_version" --vendor "$vendor" --copyright "$copyright" \
    --description "Desktop console for Nereid" --icon "$here/icons/nereid.png" \
    --input "$console_in" --main-jar "$console_jar" --main-class org.nereid.console.Launcher \
    --runtime-image "$work/console-runtime" --java-options "-Xmx512m"

[ "${NEREID_PACKAGES:-1}" = 1 ] || exit 0

# ---- packages -----------------------------------------------------------------------------
package deb nereid-server "$here/linux/server" --description "${NEREID_DESCRIPTION}"
package deb nereid-console "$here/linux/console" --description "Desktop console for Nereid" \
    --linux-shortcut --linux-menu-group Network
if [ "${NEREID_RPM:-1}" = 1 ] && command -v rpmbuild >/dev/null; then
    package rpm nereid-server "$here/linux/server" --description "${NEREID_DESCRIPTION}"
    package rpm nereid-console "$here/linux/console" --description "Desktop console for Nereid" \
        --linux-shortcut --linux-menu-group Network
else
    log "no rpmbuild: no .rpm packages"
fi
ls -l "$target"/*.deb "$target"/*.rpm 2>/dev/null || true
