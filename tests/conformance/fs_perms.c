// chmod/fchmod/lchmod-free permission calls: chmod, fchmod, chown, lchown,
// fchown, access/faccessat, umask, with setuid/sticky bits and errors.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned mode(const char *p) {
    struct stat st;
    if (lstat(p, &st) != 0)
        return 0xffff;
    return st.st_mode & 07777;
}

int main(void) {
    printf("umask old=%o\n", umask(027));
    printf("umask now=%o\n", umask(027));
    int fd = open("f", O_CREAT | O_RDWR, 0777);
    printf("created with umask: %o\n", mode("f"));
    mkdir("d", 0777);
    printf("dir with umask: %o\n", mode("d"));
    printf("chmod 4755: %d -> %o\n", chmod("f", 04755), mode("f"));
    printf("fchmod 0600: %d -> %o\n", fchmod(fd, 0600), mode("f"));
    printf("chmod sticky dir: %d -> %o\n", chmod("d", 01777), mode("d"));
    errno = 0;
    printf("chmod missing: %d ENOENT=%d\n", chmod("nope", 0644), errno == ENOENT);
    errno = 0;
    printf("fchmod bad fd: %d EBADF=%d\n", fchmod(-1, 0644), errno == EBADF);
    symlink("f", "ln");
    printf("chmod through link: %d -> f=%o\n", chmod("ln", 0640), mode("f"));
    struct stat st;
    fstat(fd, &st);
    int uid = getuid(), gid = getgid();
    printf("owner is me: %d %d\n", st.st_uid == (uid_t)uid, st.st_gid == (gid_t)gid);
    printf("chown same: %d\n", chown("f", uid, gid));
    printf("chown -1 -1: %d\n", chown("f", (uid_t)-1, (gid_t)-1));
    printf("lchown link: %d\n", lchown("ln", uid, gid));
    printf("fchown: %d\n", fchown(fd, uid, gid));
    errno = 0;
    printf("chown missing: %d ENOENT=%d\n", chown("nope", uid, gid), errno == ENOENT);
    errno = 0;
    printf("fchown bad fd: %d EBADF=%d\n", fchown(-1, uid, gid), errno == EBADF);
    if (uid == 0) {
        printf("chown to 1:2: %d\n", chown("f", 1, 2));
        lstat("f", &st);
        printf("new owner: %d:%d\n", (int)st.st_uid, (int)st.st_gid);
        chown("f", 0, 0);
    } else {
        errno = 0;
        printf("chown to root: %d EPERM=%d\n", chown("f", 0, 0), errno == EPERM);
        printf("(not root: no chown to other ids)\n");
    }
    chmod("f", 0644);
    printf("access F_OK: %d\n", access("f", F_OK));
    printf("access R_OK|W_OK: %d\n", access("f", R_OK | W_OK));
    errno = 0;
    printf("access X_OK on 0644: %d EACCES=%d\n", access("f", X_OK), errno == EACCES);
    chmod("f", 0755);
    printf("access X_OK on 0755: %d\n", access("f", X_OK));
    errno = 0;
    printf("access missing: %d ENOENT=%d\n", access("d/none", F_OK), errno == ENOENT);
    errno = 0;
    printf("access notdir: %d ENOTDIR=%d\n", access("f/x", F_OK), errno == ENOTDIR);
    errno = 0;
    printf("access bad mode: %d EINVAL=%d\n", access("f", 0x40), errno == EINVAL);
    close(fd);
    return 0;
}
