#!/usr/bin/env bash
# Builds Nereid's installers with jlink + jpackage; run by `mvn -Pinstallers package`
# (installers/pom.xml) after the jars are built. See docs/installing.md.
#
#   app-images (all systems): target/app-image/nereid-server, target/app-image/nereid-console
#   Linux:   target/nereid-{server,console}_<v>-1_amd64.deb, and .rpm where rpmbuild exists
#   Windows: target/nereid-{server,console}-<v>.msi (WiX 3 on PATH; Git Bash runs this script)
#   macOS:   target/nereid-console-<v>.dmg, target/nereid-server-<v>.pkg
#
# Environment (set by the pom): NEREID_VERSION, NEREID_VENDOR, NEREID_MAINTAINER, NEREID_DESCRIPTION,
# NEREID_SETUP_JAR, NEREID_TARGET, JAVA_HOME. NEREID_PACKAGES=0 stops after the app-images;
# NEREID_RPM=0 skips the .rpm packages. The jlink runtimes are kept between runs while the
# JDK and the module lists stay the same.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
target=${NEREID_TARGET:?}
work=$target/jpackage
java_home=${JAVA_HOME:?}
command -v cygpath >/dev/null && java_home=$(cygpath -u "$java_home")
bin=$java_home/bin
case "$(uname -s)" in
    Linux*) os=linux ;;
    Darwin*) os=mac ;;
    MINGW* | MSYS* | CYGWIN*) os=win ;;
    *) echo "build.sh: unknown system $(uname -s)" >&2; exit 1 ;;
esac
# jpackage wants numbers: 0.1.0-SNAPSHOT is packaged as 0.1.0 (-version and About tell the whole).
app_version=${NEREID_VERSION%%-*}
# macOS refuses a bundle version starting with 0: 0.x.y becomes 1.x.y there.
[ "$os" = mac ] && [ "${app_version%%.*}" = 0 ] && app_version=1.${app_version#*.}
vendor=${NEREID_VENDOR:?}
description=${NEREID_DESCRIPTION:?}
copyright="Copyright $(date -u +%Y) $vendor"
# gzip instead of xz: 30 s instead of 2-3 min for a 90 MB package on two cores.
export DPKG_DEB_COMPRESSOR_TYPE=gzip

# The server needs these JDK modules (jdeps --print-module-deps on the shaded jar, plus the
# TLS EC provider, a service jdeps cannot see, and what java.sql and java.desktop bring anyway).
server_modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.unsupported,jdk.zipfs
# The console: JavaFX (with WebView) and what the JDK side of it and common use.
console_modules=javafx.controls,javafx.web,java.desktop,java.logging,java.management,java.net.http,java.sql,jdk.crypto.ec,jdk.jsobject,jdk.localedata,jdk.unsupported,jdk.xml.dom

case $os in
    linux) natives='*.so' natives_dir=lib ;;
    mac) natives='*.dylib' natives_dir=lib ;;
    win) natives='*.dll' natives_dir=bin ;;
esac

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

# without_natives JAR OUT: a copy of the JavaFX module JAR without its native libraries.
without_natives() {
    cp "$1" "$2"
    if command -v zip >/dev/null; then
        zip -q -d "$2" "$natives" >/dev/null || [ $? = 12 ]   # 12: the jar has none
    else   # Git Bash on Windows has no zip: unpack and pack again with the JDK's jar
        local dir=$work/unpacked
        rm -rf "$dir" && mkdir -p "$dir"
        (cd "$dir" && "$bin/jar" xf "$1" && find . -name "$natives" -delete)
        rm -f "$2"
        "$bin/jar" --create --file "$2" --manifest "$dir/META-INF/MANIFEST.MF" -C "$dir" .
    fi
}

# natives_of JAR: its native libraries, into $fxnatives.
natives_of() {
    if command -v unzip >/dev/null; then
        unzip -q -o "$1" "$natives" -d "$fxnatives" >/dev/null 2>&1 || [ $? = 11 ]   # 11: the jar has none
    else
        (cd "$fxnatives" && "$bin/jar" xf "$1")
    fi
}

# The icon for the system: PNG on Linux, ICO on Windows, ICNS (made here) on macOS.
icon() {
    case $os in
        linux) echo "$here/icons/nereid.png" ;;
        win) echo "$here/icons/nereid.ico" ;;
        mac)
            local set=$work/nereid.iconset
            if [ ! -f "$work/nereid.icns" ]; then
                mkdir -p "$set"
                for s in 16 32 128 256; do
                    sips -z $s $s "$here/icons/nereid.png" --out "$set/icon_${s}x${s}.png" >/dev/null
                    sips -z $((s * 2)) $((s * 2)) "$here/icons/nereid.png" --out "$set/icon_${s}x${s}@2x.png" >/dev/null
                done
                iconutil -c icns -o "$work/nereid.icns" "$set"
            fi
            echo "$work/nereid.icns" ;;
    esac
}

# app_image NAME [jpackage options]: target/app-image/NAME (NAME.app on macOS).
app_image() {
    local name=$1
    shift
    rm -rf "$target/app-image/$name" "$target/app-image/$name.app"
    log "jpackage app-image $name"
    "$bin/jpackage" --type app-image --dest "$target/app-image" --name "$name" \
        --app-version "$app_version" --vendor "$vendor" --copyright "$copyright" "$@"
}

# linux_tidy NAME: strips the native code of app-image NAME (Debian's JDK libraries keep their
# symbol tables) and makes its shared libraries non-executable, as Debian policy wants.
linux_tidy() {
    local image=$target/app-image/$1
    [ "$os" = linux ] && command -v strip >/dev/null || return 0
    find "$image" -type f \( -name '*.so' -o -perm -u+x \) -exec strip --strip-unneeded {} + 2>/dev/null || true
    find "$image" -type f -name '*.so' -exec chmod 0644 {} +
}

# package TYPE NAME [jpackage options]: an installer from the app-image NAME.
package() {
    local type=$1 name=$2 image=$target/app-image/$2
    shift 2
    [ "$os" = mac ] && image=$image.app
    log "jpackage --type $type $name"
    rm -f "$target/${name}"[-_]*."$type"
    "$bin/jpackage" --type "$type" --app-image "$image" --dest "$target" --name "$name" \
        --app-version "$app_version" --vendor "$vendor" --copyright "$copyright" "$@"
}

linux_package() {
    local type=$1 name=$2
    shift 2
    package "$type" "$name" --linux-package-name "$name" --linux-app-release 1 --linux-app-category net \
        --linux-deb-maintainer "${NEREID_MAINTAINER:?}" --linux-rpm-license-type unspecified \
        --resource-dir "$here/linux/${name#nereid-}" "$@"
}

mkdir -p "$work" "$target/app-image"

# ---- server -------------------------------------------------------------------------------
server_in=$work/server-input
rm -rf "$server_in"
mkdir -p "$server_in"
# The shaded jar (the module's Maven artifact is the plain one).
cp "$repo/server/target/nereid-server.jar" "$server_in/"
cp "$NEREID_SETUP_JAR" "$server_in/nereid-service-setup.jar"
cp "$here/linux/nereid.service" "$repo/docs/installing.md" "$server_in/"
jlink_runtime "$work/server-runtime" "$server_modules"
cat > "$work/nereid-setup.properties" <<EOF
main-class=org.nereid.service.ServiceSetup
description=Prepares the data directory of the Nereid service
win-console=true
EOF
# java.desktop is there for java.beans (ice4j); headless, its X11 and sound libraries are never
# loaded, so the .deb depends only on what the rest needs (linux/server/control).
server_options=(--description "$description" --input "$server_in" --main-jar nereid-server.jar
    --main-class org.nereid.server.Main --runtime-image "$work/server-runtime" --java-options -Djava.awt.headless=true
    --add-launcher nereid-setup="$work/nereid-setup.properties")
# The JVM options every launcher of the server uses (heap, GC; see docs/benchmarks.md).
while read -r option; do
    case $option in '' | '#'*) ;; *) server_options+=(--java-options "$option") ;; esac
done < "$repo/server/jvm.options"
# The jar's Add-Opens and Add-Exports (Hazelcast's JDK internals, server/pom.xml): `java -jar`
# honours them, jpackage's launcher does not, so they become options. The manifest folds long
# lines onto continuation lines that start with a space.
(cd "$work" && "$bin/jar" xf "$server_in/nereid-server.jar" META-INF/MANIFEST.MF)
manifest=$(tr -d '\r' < "$work/META-INF/MANIFEST.MF" | sed ':a;N;$!ba;s/\n //g')
for access in Opens Exports; do
    for package in $(printf '%s\n' "$manifest" | sed -n "s/^Add-$access: //p"); do
        server_options+=(--java-options "--add-$(echo "$access" | tr '[:upper:]' '[:lower:]')=$package=ALL-UNNAMED")
    done
done
# No icon on Linux: with one, jpackage would add menu entries for the server's launchers.
[ "$os" = linux ] || server_options+=(--icon "$(icon)")
[ "$os" = win ] && server_options+=(--win-console)
[ "$os" = mac ] && server_options+=(--mac-package-identifier org.nereid.server)
app_image nereid-server "${server_options[@]}"
linux_tidy nereid-server

# ---- console ------------------------------------------------------------------------------
libs=$work/console-libs
console_jar=$(cd "$libs" && ls nereid-console-*.jar)
console_in=$work/console-input
fxmods=$work/javafx-modules
fxnatives=$work/javafx-natives
rm -rf "$console_in" "$fxmods" "$fxnatives"
mkdir -p "$console_in" "$fxmods" "$fxnatives"
for jar in "$libs"/*.jar; do
    name=$(basename "$jar")
    case "$name" in
        javafx-*-linux.jar | javafx-*-win.jar | javafx-*-mac.jar | javafx-*-mac-aarch64.jar)
            # JavaFX goes into the runtime as modules and its native libraries next to the
            # JDK's, so that nothing is unpacked into ~/.openjfx/cache at the first start.
            without_natives "$jar" "$fxmods/$name"
            natives_of "$jar" ;;
        javafx-*.jar) ;;   # the empty, platform-independent halves
        *) cp "$jar" "$console_in/" ;;
    esac
done
jlink_runtime "$work/console-runtime" "$console_modules" "$fxmods"
find "$fxnatives" -name "$natives" -exec cp {} "$work/console-runtime/$natives_dir/" \;
console_options=(--description "Desktop console for Nereid" --input "$console_in" --main-jar "$console_jar"
    --main-class org.nereid.console.Launcher --runtime-image "$work/console-runtime" --java-options "-Xmx512m"
    --icon "$(icon)")
[ "$os" = mac ] && console_options+=(--mac-package-identifier org.nereid.console --mac-package-name "Nereid Console")
app_image nereid-console "${console_options[@]}"
linux_tidy nereid-console

[ "${NEREID_PACKAGES:-1}" = 1 ] || exit 0

# ---- installers ---------------------------------------------------------------------------
case $os in
    linux)
        linux_package deb nereid-server --description "$description"
        linux_package deb nereid-console --description "Desktop console for Nereid" \
            --linux-shortcut --linux-menu-group Network
        if [ "${NEREID_RPM:-1}" = 1 ] && command -v rpmbuild >/dev/null; then
            linux_package rpm nereid-server --description "$description"
            linux_package rpm nereid-console --description "Desktop console for Nereid" \
                --linux-shortcut --linux-menu-group Network
        else
            log "no rpmbuild (or NEREID_RPM=0): no .rpm packages"
        fi ;;
    win)
        # The upgrade codes must never change: they let a newer .msi replace an older one.
        package msi nereid-server --description "$description" --win-dir-chooser \
            --win-upgrade-uuid 5bbb0262-9aec-4d96-9d4b-5447f6dcc0fc
        package msi nereid-console --description "Desktop console for Nereid" --win-dir-chooser \
            --win-menu --win-menu-group Nereid --win-shortcut \
            --win-upgrade-uuid f5418453-9c27-4afa-8cd9-60a408636fd8 ;;
    mac)
        package pkg nereid-server --description "$description" --mac-package-identifier org.nereid.server
        package dmg nereid-console --description "Desktop console for Nereid" \
            --mac-package-identifier org.nereid.console --mac-package-name "Nereid Console" ;;
esac
ls -l "$target"/*.deb "$target"/*.rpm "$target"/*.msi "$target"/*.dmg "$target"/*.pkg 2>/dev/null || true
