// link/symlink/readlink/realpath/lstat/rename/unlink/rmdir: dangling and
// looping links, realpath through links and "..", and their errors.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char base[PATH_MAX];

static void rp(const char *p) {
    char out[PATH_MAX];
    errno = 0;
    char *r = realpath(p, out);
    if (!r) {
        printf("realpath(%s): NULL ENOENT=%d ENOTDIR=%d ELOOP=%d\n", p, errno == ENOENT, errno == ENOTDIR,
               errno == ELOOP);
        return;
    }
    size_t n = strlen(base);
    printf("realpath(%s): %s\n", p, strncmp(r, base, n) == 0 ? r + n : r);
}

int main(void) {
    char *cwd = realpath(".", NULL);
    snprintf(base, sizeof base, "%s", cwd);
    free(cwd);
    mkdir("a", 0755);
    mkdir("a/b", 0755);
    close(open("a/b/f", O_CREAT | O_WRONLY, 0644));
    printf("symlink: %d\n", symlink("a/b", "tob"));
    printf("symlink rel: %d\n", symlink("../b/f", "a/b/up"));
    printf("symlink dangling: %d\n", symlink("missing", "dangle"));
    printf("symlink loop: %d %d\n", symlink("loop2", "loop1"), symlink("loop1", "loop2"));
    errno = 0;
    printf("symlink exists: %d EEXIST=%d\n", symlink("x", "tob"), errno == EEXIST);
    char buf[PATH_MAX];
    ssize_t n = readlink("tob", buf, sizeof buf);
    printf("readlink: %zd [%.*s]\n", n, (int)n, buf);
    errno = 0;
    printf("readlink file: %zd EINVAL=%d\n", readlink("a/b/f", buf, sizeof buf), errno == EINVAL);
    errno = 0;
    printf("readlink missing: %zd ENOENT=%d\n", readlink("nope", buf, sizeof buf), errno == ENOENT);

    rp("tob/f");
    rp("a/b/up");
    rp("a/b/../b/./f");
    rp("tob/..");
    rp("/");
    rp(".");
    rp("dangle");
    rp("loop1");
    rp("a/b/f/x");
    rp("nope/x");
    char *m = realpath("tob", NULL);
    printf("realpath malloc: %d\n", m != NULL && strlen(m) > strlen(base));
    free(m);

    struct stat st;
    errno = 0;
    printf("stat dangling: %d ENOENT=%d\n", stat("dangle", &st), errno == ENOENT);
    printf("lstat dangling: %d islnk=%d size=%lld\n", lstat("dangle", &st), S_ISLNK(st.st_mode),
           (long long)st.st_size);
    errno = 0;
    printf("stat loop: %d ELOOP=%d\n", stat("loop1", &st), errno == ELOOP);

    printf("link: %d\n", link("a/b/f", "hard"));
    stat("hard", &st);
    printf("nlink: %d\n", (int)st.st_nlink);
    errno = 0;
    printf("link dir: %d EPERM=%d\n", link("a", "adir"), errno == EPERM);
    errno = 0;
    printf("link missing: %d ENOENT=%d\n", link("nope", "x"), errno == ENOENT);

    printf("rename over file: %d\n", rename("hard", "a/b/f"));
    stat("a/b/f", &st);
    printf("same inode rename is a no-op; nlink=%d hard exists=%d\n", (int)st.st_nlink, access("hard", F_OK) == 0);
    mkdir("empty", 0755);
    mkdir("full", 0755);
    close(open("full/x", O_CREAT | O_WRONLY, 0644));
    errno = 0;
    printf("rename dir over nonempty: %d ENOTEMPTY/EEXIST=%d\n", rename("empty", "full"),
           errno == ENOTEMPTY || errno == EEXIST);
    printf("rename dir over empty: %d\n", rename("full", "empty"));
    errno = 0;
    printf("rename into own child: %d EINVAL=%d\n", rename("a", "a/b/c"), errno == EINVAL);
    errno = 0;
    printf("rmdir nonempty: %d ENOTEMPTY=%d\n", rmdir("a"), errno == ENOTEMPTY);
    errno = 0;
    printf("rmdir file: %d ENOTDIR=%d\n", rmdir("a/b/f"), errno == ENOTDIR);
    errno = 0;
    printf("unlink dir: %d EISDIR/EPERM=%d\n", unlink("a"), errno == EISDIR || errno == EPERM);
    printf("unlink link keeps target: %d %d\n", unlink("tob"), access("a/b/f", F_OK));
    errno = 0;
    printf("unlink missing: %d ENOENT=%d\n", unlink("tob"), errno == ENOENT);
    errno = 0;
    printf("rmdir dot: %d EINVAL=%d\n", rmdir("a/."), errno == EINVAL);
    return 0;
}
