// posix_spawn attributes, observed by the child (this program, a Mach-O
// file under Calvados): POSIX_SPAWN_SETSIGMASK, SETSIGDEF, SETPGROUP
// (own group and an existing one), SETSID, RESETIDS; without attributes
// the mask and ignored signals are inherited and caught ones reset.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void on_signal(int s) { (void)s; }

static int wait_for(pid_t p) {
    int st;
    if (waitpid(p, &st, 0) != p) return -2;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int report(void) {
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    struct sigaction u1, u2, hup;
    sigaction(SIGUSR1, NULL, &u1);
    sigaction(SIGUSR2, NULL, &u2);
    sigaction(SIGHUP, NULL, &hup);
    printf("  blocked: USR1=%d USR2=%d TERM=%d\n", sigismember(&m, SIGUSR1), sigismember(&m, SIGUSR2),
           sigismember(&m, SIGTERM));
    printf("  USR1 %s, USR2 %s, HUP %s\n", u1.sa_handler == SIG_IGN ? "ignored" : u1.sa_handler == SIG_DFL ? "default" : "caught",
           u2.sa_handler == SIG_IGN ? "ignored" : u2.sa_handler == SIG_DFL ? "default" : "caught",
           hup.sa_handler == SIG_IGN ? "ignored" : hup.sa_handler == SIG_DFL ? "default" : "caught");
    pid_t me = getpid();
    printf("  own group=%d parent's group=%d session leader=%d parent's session=%d\n",
           getpgrp() == me, getpgrp() == getpgid(getppid()), getsid(0) == me,
           getsid(0) == getsid(getppid()));
    printf("  euid==uid %d egid==gid %d\n", geteuid() == getuid(), getegid() == getgid());
    return 0;
}

static void spawn_with(const char *label, char *self, short flags, void (*setup)(posix_spawnattr_t *)) {
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, flags);
    if (setup) setup(&at);
    char *av[] = {"reporter", "report", NULL};
    pid_t pid;
    printf("%s:\n", label);
    fflush(stdout);
    int r = posix_spawn(&pid, self, NULL, &at, av, environ);
    int st = wait_for(pid);
    printf("  r=%d status %d\n", r, st);
    posix_spawnattr_destroy(&at);
}

static void mask_usr1(posix_spawnattr_t *at) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    posix_spawnattr_setsigmask(at, &s);
}
static void default_usr2(posix_spawnattr_t *at) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    posix_spawnattr_setsigdefault(at, &s);
}
static void own_group(posix_spawnattr_t *at) { posix_spawnattr_setpgroup(at, 0); }
static pid_t leader;
static void join_group(posix_spawnattr_t *at) { posix_spawnattr_setpgroup(at, leader); }
static void bad_group(posix_spawnattr_t *at) { posix_spawnattr_setpgroup(at, 999999); }

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "report")) return report();
    if (argc > 1 && !strcmp(argv[1], "leader")) {
        setpgid(0, 0);
        pause();
        return 0;
    }
    // The parent's state: USR2 ignored, HUP caught, TERM blocked.
    signal(SIGUSR2, SIG_IGN);
    signal(SIGHUP, on_signal);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGTERM);
    sigprocmask(SIG_BLOCK, &m, NULL);

    spawn_with("no attributes", argv[0], 0, NULL);
    spawn_with("SETSIGMASK {USR1}", argv[0], POSIX_SPAWN_SETSIGMASK, mask_usr1);
    spawn_with("SETSIGDEF {USR2}", argv[0], POSIX_SPAWN_SETSIGDEF, default_usr2);
    spawn_with("SETPGROUP 0", argv[0], POSIX_SPAWN_SETPGROUP, own_group);
    spawn_with("SETSID", argv[0], POSIX_SPAWN_SETSID, NULL);
    spawn_with("RESETIDS", argv[0], POSIX_SPAWN_RESETIDS, NULL);

    // Join an existing group: a leader child in its own group.
    pid_t pid;
    char *lav[] = {"leader", "leader", NULL};
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&at, 0);
    posix_spawn(&leader, argv[0], NULL, &at, lav, environ);
    posix_spawnattr_destroy(&at);
    while (getpgid(leader) != leader) usleep(1000);
    printf("leader in own group: %d\n", getpgid(leader) == leader);
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
    join_group(&at);
    char *sh[] = {"sh", "-c", "exit 0", NULL};
    fflush(stdout);
    int r = posix_spawn(&pid, "/bin/sh", NULL, &at, sh, environ);
    printf("joined the leader's group: r=%d status %d\n", r, wait_for(pid));
    posix_spawnattr_destroy(&at);
    kill(leader, SIGKILL);
    int st;
    waitpid(leader, &st, 0);
    printf("leader killed: %d\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    spawn_with("SETPGROUP to a missing group", argv[0], POSIX_SPAWN_SETPGROUP, bad_group);
    return 0;
}
