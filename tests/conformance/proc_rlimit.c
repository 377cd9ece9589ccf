// Resource limits: every resource reads back (RLIM_INFINITY compared by
// name, its value differs), round trips of soft limits, RLIMIT_NOFILE
// enforced by open (EMFILE), RLIMIT_FSIZE enforced by write (EFBIG with
// SIGXFSZ ignored), limits inherited by fork and by exec of this program,
// and the errors (unknown resource, soft above hard).
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct {
    const char *name;
    int r;
} res[] = {
    {"CPU", RLIMIT_CPU},   {"FSIZE", RLIMIT_FSIZE},     {"DATA", RLIMIT_DATA},   {"STACK", RLIMIT_STACK},
    {"CORE", RLIMIT_CORE}, {"AS", RLIMIT_AS},           {"MEMLOCK", RLIMIT_MEMLOCK}, {"NPROC", RLIMIT_NPROC},
    {"NOFILE", RLIMIT_NOFILE},
};

static void show(const char *who) {
    struct rlimit l;
    getrlimit(RLIMIT_NOFILE, &l);
    printf("%s: NOFILE soft=%llu\n", who, (unsigned long long)l.rlim_cur);
    getrlimit(RLIMIT_CORE, &l);
    printf("%s: CORE soft=%llu\n", who, (unsigned long long)l.rlim_cur);
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "show")) {
        show("exec'd child");
        return 0;
    }
    for (size_t i = 0; i < sizeof res / sizeof res[0]; i++) {
        struct rlimit l;
        memset(&l, 0x55, sizeof l);
        int r = getrlimit(res[i].r, &l);
        printf("%s: r=%d soft-unlimited=%d hard-unlimited=%d soft<=hard=%d\n", res[i].name, r,
               l.rlim_cur == RLIM_INFINITY, l.rlim_max == RLIM_INFINITY,
               l.rlim_max == RLIM_INFINITY || l.rlim_cur <= l.rlim_max);
    }
    struct rlimit l;
    errno = 0;
    printf("unknown resource: %d EINVAL=%d\n", getrlimit(42, &l), errno == EINVAL);

    // CORE: soft 0, keeping the hard limit.
    getrlimit(RLIMIT_CORE, &l);
    l.rlim_cur = 0;
    printf("set CORE 0: %d\n", setrlimit(RLIMIT_CORE, &l));
    // Unlimited soft stack (when the hard limit allows), then back.
    struct rlimit st;
    getrlimit(RLIMIT_STACK, &st);
    struct rlimit st2 = st;
    st2.rlim_cur = st.rlim_max;
    printf("STACK soft=hard: %d\n", setrlimit(RLIMIT_STACK, &st2));
    getrlimit(RLIMIT_STACK, &st2);
    printf("STACK reads back: %d\n", st2.rlim_cur == st.rlim_max);
    setrlimit(RLIMIT_STACK, &st);

    // NOFILE: soft 20, count the descriptors open can still make.
    struct rlimit nf;
    getrlimit(RLIMIT_NOFILE, &nf);
    struct rlimit low = {20, nf.rlim_max};
    printf("set NOFILE 20: %d\n", setrlimit(RLIMIT_NOFILE, &low));
    int fds[64], n = 0;
    for (; n < 64; n++) {
        fds[n] = open("/dev/null", O_RDONLY);
        if (fds[n] < 0) break;
    }
    printf("opened %d more, then EMFILE=%d\n", n, errno == EMFILE);
    for (int i = 0; i < n; i++) close(fds[i]);
    struct rlimit above = {nf.rlim_max == RLIM_INFINITY ? 1000 : nf.rlim_max + 1, nf.rlim_max == RLIM_INFINITY ? 10 : nf.rlim_max};
    errno = 0;
    printf("soft above hard: %d EINVAL=%d\n", setrlimit(RLIMIT_NOFILE, &above), errno == EINVAL);

    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        show("forked child");
        fflush(stdout);
        execl(argv[0], argv[0], "show", (char *)NULL);
        _exit(99);
    }
    int status;
    waitpid(p, &status, 0);

    // FSIZE: a 1000-byte file limit; SIGXFSZ ignored so write reports EFBIG.
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit fs;
    getrlimit(RLIMIT_FSIZE, &fs);
    struct rlimit small = {1000, fs.rlim_max};
    setrlimit(RLIMIT_FSIZE, &small);
    int fd = open("big.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    char buf[1500];
    memset(buf, 'x', sizeof buf);
    ssize_t w1 = write(fd, buf, sizeof buf);
    errno = 0;
    ssize_t w2 = write(fd, buf, 10);
    printf("FSIZE 1000: first write %zd, second %zd EFBIG=%d\n", w1, w2, errno == EFBIG);
    close(fd);
    setrlimit(RLIMIT_FSIZE, &fs);
    return 0;
}
