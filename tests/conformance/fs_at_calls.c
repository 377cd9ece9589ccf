// The *at family relative to a directory descriptor and to AT_FDCWD:
// openat, mkdirat, unlinkat (AT_REMOVEDIR), renameat, linkat
// (AT_SYMLINK_FOLLOW), symlinkat, readlinkat, fchmodat, fchownat,
// faccessat, fstatat (AT_SYMLINK_NOFOLLOW), with their error paths.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    umask(0);
    mkdir("top", 0755);
    int d = open("top", O_RDONLY | O_DIRECTORY);
    printf("mkdirat: %d\n", mkdirat(d, "sub", 0711));
    errno = 0;
    printf("mkdirat again: %d EEXIST=%d\n", mkdirat(d, "sub", 0711), errno == EEXIST);
    int fd = openat(d, "sub/file", O_CREAT | O_WRONLY, 0604);
    write(fd, "content", 7);
    close(fd);
    struct stat st;
    printf("fstatat: %d size=%lld mode=%o\n", fstatat(d, "sub/file", &st, 0), (long long)st.st_size,
           st.st_mode & 0777);
    fstatat(d, "sub", &st, 0);
    printf("sub mode=%o isdir=%d\n", st.st_mode & 0777, S_ISDIR(st.st_mode));

    printf("symlinkat: %d\n", symlinkat("sub/file", d, "ln"));
    char buf[64] = {0};
    printf("readlinkat: %zd [%s]\n", readlinkat(d, "ln", buf, sizeof buf), buf);
    memset(buf, 0, sizeof buf);
    printf("readlinkat short buf: %zd [%s]\n", readlinkat(d, "ln", buf, 3), buf);
    errno = 0;
    printf("readlinkat on file: %zd EINVAL=%d\n", readlinkat(d, "sub/file", buf, sizeof buf), errno == EINVAL);
    fstatat(d, "ln", &st, AT_SYMLINK_NOFOLLOW);
    printf("fstatat nofollow: islnk=%d\n", S_ISLNK(st.st_mode));
    fstatat(d, "ln", &st, 0);
    printf("fstatat follow: isreg=%d size=%lld\n", S_ISREG(st.st_mode), (long long)st.st_size);

    printf("linkat: %d\n", linkat(d, "sub/file", d, "hard", 0));
    fstatat(d, "hard", &st, 0);
    printf("nlink=%d\n", (int)st.st_nlink);
    printf("linkat symlink nofollow: %d\n", linkat(d, "ln", d, "hardln", 0));
    fstatat(d, "hardln", &st, AT_SYMLINK_NOFOLLOW);
    printf("hardln islnk=%d\n", S_ISLNK(st.st_mode));
    printf("linkat AT_SYMLINK_FOLLOW: %d\n", linkat(d, "ln", d, "hardfollow", AT_SYMLINK_FOLLOW));
    fstatat(d, "hardfollow", &st, AT_SYMLINK_NOFOLLOW);
    printf("hardfollow isreg=%d nlink=%d\n", S_ISREG(st.st_mode), (int)st.st_nlink);
    errno = 0;
    printf("linkat exists: %d EEXIST=%d\n", linkat(d, "sub/file", d, "hard", 0), errno == EEXIST);

    printf("fchmodat: %d\n", fchmodat(d, "hard", 0640, 0));
    fstatat(d, "sub/file", &st, 0);
    printf("mode via other link=%o\n", st.st_mode & 0777);
    printf("fchownat: %d\n", fchownat(d, "hard", getuid(), getgid(), 0));
    printf("fchownat nofollow: %d\n", fchownat(d, "ln", getuid(), getgid(), AT_SYMLINK_NOFOLLOW));
    printf("faccessat R_OK: %d\n", faccessat(d, "hard", R_OK, 0));
    printf("faccessat eaccess: %d\n", faccessat(d, "hard", F_OK, AT_EACCESS));
    errno = 0;
    printf("faccessat missing: %d ENOENT=%d\n", faccessat(d, "none", F_OK, 0), errno == ENOENT);
    errno = 0;
    printf("faccessat bad flag: %d EINVAL=%d\n", faccessat(d, "hard", F_OK, 0x4000000), errno == EINVAL);

    printf("renameat: %d\n", renameat(d, "hard", AT_FDCWD, "moved"));
    printf("moved exists=%d old gone=%d\n", access("moved", F_OK) == 0, faccessat(d, "hard", F_OK, 0) != 0);
    errno = 0;
    printf("renameat missing: %d ENOENT=%d\n", renameat(d, "hard", d, "x"), errno == ENOENT);
    errno = 0;
    printf("renameat dir over file: %d ENOTDIR=%d\n", renameat(d, "sub", AT_FDCWD, "moved"), errno == ENOTDIR);

    errno = 0;
    printf("unlinkat dir without flag: %d EISDIR/EPERM=%d\n", unlinkat(d, "sub", 0), errno == EISDIR || errno == EPERM);
    errno = 0;
    printf("unlinkat AT_REMOVEDIR nonempty: %d ENOTEMPTY=%d\n", unlinkat(d, "sub", AT_REMOVEDIR), errno == ENOTEMPTY);
    errno = 0;
    printf("unlinkat AT_REMOVEDIR on file: %d ENOTDIR=%d\n", unlinkat(d, "ln", AT_REMOVEDIR), errno == ENOTDIR);
    printf("unlinkat files: %d %d %d %d\n", unlinkat(d, "sub/file", 0), unlinkat(d, "ln", 0),
           unlinkat(d, "hardln", 0), unlinkat(d, "hardfollow", 0));
    printf("unlinkat AT_REMOVEDIR: %d\n", unlinkat(d, "sub", AT_REMOVEDIR));
    errno = 0;
    printf("unlinkat gone: %d ENOENT=%d\n", unlinkat(d, "sub", AT_REMOVEDIR), errno == ENOENT);
    errno = 0;
    printf("mkdirat bad fd: %d EBADF=%d\n", mkdirat(12345, "x", 0700), errno == EBADF);
    printf("mkdirat AT_FDCWD: %d\n", mkdirat(AT_FDCWD, "cwdsub", 0700));
    printf("unlinkat AT_FDCWD: %d\n", unlinkat(AT_FDCWD, "cwdsub", AT_REMOVEDIR));
    printf("unlink moved: %d\n", unlink("moved"));
    close(d);
    printf("rmdir top: %d\n", rmdir("top"));
    return 0;
}
