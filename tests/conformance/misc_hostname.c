// gethostname against uname, getloadavg, and the error paths of
// sethostname-free system calls: chroot (ENAMETOOLONG, ENOTDIR), setgroups.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <grp.h>

int main(void) {
    char name[256];
    struct utsname u;
    printf("gethostname: %d\n", gethostname(name, sizeof name));
    uname(&u);
    printf("same as uname: %d\n", strcmp(name, u.nodename) == 0);
    printf("nonempty: %d\n", name[0] != 0);

    double load[3] = {-1, -1, -1};
    int n = getloadavg(load, 3);
    printf("getloadavg: %d\n", n);
    printf("loads >= 0: %d\n", load[0] >= 0 && load[1] >= 0 && load[2] >= 0);
    double two[3] = {-1, -1, -1};
    printf("getloadavg 2: %d untouched: %d\n", getloadavg(two, 2), two[2] == -1);

    char longpath[PATH_MAX + 10];
    memset(longpath, 'a', sizeof longpath - 1);
    longpath[sizeof longpath - 1] = 0;
    errno = 0;
    printf("chroot long: %d errno==ENAMETOOLONG: %d\n", chroot(longpath), errno == ENAMETOOLONG);
    FILE *f = fopen("file", "w");
    fclose(f);
    errno = 0;
    printf("chroot file: %d errno==ENOTDIR: %d\n", chroot("file/x"), errno == ENOTDIR);
    errno = 0;
    printf("chroot missing: %d errno==ENOENT: %d\n", chroot("missing/x"), errno == ENOENT);

    gid_t g[1] = {getgid()};
    errno = 0;
    int r = setgroups(-1, g);
    printf("setgroups -1: %d errno==EINVAL: %d\n", r, errno == EINVAL);
    return 0;
}
