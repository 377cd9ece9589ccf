// statfs/fstatfs/statvfs/fstatvfs on the run directory and on "/": sane
// counts, fstatfs agreeing with statfs, errors. On macOS also the
// darwin-only fields and calls: f_mntonname, f_fstypename, MNT_ROOTFS /
// MNT_LOCAL, getfsstat and getmntinfo.
// darwin-differs: <sys/mount.h>: macOS' struct statfs has f_mntonname/f_fstypename/f_iosize and getfsstat(2)/getmntinfo(3) exist only there; the extra lines are printed under __APPLE__ only
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/mount.h>
#include <sys/param.h>
#else
#include <sys/vfs.h>
#endif

int main(void) {
    struct statfs a, b, r;
    printf("statfs .: %d\n", statfs(".", &a));
    printf("bsize>0=%d blocks>0=%d bfree<=blocks=%d bavail<=bfree=%d ffree<=files=%d\n", a.f_bsize > 0,
           a.f_blocks > 0, a.f_bfree <= a.f_blocks, a.f_bavail <= a.f_bfree, a.f_ffree <= a.f_files);
    int fd = open(".", O_RDONLY);
    printf("fstatfs: %d\n", fstatfs(fd, &b));
    printf("same fs: bsize=%d blocks=%d fsid=%d\n", a.f_bsize == b.f_bsize, a.f_blocks == b.f_blocks,
           memcmp(&a.f_fsid, &b.f_fsid, sizeof a.f_fsid) == 0);
    close(open("file", O_CREAT | O_WRONLY, 0644));
    printf("statfs file: %d same=%d\n", statfs("file", &b), a.f_blocks == b.f_blocks);
    printf("statfs /: %d blocks>0=%d\n", statfs("/", &r), r.f_blocks > 0);
    errno = 0;
    printf("statfs missing: %d ENOENT=%d\n", statfs("nope/x", &b), errno == ENOENT);
    errno = 0;
    printf("statfs notdir: %d ENOTDIR=%d\n", statfs("file/x", &b), errno == ENOTDIR);
    errno = 0;
    printf("fstatfs bad fd: %d EBADF=%d\n", fstatfs(-1, &b), errno == EBADF);

    struct statvfs v, w;
    printf("statvfs: %d frsize>0=%d bsize>0=%d blocks>0=%d bavail<=bfree=%d namemax=%lu rdonly=%d\n",
           statvfs(".", &v), v.f_frsize > 0, v.f_bsize > 0, v.f_blocks > 0, v.f_bavail <= v.f_bfree,
           (unsigned long)v.f_namemax, !!(v.f_flag & ST_RDONLY));
    double bytes_vfs = (double)v.f_frsize * (double)v.f_blocks;
    double bytes_fs = (double)a.f_bsize * (double)a.f_blocks;
    printf("statvfs agrees with statfs on size: %d\n", bytes_vfs / bytes_fs > 0.99 && bytes_vfs / bytes_fs < 1.01);
    printf("fstatvfs: %d same=%d\n", fstatvfs(fd, &w), w.f_blocks == v.f_blocks && w.f_frsize == v.f_frsize);
    errno = 0;
    printf("statvfs missing: %d ENOENT=%d\n", statvfs("nope", &w), errno == ENOENT);
    errno = 0;
    printf("fstatvfs bad fd: %d EBADF=%d\n", fstatvfs(-1, &w), errno == EBADF);
    close(fd);

#ifdef __APPLE__
    printf("root mntonname=%s rootfs=%d local=%d typename nonempty=%d iosize>0=%d\n", r.f_mntonname,
           !!(r.f_flags & MNT_ROOTFS), !!(r.f_flags & MNT_LOCAL), r.f_fstypename[0] != 0, r.f_iosize > 0);
    char cwd[MAXPATHLEN];
    getcwd(cwd, sizeof cwd);
    size_t ml = strlen(a.f_mntonname);
    printf("cwd is under its mount point: %d\n",
           strncmp(cwd, a.f_mntonname, ml) == 0 && (ml == 1 || cwd[ml] == '/' || cwd[ml] == 0));
    int n = getfsstat(NULL, 0, MNT_NOWAIT);
    struct statfs *all = calloc((size_t)n, sizeof *all);
    int got = getfsstat(all, n * (int)sizeof *all, MNT_NOWAIT);
    int has_root = 0;
    for (int i = 0; i < got; i++)
        if (strcmp(all[i].f_mntonname, "/") == 0 && strcmp(all[i].f_fstypename, r.f_fstypename) == 0)
            has_root = 1;
    printf("getfsstat: count>0=%d filled all=%d has / with its type=%d\n", n > 0, got == n, has_root);
    printf("getfsstat one slot: %d\n", getfsstat(all, (int)sizeof *all, MNT_WAIT));
    free(all);
    struct statfs *mi;
    int m = getmntinfo(&mi, MNT_NOWAIT);
    printf("getmntinfo: same count=%d first has a name=%d\n", m == n, m > 0 && mi[0].f_mntonname[0] == '/');
#endif
    return 0;
}
