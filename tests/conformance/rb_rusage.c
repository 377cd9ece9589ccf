// darwin-differs: proc_pid_rusage is macOS-only (<libproc.h>; <sys/resource.h> struct rusage_info_v0..v6, RUSAGE_INFO_V*; -1 with EINVAL for an unknown flavor, ESRCH for no such process)
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#ifdef __APPLE__
#include <libproc.h>
#include <sys/resource.h>
#endif

int main(void) {
#ifdef __APPLE__
    /* Touch memory and burn a little CPU so the counters move. */
    size_t n = 8 << 20;
    char *volatile m = malloc(n);
    memset(m, 1, n);
    printf("touched: %d\n", m[n / 2] + m[n - 1]);
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < 30000000UL; i++) x += i;

    struct rusage_info_v6 v6;
    memset(&v6, 0xee, sizeof v6);
    printf("sizes: %zu %zu %zu %zu %zu %zu %zu\n", sizeof(struct rusage_info_v0), sizeof(struct rusage_info_v1),
           sizeof(struct rusage_info_v2), sizeof(struct rusage_info_v3), sizeof(struct rusage_info_v4),
           sizeof(struct rusage_info_v5), sizeof(struct rusage_info_v6));
    printf("v6: %d\n", proc_pid_rusage(getpid(), RUSAGE_INFO_V6, (rusage_info_t *)&v6));
    printf("cpu time > 0: %d\n", v6.ri_user_time + v6.ri_system_time > 0);
    printf("resident >= 8 MiB: %d\n", v6.ri_resident_size >= (uint64_t)n);
    printf("footprint >= 8 MiB: %d\n", v6.ri_phys_footprint >= (uint64_t)n);
    printf("lifetime max >= footprint/2: %d\n", v6.ri_lifetime_max_phys_footprint >= v6.ri_phys_footprint / 2);
    printf("started: %d not exited: %d\n", v6.ri_proc_start_abstime > 0, v6.ri_proc_exit_abstime == 0);

    unsigned char guard[32];
    memset(guard, 0x5a, sizeof guard);
    struct { struct rusage_info_v0 v; unsigned char tail[32]; } w;
    memset(&w, 0x5a, sizeof w);
    printf("v0: %d tail untouched: %d\n", proc_pid_rusage(getpid(), RUSAGE_INFO_V0, (rusage_info_t *)&w.v),
           memcmp(w.tail, guard, sizeof guard) == 0);

    pid_t c = fork();
    if (c == 0) { pause(); _exit(0); }
    struct rusage_info_v2 v2;
    printf("child v2: %d\n", proc_pid_rusage(c, RUSAGE_INFO_V2, (rusage_info_t *)&v2));
    kill(c, 9);
    waitpid(c, 0, 0);
    errno = 0;
    printf("bad flavor: %d einval %d\n", proc_pid_rusage(getpid(), 99, (rusage_info_t *)&v6), errno == EINVAL);
    errno = 0;
    printf("no process: %d esrch %d\n", proc_pid_rusage(c, RUSAGE_INFO_V2, (rusage_info_t *)&v2), errno == ESRCH);
    free(m);
#else
    puts("proc_pid_rusage is macOS-only");
#endif
    return 0;
}
