// darwin-differs: the x86_64 comm page at 0x7fffffe00000 is an XNU feature (osfmk/i386/cpu_capabilities.h: signature "commpage 64-bit", _COMM_PAGE_VERSION 13 at +0x1e, _COMM_PAGE_CPU_CAPABILITIES64 at +0x10 with kHasSSE2 and k64Bit, _COMM_PAGE_NCPUS at +0x22 matching hw.logicalcpu, kNumCPUs bits 16-23)
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/sysctl.h>
#endif

int main(void) {
#ifdef __APPLE__
    const unsigned char *cp = (const unsigned char *)0x7fffffe00000ULL;
    uint64_t caps;
    uint16_t version;
    uint32_t caps32;
    memcpy(&caps, cp + 0x10, 8);
    memcpy(&version, cp + 0x1e, 2);
    memcpy(&caps32, cp + 0x20, 4);
    printf("signature: %.15s\n", (const char *)cp);
    printf("version: %u\n", version);
    printf("sse2: %d 64bit: %d\n", (caps & 0x4) != 0, (caps & 0x200) != 0);
    printf("low half agrees: %d\n", (uint32_t)caps == caps32);
    int ncpu = 0;
    size_t len = sizeof ncpu;
    sysctlbyname("hw.logicalcpu", &ncpu, &len, 0, 0);
    printf("ncpus agree: %d\n", cp[0x22] == ncpu && (int)((caps >> 16) & 0xff) == ncpu);
    int avx2 = 0;
    len = sizeof avx2;
    sysctlbyname("hw.optional.avx2_0", &avx2, &len, 0, 0);
    printf("avx2 agrees with sysctl: %d\n", ((caps & 0x20000000) != 0) == (avx2 != 0));
    uint16_t line;
    memcpy(&line, cp + 0x26, 2);
    printf("cache line: %u\n", line);
#else
    puts("no comm page on Linux");
#endif
    return 0;
}
