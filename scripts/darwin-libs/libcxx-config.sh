# Sourced by scripts/build-darwin-libs.sh and scripts/darwin-libs/c++: the
# libc++ configuration, as the -D flags zig passes instead of generating
# __config_site (`zig c++ -v` shows them): Apple's ABI v1 in the inline
# namespace __1 (mangled NSt3__1, as macOS binaries import), threads,
# filesystem, localization, wide characters, no hardening.
# Needs $zigdir (the ziglang package directory).
libcxx_src="$zigdir/lib/libcxx"
libcxxabi_src="$zigdir/lib/libcxxabi"
libcxx_config=(
    -D_LIBCPP_ABI_VERSION=1 -D_LIBCPP_ABI_NAMESPACE=__1
    -D_LIBCPP_HAS_THREADS=1 -D_LIBCPP_HAS_MONOTONIC_CLOCK=1 -D_LIBCPP_HAS_TERMINAL=1
    -D_LIBCPP_HAS_MUSL_LIBC=0 -D_LIBCPP_HAS_VENDOR_AVAILABILITY_ANNOTATIONS=0
    -D_LIBCPP_HAS_FILESYSTEM=1 -D_LIBCPP_HAS_RANDOM_DEVICE=1 -D_LIBCPP_HAS_LOCALIZATION=1
    -D_LIBCPP_HAS_UNICODE=1 -D_LIBCPP_HAS_WIDE_CHARACTERS=1 -D_LIBCPP_HAS_NO_STD_MODULES
    -D_LIBCPP_PSTL_BACKEND_SERIAL
    -D_LIBCPP_HARDENING_MODE=_LIBCPP_HARDENING_MODE_NONE
    -D_LIBCPP_ASSERTION_SEMANTIC_DEFAULT=_LIBCPP_ASSERTION_SEMANTIC_IGNORE
)
# The headers go before the C library's (-I, not -isystem: zig's own libc
# -isystem paths would come first otherwise).
libcxx_headers=(-nostdinc++ -I"$libcxx_src/include" -I"$libcxxabi_src/include")
# The oldest macOS the objects and links assume. From 10.15 on, libc++'s
# atomics wait with __ulock_wait.
darwin_min=11.0
darwin_target=x86_64-macos.$darwin_min
# ld64.lld links what zig's Mach-O linker cannot: libc++ re-exporting
# libc++abi (zig has no -reexport_library) and programs against it (zig's
# linker crashes on a dylib with LC_REEXPORT_DYLIB).
lld=$(command -v ld64.lld-19 || command -v ld64.lld || true)
