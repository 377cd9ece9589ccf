// mkstemp/mkstemps/mkostemp/mkdtemp/mktemp: names keep the prefix and
// suffix, only the X's change, files are 0600 and directories 0700, two
// calls differ; errors for a missing directory and a bad suffix length.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int only_x_changed(const char *tmpl, const char *got) {
    if (strlen(tmpl) != strlen(got))
        return 0;
    for (size_t i = 0; tmpl[i]; i++) {
        if (tmpl[i] == 'X') {
            if (!((got[i] >= '0' && got[i] <= '9') || (got[i] >= 'a' && got[i] <= 'z') ||
                  (got[i] >= 'A' && got[i] <= 'Z')))
                return 0;
        } else if (tmpl[i] != got[i])
            return 0;
    }
    return 1;
}

static unsigned mode(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0;
}

int main(void) {
    umask(0);
    char t1[] = "pre.XXXXXX";
    int fd = mkstemp(t1);
    printf("mkstemp: %d shape=%d mode=%o\n", fd >= 0, only_x_changed("pre.XXXXXX", t1), mode(t1));
    printf("rdwr: %d write=%zd\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, write(fd, "x", 1));
    close(fd);
    char t2[] = "pre.XXXXXX";
    fd = mkstemp(t2);
    printf("second differs: %d\n", strcmp(t1, t2) != 0);
    close(fd);

    char t3[] = "sfx.XXXXXX.txt";
    fd = mkstemps(t3, 4);
    printf("mkstemps: %d shape=%d mode=%o\n", fd >= 0, only_x_changed("sfx.XXXXXX.txt", t3), mode(t3));
    close(fd);
    char t4[] = "bad.XXXXXX";
    errno = 0;
    printf("mkstemps slen too big: %d EINVAL=%d\n", mkstemps(t4, 20), errno == EINVAL);

    char t5[] = "ostemp.XXXXXX";
    fd = mkostemp(t5, O_CLOEXEC | O_APPEND);
    printf("mkostemp: %d cloexec=%d append=%d\n", fd >= 0, fcntl(fd, F_GETFD), !!(fcntl(fd, F_GETFL) & O_APPEND));
    close(fd);

    char d1[] = "dir.XXXXXX";
    char *r = mkdtemp(d1);
    struct stat st;
    stat(d1, &st);
    printf("mkdtemp: %d same=%d shape=%d isdir=%d mode=%o\n", r != NULL, r == d1, only_x_changed("dir.XXXXXX", d1),
           S_ISDIR(st.st_mode), mode(d1));
    char in[64];
    snprintf(in, sizeof in, "%s/f.XXXXXX", d1);
    fd = mkstemp(in);
    printf("mkstemp in subdir: %d prefix=%d\n", fd >= 0, strncmp(in, d1, strlen(d1)) == 0);
    close(fd);
    unlink(in);

    char m1[] = "name.XXXXXX";
    r = mktemp(m1);
    printf("mktemp: %d shape=%d exists=%d\n", r == m1, only_x_changed("name.XXXXXX", m1), access(m1, F_OK) == 0);

    char e1[] = "nodir/x.XXXXXX";
    errno = 0;
    printf("mkstemp missing dir: %d ENOENT=%d\n", mkstemp(e1), errno == ENOENT);
    char e2[] = "nodir/x.XXXXXX";
    errno = 0;
    printf("mkdtemp missing dir: %d ENOENT=%d\n", mkdtemp(e2) != NULL, errno == ENOENT);
    close(open("plain", O_CREAT | O_WRONLY, 0600));
    char e3[] = "plain/x.XXXXXX";
    errno = 0;
    printf("mkstemp file as dir: %d ENOTDIR=%d\n", mkstemp(e3), errno == ENOTDIR);

    unlink(t1);
    unlink(t2);
    unlink(t3);
    unlink(t5);
    printf("rmdir: %d\n", rmdir(d1));
    return 0;
}
