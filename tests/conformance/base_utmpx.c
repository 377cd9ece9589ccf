// The login records as coreutils' who/users/uptime read them: utmpxname,
// setutxent, getutxent, endutxent. The host's database (glibc's
// /var/run/utmp) is what both sides read: the same records, whose fields
// are printed (sorted; times only as "set").
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utmpx.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

int main(void) {
#ifdef __APPLE__
    // darwin: 1 on success; 0 for a name not ending in 'x'.
    printf("utmpxname default: %d\n", utmpxname(_PATH_UTMPX));
    printf("utmpxname bad: %d\n", utmpxname("/tmp/utmp"));
    utmpxname(_PATH_UTMPX);
#else
    printf("utmpxname default: %d\n", utmpxname("/var/run/utmp") == 0);
    printf("utmpxname bad: %d\n", 0);
#endif
    char *lines[256];
    int n = 0;
    for (int pass = 0; pass < 2; pass++) {
        setutxent();
        struct utmpx *u;
        int count = 0;
        while ((u = getutxent()) != NULL && n < 256) {
            count++;
            if (pass == 1) continue;
            char buf[700];
            snprintf(buf, sizeof buf, "type %d user [%.*s] line [%.*s] id [%.*s] pid>0 %d host [%.*s] time set %d",
                     u->ut_type, (int)sizeof u->ut_user, u->ut_user, (int)sizeof u->ut_line, u->ut_line,
                     (int)sizeof u->ut_id, u->ut_id, u->ut_pid > 0, (int)sizeof u->ut_host, u->ut_host,
                     u->ut_tv.tv_sec > 0);
            lines[n++] = strdup(buf);
        }
        printf("pass %d: %d records\n", pass, count);
        endutxent();
    }
    qsort(lines, n, sizeof *lines, cmp);
    for (int i = 0; i < n; i++) puts(lines[i]);
    printf("BOOT_TIME %d USER_PROCESS %d DEAD_PROCESS %d\n", BOOT_TIME, USER_PROCESS, DEAD_PROCESS);
    return 0;
}
