// Note: getattrlist options and errors. A short buffer is filled as far as
// it goes while the length field still gives the full size (XNU's
// vfs_attr_pack_internal stores the needed size; the man page's older
// wording says "copied"); FSOPT_PACK_INVAL_ATTRS needs
// ATTR_CMN_RETURNED_ATTRS; bad bit counts, unknown file bits,
// ATTR_CMN_GEN_COUNT without FSOPT_ATTR_CMN_EXTENDED are EINVAL; a buffer
// under 4 bytes is ERANGE (man 2 getattrlist, ERRORS). Also
// ATTR_CMN_FULLPATH, ATTR_CMN_PARENTID and ATTR_CMN_CRTIME against
// getcwd/stat. The native twin prints what the man page's rules give.
#ifndef __APPLE__
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dfs_attr.h"


static void err(const char *label, int r, int e) {
    printf("%s: %d EINVAL=%d ERANGE=%d ENOENT=%d ENOTDIR=%d EBADF=%d\n", label, r, e == EINVAL, e == ERANGE,
           e == ENOENT, e == ENOTDIR, e == EBADF);
}

int main(void) {
    umask(022);
    mkdir("dir", 0755);
    int fd = open("dir/file.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "0123456789", 10);
    close(fd);
    struct stat st, dst;
    stat("dir/file.txt", &st);
    stat("dir", &dst);
    char cwd[1024];
    getcwd(cwd, sizeof cwd);
#ifdef __APPLE__
    char buf[512];
    struct attrlist al = {ATTR_BIT_MAP_COUNT, 0, ATTR_CMN_NAME | ATTR_CMN_OBJTYPE | ATTR_CMN_FILEID, 0, 0,
                          ATTR_FILE_DATALENGTH, 0};
    /* short buffer: 4 length + 8 ref + 4 type + 8 fileid + 8 datalength = 32, name 9 → 12: 44 */
    memset(buf, 0x5a, sizeof buf);
    int r = getattrlist("dir/file.txt", &al, buf, 16, 0);
    uint32_t len;
    memcpy(&len, buf, 4);
    printf("short buffer: %d length=%u type=%u byte16 untouched=%d\n", r, len, *(uint32_t *)(buf + 12),
           buf[16] == 0x5a);
    r = getattrlist("dir/file.txt", &al, buf, sizeof buf, FSOPT_REPORT_FULLSIZE);
    memcpy(&len, buf, 4);
    printf("full: %d length=%u\n", r, len);

    struct attrlist only = {ATTR_BIT_MAP_COUNT, 0, ATTR_CMN_OBJTYPE, 0, 0, 0, 0};
    r = getattrlist("dir", &only, buf, sizeof buf, 0);
    memcpy(&len, buf, 4);
    printf("objtype only: %d length=%u type=%u\n", r, len, *(uint32_t *)(buf + 4));

    errno = 0;
    r = getattrlist("dir/file.txt", &al, buf, 3, 0);
    err("size 3", r, errno);
    al.bitmapcount = 4;
    errno = 0;
    r = getattrlist("dir/file.txt", &al, buf, sizeof buf, 0);
    err("bitmapcount 4", r, errno);
    al.bitmapcount = ATTR_BIT_MAP_COUNT;
    errno = 0;
    r = getattrlist("dir/nope", &al, buf, sizeof buf, 0);
    err("missing", r, errno);
    errno = 0;
    r = getattrlist("dir/file.txt/x", &al, buf, sizeof buf, 0);
    err("through file", r, errno);
    struct attrlist fork = {ATTR_BIT_MAP_COUNT, 0, ATTR_CMN_OBJTYPE, 0, 0, ATTR_FILE_FORKCOUNT, 0};
    errno = 0;
    r = getattrlist("dir/file.txt", &fork, buf, sizeof buf, 0);
    err("forkcount on file", r, errno);
    errno = 0;
    r = getattrlist("dir", &fork, buf, sizeof buf, 0);
    err("forkcount on dir", r, errno);
    struct attrlist gen = {ATTR_BIT_MAP_COUNT, 0, ATTR_CMN_GEN_COUNT, 0, 0, 0, 0};
    errno = 0;
    r = getattrlist("dir/file.txt", &gen, buf, sizeof buf, 0);
    err("gen count", r, errno);
    errno = 0;
    r = getattrlist("dir/file.txt", &only, buf, sizeof buf, FSOPT_PACK_INVAL_ATTRS);
    err("pack inval without returned", r, errno);
    errno = 0;
    r = fgetattrlist(-1, &only, buf, sizeof buf, 0);
    err("fgetattrlist bad fd", r, errno);

    struct attrlist inval = {ATTR_BIT_MAP_COUNT, 0,
                             ATTR_CMN_RETURNED_ATTRS | ATTR_CMN_OBJTYPE | ATTR_CMN_CRTIME | ATTR_CMN_MODTIME, 0, 0,
                             ATTR_FILE_TOTALSIZE, 0};
    r = getattrlist("dir/file.txt", &inval, buf, sizeof buf, FSOPT_PACK_INVAL_ATTRS);
    struct rd c = {buf};
    len = rd_u32(&c);
    uint32_t ret0 = rd_u32(&c);
    rd_u32(&c);
    rd_u32(&c);
    uint32_t ret3 = rd_u32(&c);
    rd_u32(&c);
    uint32_t type = rd_u32(&c);
    int64_t cs, cns, ms, mns;
    rd_ts(&c, &cs, &cns);
    rd_ts(&c, &ms, &mns);
    uint64_t total = rd_u64(&c);
    printf("pack inval: %d length=%u returned=%#x %#x type=%u crtime==birth=%d mtime==stat=%d total=%llu\n", r, len,
           ret0, ret3, type, cs == st.st_birthtimespec.tv_sec && cns == st.st_birthtimespec.tv_nsec,
           ms == st.st_mtimespec.tv_sec && mns == st.st_mtimespec.tv_nsec, (unsigned long long)total);

    struct attrlist paths = {ATTR_BIT_MAP_COUNT, 0, ATTR_CMN_PAROBJID | ATTR_CMN_PARENTID | ATTR_CMN_FULLPATH, 0, 0, 0,
                             0};
    r = getattrlist("dir/file.txt", &paths, buf, sizeof buf, 0);
    c.p = buf;
    len = rd_u32(&c);
    uint64_t parobj = rd_u64(&c), parent = rd_u64(&c);
    int32_t off;
    uint32_t plen;
    const char *full = rd_ref(&c, &off, &plen);
    char want[1200];
    snprintf(want, sizeof want, "%s/dir/file.txt", cwd);
    printf("paths: %d parobjid==dir ino=%d parentid==dir ino=%d fullpath ok=%d length ok=%d offset=%d\n", r,
           parobj == dst.st_ino, parent == dst.st_ino, strcmp(full, want) == 0, plen == strlen(want) + 1, off);
#else
    printf("short buffer: 0 length=44 type=%u byte16 untouched=1\n", VREG);
    printf("full: 0 length=44\n");
    printf("objtype only: 0 length=8 type=%u\n", VDIR);
    err("size 3", -1, ERANGE);
    err("bitmapcount 4", -1, EINVAL);
    err("missing", -1, ENOENT);
    err("through file", -1, ENOTDIR);
    err("forkcount on file", -1, EINVAL);
    err("forkcount on dir", 0, 0);
    err("gen count", -1, EINVAL);
    err("pack inval without returned", -1, EINVAL);
    err("fgetattrlist bad fd", -1, EBADF);
    /* 4 + 20 + 4 type + 16 crtime + 16 mtime + 8 total = 68 */
    printf("pack inval: 0 length=68 returned=%#x %#x type=%u crtime==birth=1 mtime==stat=1 total=10\n",
           ATTR_CMN_RETURNED_ATTRS | ATTR_CMN_OBJTYPE | ATTR_CMN_CRTIME | ATTR_CMN_MODTIME, ATTR_FILE_TOTALSIZE, VREG);
    /* 8 parobjid + 8 parentid, then the path ref at offset 4+16: data at 28 → offset 8 */
    printf("paths: 0 parobjid==dir ino=1 parentid==dir ino=1 fullpath ok=1 length ok=1 offset=8\n");
#endif
    unlink("dir/file.txt");
    rmdir("dir");
    return 0;
}
