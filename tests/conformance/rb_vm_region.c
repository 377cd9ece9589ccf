// darwin-differs: Mach VM calls are macOS-only (<mach/vm_map.h> vm_region_64, vm_protect; <mach/vm_region.h> VM_REGION_BASIC_INFO_64, VM_REGION_BASIC_INFO_COUNT_64 = 9; <libproc.h> proc_regionfilename returns the path length, 0 with ENOMEM for a buffer under MAXPATHLEN)
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __APPLE__
#include <libproc.h>
#include <mach/mach.h>
#include <sys/param.h>

static int region(vm_address_t *addr, vm_size_t *size, vm_region_basic_info_data_64_t *info) {
    mach_msg_type_number_t count = VM_REGION_BASIC_INFO_COUNT_64;
    mach_port_t obj = 1;
    kern_return_t kr = vm_region_64(mach_task_self(), addr, size, VM_REGION_BASIC_INFO_64,
                                    (vm_region_info_t)info, &count, &obj);
    if (kr == KERN_SUCCESS && (count != VM_REGION_BASIC_INFO_COUNT_64 || obj != MACH_PORT_NULL)) return -1;
    return kr;
}
#endif

int main(int argc, char **argv) {
    (void)argc;
#ifdef __APPLE__
    size_t page = (size_t)getpagesize();
    char *p = mmap(0, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    munmap(p + 3 * page, page); /* the region ends before this page */
    vm_address_t a = (vm_address_t)p + 5;
    vm_size_t sz = 0;
    vm_region_basic_info_data_64_t info;
    printf("count: %u\n", (unsigned)VM_REGION_BASIC_INFO_COUNT_64);
    printf("anon: kr %d start ok %d size ok %d prot %d shared %d\n", region(&a, &sz, &info),
           a <= (vm_address_t)p, a + sz == (vm_address_t)p + 3 * page, info.protection, info.shared);
    printf("protect ro: %d\n", vm_protect(mach_task_self(), (vm_address_t)p + page, page, 0, VM_PROT_READ));
    a = (vm_address_t)p + page;
    printf("middle: kr %d start ok %d size %d prot %d\n", region(&a, &sz, &info),
           a == (vm_address_t)p + page, (int)(sz / page), info.protection);
    printf("protect rw: %d\n", vm_protect(mach_task_self(), (vm_address_t)p + page, page, 0, VM_PROT_READ | VM_PROT_WRITE));
    p[page] = 1;
    printf("write after rw: %d\n", p[page]);
    printf("protect none: %d\n", vm_protect(mach_task_self(), (vm_address_t)p, page, 0, VM_PROT_NONE));
    a = (vm_address_t)p;
    printf("none: kr %d prot %d\n", region(&a, &sz, &info), info.protection);
    printf("protect unmapped: %d\n", vm_protect(mach_task_self(), (vm_address_t)p + 3 * page, page, 0, VM_PROT_READ) != KERN_SUCCESS);
    a = (vm_address_t)p + 3 * page;
    printf("gap: kr %d next above: %d\n", region(&a, &sz, &info), a > (vm_address_t)p + 3 * page);
    a = (vm_address_t)0x7ffffffff000ULL;
    printf("top: kr %d\n", region(&a, &sz, &info));

    a = (vm_address_t)&main;
    printf("text: kr %d exec %d\n", region(&a, &sz, &info), (info.protection & VM_PROT_EXECUTE) != 0);
    char path[MAXPATHLEN];
    int n = proc_regionfilename(getpid(), (uint64_t)(uintptr_t)&main, path, sizeof path);
    const char *base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    const char *got = strrchr(path, '/');
    printf("regionfilename: len ok %d same file %d\n", n == (int)strlen(path), n > 0 && got && strcmp(got + 1, base) == 0);
    errno = 0;
    printf("small buffer: %d enomem %d\n", proc_regionfilename(getpid(), (uint64_t)(uintptr_t)&main, path, 64), errno == ENOMEM);
#else
    (void)argv;
    puts("Mach VM is macOS-only");
#endif
    return 0;
}
