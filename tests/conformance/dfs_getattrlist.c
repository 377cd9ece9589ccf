// Note: getattrlist/fgetattrlist/getattrlistat on a file and a directory:
// the packed layout (length, returned set, 4-byte alignment, attrreference
// offsets from the reference) and each value against stat(2). Linux has
// no getattrlist: the native twin prints what stat(2) and the layout rules
// of man 2 getattrlist ("ATTRIBUTE BUFFER") give.
#ifndef __APPLE__
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dfs_attr.h"

static int access_mask(const char *p) {
    return (access(p, R_OK) == 0 ? 4 : 0) | (access(p, W_OK) == 0 ? 2 : 0) | (access(p, X_OK) == 0 ? 1 : 0);
}
#ifdef __APPLE__
#define MTIME(st) (st).st_mtimespec
#define CTIME(st) (st).st_ctimespec
#define ATIME(st) (st).st_atimespec
#else
#define MTIME(st) (st).st_mtim
#define CTIME(st) (st).st_ctim
#define ATIME(st) (st).st_atim
#endif

/* common attributes asked for the file, in buffer order after the length */
#define FILE_CMN                                                                                      \
    (ATTR_CMN_RETURNED_ATTRS | ATTR_CMN_NAME | ATTR_CMN_DEVID | ATTR_CMN_FSID | ATTR_CMN_OBJTYPE |        \
     ATTR_CMN_OBJTAG | ATTR_CMN_OBJID | ATTR_CMN_MODTIME | ATTR_CMN_CHGTIME | ATTR_CMN_ACCTIME |          \
     ATTR_CMN_OWNERID | ATTR_CMN_GRPID | ATTR_CMN_ACCESSMASK | ATTR_CMN_FLAGS | ATTR_CMN_USERACCESS |     \
     ATTR_CMN_FILEID)
#define FILE_FILE                                                                                     \
    (ATTR_FILE_LINKCOUNT | ATTR_FILE_TOTALSIZE | ATTR_FILE_ALLOCSIZE | ATTR_FILE_IOBLOCKSIZE |           \
     ATTR_FILE_DATALENGTH)

static void file_attrs(const char *how, const char *path, int fd) {
    struct stat st;
    stat(path, &st);
    printf("%s:\n", how);
#ifdef __APPLE__
    struct attrlist al = {ATTR_BIT_MAP_COUNT, 0, FILE_CMN, 0, 0, FILE_FILE, 0};
    char buf[512];
    memset(buf, 0xee, sizeof buf);
    int r;
    if (fd >= 0 && path[0] == '@')
        r = fgetattrlist(fd, &al, buf, sizeof buf, 0);
    else if (fd >= 0)
        r = getattrlistat(fd, strrchr(path, '/') + 1, &al, buf, sizeof buf, 0);
    else
        r = getattrlist(path, &al, buf, sizeof buf, FSOPT_NOFOLLOW);
    if (path[0] == '@') stat(path + 1, &st);
    struct rd c = {buf};
    uint32_t len = rd_u32(&c);
    uint32_t ret[5];
    for (int i = 0; i < 5; i++) ret[i] = rd_u32(&c);
    int32_t off;
    uint32_t nlen;
    const char *name = rd_ref(&c, &off, &nlen);
    uint32_t devid = rd_u32(&c);
    uint32_t fsid0 = rd_u32(&c);
    rd_u32(&c);
    uint32_t type = rd_u32(&c);
    rd_u32(&c); /* objtag: the filesystem kind, differs by volume */
    uint64_t objid = rd_u64(&c);
    int64_t ms, mns, cs, cns, as, ans;
    rd_ts(&c, &ms, &mns);
    rd_ts(&c, &cs, &cns);
    rd_ts(&c, &as, &ans);
    uint32_t uid = rd_u32(&c), gid = rd_u32(&c), mode = rd_u32(&c), flags = rd_u32(&c), ua = rd_u32(&c);
    uint64_t fileid = rd_u64(&c);
    uint32_t nlink = rd_u32(&c);
    uint64_t total = rd_u64(&c), alloc = rd_u64(&c);
    uint32_t iobs = rd_u32(&c);
    uint64_t datalen = rd_u64(&c);
    long fixed_end = (long)(c.p - buf);
    printf("  ret=%d length=%u fixed=%ld\n", r, len, fixed_end);
    printf("  returned=%#x %#x %#x %#x %#x\n", ret[0], ret[1], ret[2], ret[3], ret[4]);
    printf("  name: offset=%d length=%u aligned=%d [%s] lands after fixed=%d\n", off, nlen, off % 4 == 0, name,
           (long)(name - buf) == fixed_end);
    printf("  devid==st_dev=%d fsid0==st_dev=%d type=%u objid==ino=%d fileid==ino=%d\n", devid == (uint32_t)st.st_dev,
           fsid0 == (uint32_t)st.st_dev, type, objid == st.st_ino, fileid == st.st_ino);
    printf("  times==stat: m=%d c=%d a=%d\n", ms == MTIME(st).tv_sec && mns == MTIME(st).tv_nsec,
           cs == CTIME(st).tv_sec && cns == CTIME(st).tv_nsec, as == ATIME(st).tv_sec && ans == ATIME(st).tv_nsec);
    printf("  uid==st_uid=%d gid==st_gid=%d mode=%o flags=%#x useraccess=%u\n", uid == st.st_uid, gid == st.st_gid,
           mode, flags, ua);
    printf("  nlink=%u total=%llu alloc==blocks*512=%d iobs==blksize=%d datalength=%llu\n", nlink,
           (unsigned long long)total, alloc == (uint64_t)st.st_blocks * 512, iobs == (uint32_t)st.st_blksize,
           (unsigned long long)datalen);
#else
    if (path[0] == '@') {
        path++;
        stat(path, &st);
    }
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    /* 4 length + 20 returned set + 8 name ref + 4 devid + 8 fsid + 4 type + 4 tag + 8 objid + 3*16 times
     * + 5*4 (uid gid mode flags useraccess) + 8 fileid = 136; file: 4 + 8 + 8 + 4 + 8 = 32 → 168. */
    size_t nl = strlen(base) + 1;
    printf("  ret=0 length=%zu fixed=168\n", 168 + ((nl + 3) & ~(size_t)3));
    printf("  returned=%#x 0 0 %#x 0\n", FILE_CMN, FILE_FILE);
    printf("  name: offset=%d length=%zu aligned=1 [%s] lands after fixed=1\n", 168 - 24, nl, base);
    printf("  devid==st_dev=1 fsid0==st_dev=1 type=%u objid==ino=1 fileid==ino=1\n", VREG);
    printf("  times==stat: m=1 c=1 a=1\n");
    printf("  uid==st_uid=1 gid==st_gid=1 mode=%o flags=0 useraccess=%u\n", (unsigned)st.st_mode, access_mask(path));
    printf("  nlink=%u total=%llu alloc==blocks*512=1 iobs==blksize=1 datalength=%llu\n", (unsigned)st.st_nlink,
           (unsigned long long)st.st_size, (unsigned long long)st.st_size);
#endif
}

static void dir_attrs(const char *path) {
    printf("dir %s:\n", path);
#ifdef __APPLE__
    /* file attributes are not returned for a directory (man page) */
    struct attrlist al = {ATTR_BIT_MAP_COUNT, 0,
                          ATTR_CMN_RETURNED_ATTRS | ATTR_CMN_NAME | ATTR_CMN_OBJTYPE | ATTR_CMN_ACCESSMASK |
                              ATTR_CMN_USERACCESS,
                          0, ATTR_DIR_LINKCOUNT | ATTR_DIR_ENTRYCOUNT | ATTR_DIR_MOUNTSTATUS,
                          ATTR_FILE_TOTALSIZE | ATTR_FILE_FORKCOUNT, 0};
    char buf[256];
    int r = getattrlist(path, &al, buf, sizeof buf, 0);
    struct rd c = {buf};
    uint32_t len = rd_u32(&c);
    uint32_t ret[5];
    for (int i = 0; i < 5; i++) ret[i] = rd_u32(&c);
    int32_t off;
    uint32_t nlen;
    const char *name = rd_ref(&c, &off, &nlen);
    uint32_t type = rd_u32(&c), mode = rd_u32(&c), ua = rd_u32(&c);
    uint32_t links = rd_u32(&c), entries = rd_u32(&c), mnt = rd_u32(&c);
    printf("  ret=%d length=%u returned=%#x %#x %#x %#x %#x\n", r, len, ret[0], ret[1], ret[2], ret[3], ret[4]);
    printf("  name=[%s] length=%u type=%u mode=%o useraccess=%u\n", name, nlen, type, mode, ua);
    printf("  linkcount=%u entries=%u mountstatus=%u\n", links, entries, mnt);
#else
    struct stat st;
    stat(path, &st);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t nl = strlen(base) + 1;
    /* 4 + 20 + 8 + 3*4 + 3*4 = 56, then the name */
    printf("  ret=0 length=%zu returned=%#x 0 %#x 0 0\n", 56 + ((nl + 3) & ~(size_t)3),
           ATTR_CMN_RETURNED_ATTRS | ATTR_CMN_NAME | ATTR_CMN_OBJTYPE | ATTR_CMN_ACCESSMASK | ATTR_CMN_USERACCESS,
           ATTR_DIR_LINKCOUNT | ATTR_DIR_ENTRYCOUNT | ATTR_DIR_MOUNTSTATUS);
    printf("  name=[%s] length=%zu type=%u mode=%o useraccess=%u\n", base, nl, VDIR, (unsigned)st.st_mode,
           access_mask(path));
    int n = 0;
    DIR *d = opendir(path);
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    printf("  linkcount=1 entries=%d mountstatus=0\n", n);
#endif
}

int main(void) {
    umask(022);
    mkdir("dir", 0750);
    int fd = open("dir/file.txt", O_CREAT | O_RDWR | O_TRUNC, 0640);
    char data[5000];
    memset(data, 'q', sizeof data);
    write(fd, data, sizeof data);
    close(fd);
    close(open("dir/b", O_CREAT | O_WRONLY, 0755));
    mkdir("dir/sub", 0700);

    file_attrs("getattrlist", "dir/file.txt", -1);
    fd = open("dir/file.txt", O_RDONLY);
    file_attrs("fgetattrlist", "@dir/file.txt", fd);
    close(fd);
    int dfd = open("dir", O_RDONLY);
    file_attrs("getattrlistat", "dir/b", dfd);
    close(dfd);
    dir_attrs("dir");
    dir_attrs("dir/sub");
    return 0;
}
