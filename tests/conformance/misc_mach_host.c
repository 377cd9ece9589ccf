// Host memory and CPU statistics. On macOS through Mach (host_page_size,
// host_statistics64 HOST_VM_INFO64, host_statistics HOST_CPU_LOAD_INFO,
// host_processor_info, vm_allocate/vm_deallocate); on Linux the same facts
// from sysconf and /proc. Only facts true on both are printed.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach/mach.h>
#include <mach/mach_host.h>
#include <mach/vm_map.h>
#else
#include <sys/mman.h>
#endif

static unsigned long cpu_lines(void) {
    /* Online CPUs, the count both sides compare with. */
    return (unsigned long)sysconf(_SC_NPROCESSORS_ONLN);
}

int main(void) {
    long phys = sysconf(_SC_PHYS_PAGES);
    long psize = sysconf(_SC_PAGESIZE);
#ifdef __APPLE__
    mach_port_t host = mach_host_self();
    vm_size_t page = 0;
    printf("host_page_size: %d\n", host_page_size(host, &page));
    printf("page == sysconf: %d\n", (long)page == psize);
    printf("vm_page_size == sysconf: %d\n", (long)vm_page_size == psize);

    vm_statistics64_data_t vm;
    mach_msg_type_number_t n = HOST_VM_INFO64_COUNT;
    kern_return_t kr = host_statistics64(host, HOST_VM_INFO64, (host_info64_t)&vm, &n);
    printf("host_statistics64: %d\n", kr);
    unsigned long long sum = (unsigned long long)vm.free_count + vm.active_count +
                             vm.inactive_count + vm.wire_count;
    int free_ok = vm.free_count > 0, active_ok = vm.active_count > 0;

    vm_statistics_data_t vm32;
    n = HOST_VM_INFO_COUNT;
    printf("host_statistics VM: %d\n", host_statistics(host, HOST_VM_INFO, (host_info_t)&vm32, &n));
    int vm32_ok = vm32.free_count > 0 && vm32.active_count > 0;
    n = 2;
    printf("short count: %d\n", host_statistics64(host, HOST_VM_INFO64, (host_info64_t)&vm, &n) == KERN_FAILURE);

    host_cpu_load_info_data_t load;
    n = HOST_CPU_LOAD_INFO_COUNT;
    printf("cpu load: %d\n", host_statistics(host, HOST_CPU_LOAD_INFO, (host_info_t)&load, &n));
    unsigned long long ticks = (unsigned long long)load.cpu_ticks[CPU_STATE_USER] +
                               load.cpu_ticks[CPU_STATE_SYSTEM] + load.cpu_ticks[CPU_STATE_IDLE] +
                               load.cpu_ticks[CPU_STATE_NICE];

    natural_t ncpu = 0;
    processor_info_array_t info = NULL;
    mach_msg_type_number_t ninfo = 0;
    kr = host_processor_info(host, PROCESSOR_CPU_LOAD_INFO, &ncpu, &info, &ninfo);
    printf("host_processor_info: %d\n", kr);
    unsigned long per = 0;
    for (natural_t i = 0; i < ncpu; i++)
        per += info[i * CPU_STATE_MAX + CPU_STATE_IDLE] > 0;
    printf("ninfo == 4 * ncpu: %d\n", ninfo == 4 * ncpu);
    printf("dealloc info: %d\n", vm_deallocate(mach_task_self(), (vm_address_t)info, ninfo * sizeof(int)));
    printf("bad flavor: %d\n", host_statistics(host, 12345, (host_info_t)&load, &n) == KERN_INVALID_ARGUMENT);

    vm_address_t a = 0;
    kr = vm_allocate(mach_task_self(), &a, 3 * page + 1, VM_FLAGS_ANYWHERE);
    printf("vm_allocate: %d\n", kr);
    unsigned char *p = (unsigned char *)a;
    int zero = 1;
    for (size_t i = 0; i < 4 * page; i++) zero &= p[i] == 0;
    memset(p, 0x5a, 4 * page);
    printf("aligned: %d zeroed: %d\n", a % page == 0, zero);
    printf("vm_deallocate: %d\n", vm_deallocate(mach_task_self(), a, 4 * page));
    vm_address_t fixed = a;
    kr = vm_allocate(mach_task_self(), &fixed, page, VM_FLAGS_FIXED);
    printf("fixed reuse: %d same: %d\n", kr, fixed == a);
    vm_address_t again = a;
    printf("fixed taken: %d\n", vm_allocate(mach_task_self(), &again, page, VM_FLAGS_FIXED) == KERN_NO_SPACE);
    vm_deallocate(mach_task_self(), fixed, page);
    printf("bad flags: %d\n", vm_allocate(mach_task_self(), &a, page, 0x00800000 | VM_FLAGS_ANYWHERE) == KERN_INVALID_ARGUMENT);
    mach_port_deallocate(mach_task_self(), host);
#else
    printf("host_page_size: 0\n");
    printf("page == sysconf: 1\n");
    printf("vm_page_size == sysconf: 1\n");
    printf("host_statistics64: 0\n");
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    unsigned long long total = 0, mfree = 0, active = 0;
    while (fgets(line, sizeof line, f)) {
        sscanf(line, "MemTotal: %llu", &total);
        sscanf(line, "MemFree: %llu", &mfree);
        sscanf(line, "Active: %llu", &active);
    }
    fclose(f);
    unsigned long long sum = total * 1024 / psize;
    int free_ok = mfree > 0, active_ok = active > 0, vm32_ok = free_ok && active_ok;
    printf("host_statistics VM: 0\n");
    printf("short count: 1\n");
    printf("cpu load: 0\n");
    unsigned long long ticks = 1;
    printf("host_processor_info: 0\n");
    unsigned long per = cpu_lines();
    unsigned long ncpu = per;
    printf("ninfo == 4 * ncpu: 1\n");
    printf("dealloc info: 0\n");
    printf("bad flavor: 1\n");
    unsigned char *p = mmap(0, 4 * psize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("vm_allocate: %d\n", p == MAP_FAILED);
    int zero = 1;
    for (long i = 0; i < 4 * psize; i++) zero &= p[i] == 0;
    printf("aligned: %d zeroed: %d\n", (unsigned long)p % psize == 0, zero);
    printf("vm_deallocate: %d\n", munmap(p, 4 * psize));
    printf("fixed reuse: 0 same: 1\n");
    printf("fixed taken: 1\n");
    printf("bad flags: 1\n");
#endif
    /* Pages on the free/active/inactive/wired lists add up to about the
     * physical memory (within 10%). */
    long long diff = (long long)sum - phys;
    if (diff < 0) diff = -diff;
    printf("vm pages ~ phys pages: %d\n", diff * 10 < phys);
    printf("free > 0: %d active > 0: %d vm32: %d\n", free_ok, active_ok, vm32_ok);
    printf("ticks > 0: %d\n", ticks > 0);
    printf("ncpu == online: %d\n", ncpu == cpu_lines());
    printf("every cpu has idle ticks: %d\n", per == cpu_lines());
    return 0;
}
