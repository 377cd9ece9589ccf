// exec of a universal ("fat") file: under Calvados the program copies its
// own Mach-O image into a fat file after an arm64 slice and execs it; the
// x86_64 slice runs, and sees the fat file as its executable. (Linux has
// no fat files: the native twin execs a plain copy of itself under the
// same name.) An arm64-only file fails to exec on both.
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach-o/dyld.h>
#endif

static void put32be(unsigned char *p, uint32_t v) {
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

static unsigned char *slurp(const char *path, size_t *len) {
    int fd = open(path, O_RDONLY);
    struct stat st;
    fstat(fd, &st);
    unsigned char *b = malloc(st.st_size);
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, b + got, st.st_size - got);
        if (n <= 0) break;
        got += n;
    }
    close(fd);
    *len = got;
    return b;
}

static void spill(const char *path, const void *b, size_t n) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    write(fd, b, n);
    close(fd);
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "child")) {
        char exe[4096] = "";
#ifdef __APPLE__
        uint32_t n = sizeof exe;
        _NSGetExecutablePath(exe, &n);
#else
        ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
        exe[k < 0 ? 0 : k] = 0;
#endif
        const char *base = strrchr(exe, '/');
        printf("child: argv0=%s exe=%s arg=%s\n", argv[0], base ? base + 1 : exe, argv[2]);
        return 12;
    }
    size_t len;
    unsigned char *self = slurp(argv[0], &len);
    unsigned char arm64[32] = {0xcf, 0xfa, 0xed, 0xfe, 0x0c, 0x00, 0x00, 0x01, 0, 0, 0, 0, 2};
#ifdef __APPLE__
    size_t off = 16384, total = off + len;
    unsigned char *fat = calloc(1, total);
    put32be(fat, 0xcafebabe);
    put32be(fat + 4, 2);
    // arm64 slice first, then x86_64 (cputype, subtype, offset, size, align).
    put32be(fat + 8, 0x0100000c);
    put32be(fat + 12, 0);
    put32be(fat + 16, 4096);
    put32be(fat + 20, sizeof arm64);
    put32be(fat + 24, 12);
    put32be(fat + 28, 0x01000007);
    put32be(fat + 32, 3);
    put32be(fat + 36, off);
    put32be(fat + 40, len);
    put32be(fat + 44, 14);
    memcpy(fat + 4096, arm64, sizeof arm64);
    memcpy(fat + off, self, len);
    spill("fatprog", fat, total);
#else
    (void)put32be;
    spill("fatprog", self, len);
#endif
    spill("arm64only", arm64, sizeof arm64);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        execl("./fatprog", "fat-argv0", "child", "through the fat file", (char *)NULL);
        printf("exec failed\n");
        _exit(99);
    }
    int st;
    waitpid(p, &st, 0);
    printf("fat: exited=%d status=%d\n", WIFEXITED(st), WEXITSTATUS(st));
    int r = execl("./arm64only", "arm64only", (char *)NULL);
    printf("arm64-only: r=%d failed=%d\n", r, errno != 0);
    return 0;
}
