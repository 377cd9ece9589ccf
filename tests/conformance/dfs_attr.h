/* Shared by the dfs_*attrlist tests: <sys/attr.h> constants for the Linux
 * twin (values from the macOS SDK header), and a reader for packed
 * attribute buffers. */
#ifndef DFS_ATTR_H
#define DFS_ATTR_H
#include <stdint.h>
#include <string.h>
#ifdef __APPLE__
#include <sys/attr.h>
#include <unistd.h>
#else
#define ATTR_BIT_MAP_COUNT 5
#define FSOPT_NOFOLLOW 0x1
#define FSOPT_REPORT_FULLSIZE 0x4
#define FSOPT_PACK_INVAL_ATTRS 0x8
#define FSOPT_ATTR_CMN_EXTENDED 0x20
#define ATTR_CMN_NAME 0x00000001
#define ATTR_CMN_DEVID 0x00000002
#define ATTR_CMN_FSID 0x00000004
#define ATTR_CMN_OBJTYPE 0x00000008
#define ATTR_CMN_OBJTAG 0x00000010
#define ATTR_CMN_OBJID 0x00000020
#define ATTR_CMN_OBJPERMANENTID 0x00000040
#define ATTR_CMN_PAROBJID 0x00000080
#define ATTR_CMN_SCRIPT 0x00000100
#define ATTR_CMN_CRTIME 0x00000200
#define ATTR_CMN_MODTIME 0x00000400
#define ATTR_CMN_CHGTIME 0x00000800
#define ATTR_CMN_ACCTIME 0x00001000
#define ATTR_CMN_BKUPTIME 0x00002000
#define ATTR_CMN_FNDRINFO 0x00004000
#define ATTR_CMN_OWNERID 0x00008000
#define ATTR_CMN_GRPID 0x00010000
#define ATTR_CMN_ACCESSMASK 0x00020000
#define ATTR_CMN_FLAGS 0x00040000
#define ATTR_CMN_GEN_COUNT 0x00080000
#define ATTR_CMN_USERACCESS 0x00200000
#define ATTR_CMN_FILEID 0x02000000
#define ATTR_CMN_PARENTID 0x04000000
#define ATTR_CMN_FULLPATH 0x08000000
#define ATTR_CMN_RETURNED_ATTRS 0x80000000
#define ATTR_DIR_LINKCOUNT 0x00000001
#define ATTR_DIR_ENTRYCOUNT 0x00000002
#define ATTR_DIR_MOUNTSTATUS 0x00000004
#define ATTR_FILE_LINKCOUNT 0x00000001
#define ATTR_FILE_TOTALSIZE 0x00000002
#define ATTR_FILE_ALLOCSIZE 0x00000004
#define ATTR_FILE_IOBLOCKSIZE 0x00000008
#define ATTR_FILE_FORKCOUNT 0x00000080
#define ATTR_FILE_DATALENGTH 0x00000200
#define VREG 1
#define VDIR 2
typedef uint32_t attrgroup_t;
struct attrlist {
    unsigned short bitmapcount;
    uint16_t reserved;
    attrgroup_t commonattr, volattr, dirattr, fileattr, forkattr;
};
typedef struct attrreference {
    int32_t attr_dataoffset;
    uint32_t attr_length;
} attrreference_t;
#endif

/* A cursor over a packed attribute buffer. */
struct rd {
    const char *p;
};
static uint32_t rd_u32(struct rd *r) {
    uint32_t v;
    memcpy(&v, r->p, 4);
    r->p += 4;
    return v;
}
static uint64_t rd_u64(struct rd *r) {
    uint64_t v;
    memcpy(&v, r->p, 8);
    r->p += 8;
    return v;
}
static void rd_ts(struct rd *r, int64_t *s, int64_t *ns) {
    memcpy(s, r->p, 8);
    memcpy(ns, r->p + 8, 8);
    r->p += 16;
}
/* Reads an attrreference; returns its data and sets *off, *len. */
static const char *rd_ref(struct rd *r, int32_t *off, uint32_t *len) {
    const char *at = r->p;
    memcpy(off, r->p, 4);
    memcpy(len, r->p + 4, 4);
    r->p += 8;
    return at + *off;
}
#endif
