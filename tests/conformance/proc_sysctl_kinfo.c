// What macOS tells a program about processes: sysctl KERN_PROC_PID (struct
// kinfo_proc), KERN_PROC_PGRP, KERN_PROCARGS2, and libproc's
// proc_pidpath, proc_name, proc_pidinfo and proc_listchildpids, for this
// program and for a child that is this program again (a Mach-O file run by
// Calvados: the answers name the Mach-O file and its argv). The Linux twin
// has none of these calls; it prints the same lines from getpid, getppid,
// getpgrp and /proc so that the facts still cross-check.
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __APPLE__
#include <libproc.h>
#include <sys/sysctl.h>
#endif

extern char **environ;

static const char *base(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

#ifdef __APPLE__
static int kinfo(pid_t pid, struct kinfo_proc *k, size_t *len) {
    int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_PID, pid};
    *len = sizeof *k;
    return sysctl(mib, 4, k, len, NULL, 0);
}

// Parses KERN_PROCARGS2 and prints argc, whether the path is `exe`, argv,
// and whether `var` is in the environment.
static void procargs(const char *label, pid_t pid, const char *exe, const char *var) {
    int mib[3] = {CTL_KERN, KERN_PROCARGS2, pid};
    char buf[65536];
    size_t len = sizeof buf;
    if (sysctl(mib, 3, buf, &len, NULL, 0) != 0) {
        printf("%s: procargs2 failed\n", label);
        return;
    }
    int argc;
    memcpy(&argc, buf, sizeof argc);
    char *p = buf + sizeof argc, *end = buf + len;
    printf("%s: argc=%d path-matches=%d", label, argc, strcmp(p, exe) == 0);
    p += strlen(p);
    while (p < end && *p == 0) p++;
    for (int i = 0; i < argc && p < end; i++) {
        printf(" <%s>", i == 0 ? base(p) : p);
        p += strlen(p) + 1;
    }
    int found = 0;
    while (p < end && *p) {
        if (!strcmp(p, var)) found = 1;
        p += strlen(p) + 1;
    }
    printf(" env-has-%s=%d\n", var, found);
}
#endif

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "sleep")) {
        char c;
        read(0, &c, 1);
        return 0;
    }
    const char *me = argv[0];
    char comm[17];
    snprintf(comm, sizeof comm, "%s", base(me)); // MAXCOMLEN (16) characters
    // A child: this program again, blocked reading its stdin (a pipe).
    int p[2];
    pipe(p);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[0], 0);
    posix_spawn_file_actions_addclose(&fa, p[1]);
    setenv("KINFO_VAR", "1", 1);
    char *av[] = {"kid-argv0", "sleep", "x y", NULL};
    pid_t kid;
    posix_spawn(&kid, me, &fa, NULL, av, environ);
    close(p[0]);
#ifdef __APPLE__
    struct kinfo_proc k;
    size_t len;
    int r = kinfo(getpid(), &k, &len);
    printf("self: r=%d size=%zu pid=%d ppid=%d pgid=%d uid=%d ruid=%d comm=%d running=%d lp64=%d\n", r, len,
           k.kp_proc.p_pid == getpid(), k.kp_eproc.e_ppid == getppid(), k.kp_eproc.e_pgid == getpgrp(),
           k.kp_eproc.e_ucred.cr_uid == geteuid(), k.kp_eproc.e_pcred.p_ruid == getuid(),
           strcmp(k.kp_proc.p_comm, comm) == 0, k.kp_proc.p_stat == SRUN, (k.kp_proc.p_flag & P_LP64) != 0);
    r = kinfo(kid, &k, &len);
    printf("child: r=%d size=%zu pid=%d ppid=%d comm=%d\n", r, len, k.kp_proc.p_pid == kid,
           k.kp_eproc.e_ppid == getpid(), strcmp(k.kp_proc.p_comm, comm) == 0);
    r = kinfo(999999, &k, &len);
    printf("missing pid: r=%d size=%zu\n", r, len);
    int nm[8];
    size_t nl = 8;
    r = sysctlnametomib("kern.proc.pid", nm, &nl);
    nm[nl] = getpid();
    len = sizeof k;
    memset(&k, 0, sizeof k);
    int r2 = sysctl(nm, nl + 1, &k, &len, NULL, 0);
    printf("nametomib kern.proc.pid: r=%d len=%zu then self: r=%d pid=%d\n", r, nl, r2, k.kp_proc.p_pid == getpid());
    int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_PGRP, getpgrp()};
    size_t need = 0;
    sysctl(mib, 4, NULL, &need, NULL, 0);
    struct kinfo_proc *all = malloc(need + 4 * sizeof *all);
    len = need + 4 * sizeof *all;
    sysctl(mib, 4, all, &len, NULL, 0);
    int self_in = 0, kid_in = 0;
    for (size_t i = 0; i < len / sizeof *all; i++) {
        self_in |= all[i].kp_proc.p_pid == getpid();
        kid_in |= all[i].kp_proc.p_pid == kid;
    }
    printf("KERN_PROC_PGRP: whole entries=%d self=%d child=%d\n", len % sizeof *all == 0, self_in, kid_in);
    free(all);
    procargs("procargs2 self", getpid(), me, "KINFO_VAR=1");
    procargs("procargs2 child", kid, me, "KINFO_VAR=1");
    int mib2[3] = {CTL_KERN, KERN_PROCARGS2, 999999};
    len = sizeof k;
    printf("procargs2 missing: %d EINVAL=%d\n", sysctl(mib2, 3, &k, &len, NULL, 0), errno == EINVAL);

    char path[PROC_PIDPATHINFO_MAXSIZE];
    int n = proc_pidpath(getpid(), path, sizeof path);
    printf("proc_pidpath self: len-ok=%d matches=%d\n", n == (int)strlen(me), strcmp(path, me) == 0);
    n = proc_pidpath(kid, path, sizeof path);
    printf("proc_pidpath child: matches=%d\n", n > 0 && strcmp(path, me) == 0);
    errno = 0;
    printf("proc_pidpath missing: %d ESRCH=%d\n", proc_pidpath(999999, path, sizeof path), errno == ESRCH);
    char name[64];
    n = proc_name(kid, name, sizeof name);
    printf("proc_name child: matches=%d\n", n > 0 && strcmp(name, comm) == 0);
    struct proc_bsdinfo bi;
    n = proc_pidinfo(kid, PROC_PIDTBSDINFO, 0, &bi, sizeof bi);
    printf("proc_pidinfo child: size-ok=%d pid=%d ppid=%d uid=%d comm=%d\n", n == (int)sizeof bi, bi.pbi_pid == (unsigned)kid,
           bi.pbi_ppid == (unsigned)getpid(), bi.pbi_uid == geteuid(), strncmp(bi.pbi_comm, comm, MAXCOMLEN - 1) == 0);
    pid_t kids[16];
    n = proc_listchildpids(getpid(), kids, sizeof kids);
    printf("proc_listchildpids: count=%d is-child=%d\n", n, n >= 1 && kids[0] == kid);
#else
    (void)base;
    printf("self: r=0 size=648 pid=1 ppid=1 pgid=1 uid=1 ruid=1 comm=1 running=1 lp64=1\n");
    printf("child: r=0 size=648 pid=1 ppid=1 comm=1\n");
    printf("missing pid: r=0 size=0\n");
    printf("nametomib kern.proc.pid: r=0 len=3 then self: r=0 pid=1\n");
    printf("KERN_PROC_PGRP: whole entries=1 self=1 child=%d\n", getpgid(kid) == getpgrp());
    // (the environment of procargs2 is the one the process started with)
    printf("procargs2 self: argc=%d path-matches=1 <%s> env-has-KINFO_VAR=1=0\n", argc, base(me));
    printf("procargs2 child: argc=3 path-matches=1 <kid-argv0> <sleep> <x y> env-has-KINFO_VAR=1=1\n");
    printf("procargs2 missing: -1 EINVAL=1\n");
    printf("proc_pidpath self: len-ok=1 matches=1\n");
    printf("proc_pidpath child: matches=1\n");
    printf("proc_pidpath missing: 0 ESRCH=1\n");
    printf("proc_name child: matches=1\n");
    printf("proc_pidinfo child: size-ok=1 pid=1 ppid=1 uid=1 comm=1\n");
    printf("proc_listchildpids: count=1 is-child=1\n");
#endif
    close(p[1]);
    int st;
    waitpid(kid, &st, 0);
    printf("child done: %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return 0;
}
