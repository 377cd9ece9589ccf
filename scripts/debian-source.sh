#!/usr/bin/env bash
# Fetch and unpack a Debian source package into a cache directory, adding
# the deb-src entries for bookworm and trixie first.  Idempotent.
#
#   scripts/debian-source.sh PACKAGE SUITE DEST_DIR
#
# Prints the unpacked source directory on stdout.  Needs root for the apt
# configuration the first time (as another user it says what to run).
set -euo pipefail

pkg=$1 suite=$2 dest=$3
src_list=/etc/apt/sources.list.d/calvados-deb-src.sources
say() { printf 'debian-source: %s\n' "$*" >&2; }

if ! grep -qs '^Types: deb-src' "$src_list"; then
    if [ "$(id -u)" -ne 0 ]; then
        say "no deb-src entries; as root, create $src_list (see this script) and run apt-get update"
        exit 1
    fi
    cat >"$src_list" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    say "added $src_list; apt-get update"
    apt-get update -qq >&2
fi
command -v dpkg-source >/dev/null || {
    [ "$(id -u)" -eq 0 ] || { say "missing dpkg-dev: sudo apt-get install dpkg-dev"; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null
}

mkdir -p "$dest"
done_mark="$dest/.unpacked-$pkg-$suite"
if [ ! -e "$done_mark" ]; then
    tmp=$(mktemp -d "$dest/.fetch.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    say "apt-get source $pkg/$suite"
    if ! (cd "$tmp" && apt-get source -qq "$pkg/$suite" >&2); then
        # apt-get source may need a fresh index after the first run.
        apt-get update -qq >&2 || true
        (cd "$tmp" && apt-get source -qq "$pkg/$suite" >&2)
    fi
    dir=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n 1)
    [ -n "$dir" ] || { say "apt-get source $pkg/$suite unpacked nothing"; exit 1; }
    rm -rf "$dest/src"
    mv "$dir" "$dest/src"
    touch "$done_mark"
fi
echo "$dest/src"
