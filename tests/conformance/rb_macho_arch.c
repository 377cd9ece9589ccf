// darwin-differs: libmacho's NXArchInfo table and dyld's availability check are macOS-only (<mach-o/arch.h>: NXGetArchInfoFromCpuType matches the subtype without feature bits, CPU_SUBTYPE_MULTIPLE finds the family, an unknown i386 subtype is described as "Intel family F model M"; __builtin_available asks _availability_version_check)
#include <stdio.h>
#ifdef __APPLE__
#include <mach-o/arch.h>
#include <mach/machine.h>
#endif

static void show(const char *what, const void *p) {
#ifdef __APPLE__
    const NXArchInfo *a = p;
    if (!a) { printf("%s: NULL\n", what); return; }
    printf("%s: %s type %d subtype %d order %d \"%s\"\n", what, a->name, a->cputype, a->cpusubtype,
           (int)a->byteorder, a->description);
#else
    (void)what; (void)p;
#endif
}

int main(void) {
#ifdef __APPLE__
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
    show("x86_64 all", NXGetArchInfoFromCpuType(CPU_TYPE_X86_64, CPU_SUBTYPE_X86_64_ALL));
    show("x86_64 lib64", NXGetArchInfoFromCpuType(CPU_TYPE_X86_64, CPU_SUBTYPE_X86_64_ALL | (int)CPU_SUBTYPE_LIB64));
    show("x86_64h", NXGetArchInfoFromCpuType(CPU_TYPE_X86_64, CPU_SUBTYPE_X86_64_H));
    show("arm64 family", NXGetArchInfoFromCpuType(CPU_TYPE_ARM64, CPU_SUBTYPE_MULTIPLE));
    show("ppc", NXGetArchInfoFromCpuType(CPU_TYPE_POWERPC, CPU_SUBTYPE_POWERPC_ALL));
    show("i386 family 6 model 9", NXGetArchInfoFromCpuType(CPU_TYPE_I386, CPU_SUBTYPE_INTEL(6, 9)));
    show("unknown type", NXGetArchInfoFromCpuType(1234, 0));
    show("name i386", NXGetArchInfoFromName("i386"));
    show("name any", NXGetArchInfoFromName("any"));
    show("name nonsense", NXGetArchInfoFromName("nonsense"));
    const NXArchInfo *local = NXGetLocalArchInfo();
    printf("local is x86_64: %d\n", local && local->cputype == CPU_TYPE_X86_64);
    int n = 0;
    for (const NXArchInfo *a = NXGetAllArchInfos(); a->name; a++) n++;
    printf("table has i386..arm64 families: %d\n", n >= 12);
    if (__builtin_available(macOS 10.15, *)) puts("macOS >= 10.15: yes"); else puts("macOS >= 10.15: no");
    if (__builtin_available(macOS 99, *)) puts("macOS >= 99: yes"); else puts("macOS >= 99: no");
#else
    puts("libmacho is macOS-only");
#endif
    return 0;
}
