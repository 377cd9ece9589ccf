// darwin-differs: sysctl(3) and sysctlbyname(3) exist only on macOS; on macOS
// kern.ostype is "Darwin" and kern.osrelease the Darwin release (Calvados
// reports macOS 11.7.4 / Darwin 20.6.0 / build 20G1120). The Linux twin
// prints the same lines from sysconf/uname so the hardware values still
// cross-check.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/sysctl.h>
#endif

int main(void) {
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
#ifdef __APPLE__
    char s[256];
    size_t n = sizeof s;
    sysctlbyname("kern.ostype", s, &n, NULL, 0);
    printf("kern.ostype=%s len=%zu\n", s, n);
    n = sizeof s;
    sysctlbyname("kern.osrelease", s, &n, NULL, 0);
    printf("kern.osrelease=%s\n", s);
    n = sizeof s;
    sysctlbyname("kern.osproductversion", s, &n, NULL, 0);
    printf("kern.osproductversion=%s\n", s);
    int v = 0;
    n = sizeof v;
    sysctlbyname("hw.ncpu", &v, &n, NULL, 0);
    printf("hw.ncpu matches: %d\n", v == ncpu);
    int mib[2] = {CTL_HW, HW_NCPU};
    v = 0;
    n = sizeof v;
    sysctl(mib, 2, &v, &n, NULL, 0);
    printf("mib hw.ncpu matches: %d\n", v == ncpu);
    long long mem = 0;
    n = sizeof mem;
    sysctlbyname("hw.memsize", &mem, &n, NULL, 0);
    printf("hw.memsize positive: %d size=%zu\n", mem > 0, n);
    n = 0;
    sysctlbyname("kern.ostype", NULL, &n, NULL, 0);
    printf("size query: %zu\n", n);
    char tiny[3];
    n = sizeof tiny;
    int r = sysctlbyname("kern.ostype", tiny, &n, NULL, 0);
    printf("short buffer: %d ENOMEM=%d\n", r, errno == ENOMEM);
    r = sysctlbyname("no.such.name", s, &n, NULL, 0);
    printf("unknown: %d ENOENT=%d\n", r, errno == ENOENT);
    size_t mlen = 4;
    int m2[4];
    sysctlnametomib("hw.ncpu", m2, &mlen);
    printf("nametomib: %zu %d %d\n", mlen, m2[0], m2[1]);
#else
    printf("linux ncpu %d\n", ncpu > 0);
#endif
    return 0;
}
