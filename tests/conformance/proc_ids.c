// Process identity: pids, process groups and sessions (getpgrp, getpgid,
// setpgid, getsid, setsid and their errors), user and group ids set to
// themselves, issetugid, and scheduling priority (getpriority,
// setpriority, nice) with their errors.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#ifndef __APPLE__
#include <sys/auxv.h>
static int issetugid(void) { return getauxval(AT_SECURE) != 0; }
#endif

static int wait_for(pid_t p) {
    int st;
    waitpid(p, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(void) {
    pid_t me = getpid();
    printf("getpid>1: %d getppid>0: %d\n", me > 1, getppid() > 0);
    printf("getpgrp==getpgid(0): %d getpgid(self)==getpgrp: %d\n", getpgrp() == getpgid(0), getpgid(me) == getpgrp());
    printf("getsid(0)==getsid(self): %d\n", getsid(0) == getsid(me));
    errno = 0;
    printf("getpgid(missing): %d ESRCH=%d\n", getpgid(999999), errno == ESRCH);
    errno = 0;
    printf("getsid(missing): %d ESRCH=%d\n", getsid(999999), errno == ESRCH);
    errno = 0;
    printf("setpgid(missing): %d ESRCH=%d\n", setpgid(999999, 0), errno == ESRCH);
    errno = 0;
    printf("setpgid(-1): %d EINVAL=%d\n", setpgid(me, -1), errno == EINVAL);

    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        pid_t self = getpid();
        printf("child: ppid matches=%d same group=%d\n", getppid() == me, getpgrp() == getpgid(me));
        printf("child: setpgid(0,0)=%d own group=%d\n", setpgid(0, 0), getpgrp() == self);
        errno = 0;
        printf("child: setsid as group leader=%d EPERM=%d\n", setsid(), errno == EPERM);
        fflush(stdout);
        pid_t g = fork();
        if (g == 0) {
            pid_t s = setsid();
            printf("grandchild: setsid==pid %d getsid==pid %d own group=%d\n", s == getpid(), getsid(0) == getpid(),
                   getpgrp() == getpid());
            errno = 0;
            printf("grandchild: setpgid into the old group=%d EPERM=%d\n", setpgid(0, self), errno == EPERM);
            fflush(stdout);
            _exit(0);
        }
        wait_for(g);
        _exit(3);
    }
    printf("child status %d\n", wait_for(c));
    fflush(stdout);
    c = fork();
    if (c == 0) {
        pause();
        _exit(0);
    }
    printf("parent moves child to its own group: %d ", setpgid(c, c));
    printf("getpgid(child)==child: %d\n", getpgid(c) == c);
    kill(c, SIGKILL);
    wait_for(c);

    uid_t u = getuid(), eu = geteuid();
    gid_t g = getgid(), eg = getegid();
    printf("setuid(self)=%d seteuid(self)=%d setgid(self)=%d setegid(self)=%d\n", setuid(u), seteuid(eu), setgid(g),
           setegid(eg));
    printf("setreuid(-1,-1)=%d setregid(-1,-1)=%d\n", setreuid(-1, -1), setregid(-1, -1));
    printf("ids unchanged: %d\n", getuid() == u && geteuid() == eu && getgid() == g && getegid() == eg);
    printf("issetugid: %d\n", issetugid());

    errno = 0;
    int p0 = getpriority(PRIO_PROCESS, 0);
    printf("getpriority: %d errno=%d\n", p0, errno);
    printf("setpriority +5: %d now %d\n", setpriority(PRIO_PROCESS, 0, 5), getpriority(PRIO_PROCESS, 0));
    errno = 0;
    printf("nice(2): %d errno=%d now %d\n", nice(2), errno, getpriority(PRIO_PROCESS, 0));
    errno = 0;
    printf("setpriority(missing): %d ESRCH=%d\n", setpriority(PRIO_PROCESS, 999999, 1), errno == ESRCH);
    errno = 0;
    printf("getpriority(bad which): %d EINVAL=%d\n", getpriority(99, 0), errno == EINVAL);
    fflush(stdout);
    c = fork();
    if (c == 0) {
        printf("child inherits nice: %d\n", getpriority(PRIO_PROCESS, 0));
        fflush(stdout);
        _exit(0);
    }
    wait_for(c);
    return 0;
}
