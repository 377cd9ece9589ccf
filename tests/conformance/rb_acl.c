// darwin-differs: macOS extended ACLs (<sys/acl.h>, ACL_TYPE_EXTENDED) are in libSystem; a file without one reads as NULL with errno ENOENT (man 3 acl_get_file: "ENOENT ... no ACL"), and setting an empty ACL removes it; glibc has no such API
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/acl.h>
#endif

int main(void) {
#ifdef __APPLE__
    int fd = open("f.txt", O_CREAT | O_RDWR, 0644);
    errno = 0;
    acl_t a = acl_get_fd(fd);
    printf("get_fd: null %d enoent %d\n", a == NULL, errno == ENOENT);
    errno = 0;
    a = acl_get_file("f.txt", ACL_TYPE_EXTENDED);
    printf("get_file: null %d enoent %d\n", a == NULL, errno == ENOENT);
    errno = 0;
    a = acl_get_file("missing.txt", ACL_TYPE_EXTENDED);
    printf("get_file missing: null %d enoent %d\n", a == NULL, errno == ENOENT);
    errno = 0;
    a = acl_get_fd(-1);
    printf("get_fd bad: null %d ebadf %d\n", a == NULL, errno == EBADF);
    errno = 0;
    a = acl_get_fd_np(fd, ACL_TYPE_ACCESS);
    printf("get_fd access type: null %d einval %d\n", a == NULL, errno == EINVAL);

    acl_t e = acl_init(4);
    printf("init: %d valid %d\n", e != NULL, acl_valid(e));
    acl_t d = acl_dup(e);
    printf("dup: %d\n", d != NULL);
    printf("set_fd empty: %d\n", acl_set_fd(fd, d));
    printf("set_file empty: %d\n", acl_set_file("f.txt", ACL_TYPE_EXTENDED, e));
    errno = 0;
    a = acl_get_fd(fd);
    printf("after set: null %d enoent %d\n", a == NULL, errno == ENOENT);
    errno = 0;
    printf("set_file missing: %d enoent %d\n", acl_set_file("missing.txt", ACL_TYPE_EXTENDED, e), errno == ENOENT);
    errno = 0;
    printf("init too big: %d einval %d\n", acl_init(100000) == NULL, errno == EINVAL);
    printf("free: %d %d\n", acl_free(d), acl_free(e));
    close(fd);
#else
    puts("no extended ACL API in glibc");
#endif
    return 0;
}
