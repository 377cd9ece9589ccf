// Note: stat family on hard links, symlinks (followed and not), dangling
// and looping links, and FIFOs: type, size, link count, errors.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    umask(022);
    struct stat st, st2, lt;
    int fd = open("target", O_CREAT | O_WRONLY | O_TRUNC, 0600);
    write(fd, "0123456789", 10);
    close(fd);
    printf("link: %d\n", link("target", "hard"));
    stat("target", &st);
    stat("hard", &st2);
    printf("after link: nlink=%d %d same ino=%d\n", (int)st.st_nlink, (int)st2.st_nlink,
           st.st_ino == st2.st_ino);
    unlink("hard");
    stat("target", &st);
    printf("after unlink: nlink=%d\n", (int)st.st_nlink);

    printf("symlink: %d\n", symlink("target", "ln"));
    printf("stat ln: %d reg=%d size=%lld perm=%o\n", stat("ln", &st), S_ISREG(st.st_mode),
           (long long)st.st_size, (unsigned)(st.st_mode & 07777));
    printf("lstat ln: %d lnk=%d size=%lld nlink=%d\n", lstat("ln", &lt), S_ISLNK(lt.st_mode),
           (long long)lt.st_size, (int)lt.st_nlink);
    printf("different inodes: %d\n", st.st_ino != lt.st_ino);
    struct stat at;
    printf("fstatat nofollow: %d lnk=%d\n", fstatat(AT_FDCWD, "ln", &at, AT_SYMLINK_NOFOLLOW),
           S_ISLNK(at.st_mode));
    printf("fstatat follow: %d reg=%d\n", fstatat(AT_FDCWD, "ln", &at, 0), S_ISREG(at.st_mode));
    printf("symlink long: %d\n", symlink("a/much/longer/target/name/than/before", "ln2"));
    printf("lstat ln2 size=%lld\n", (lstat("ln2", &lt), (long long)lt.st_size));
    errno = 0;
    printf("stat dangling: %d ENOENT=%d\n", stat("ln2", &st), errno == ENOENT);
    symlink("loop1", "loop2");
    symlink("loop2", "loop1");
    errno = 0;
    printf("stat loop: %d ELOOP=%d\n", stat("loop1", &st), errno == ELOOP);
    printf("lstat loop: %d lnk=%d\n", lstat("loop1", &st), S_ISLNK(st.st_mode));

    printf("mkfifo: %d\n", mkfifo("fifo", 0640));
    printf("stat fifo: %d fifo=%d size=%lld perm=%o nlink=%d\n", stat("fifo", &st), S_ISFIFO(st.st_mode),
           (long long)st.st_size, (unsigned)(st.st_mode & 07777), (int)st.st_nlink);
    int r = open("fifo", O_RDONLY | O_NONBLOCK);
    printf("fstat fifo fd: %d fifo=%d\n", fstat(r, &st), S_ISFIFO(st.st_mode));
    close(r);
    int p[2];
    pipe(p);
    printf("fstat pipe: %d fifo=%d\n", fstat(p[0], &st), S_ISFIFO(st.st_mode));
    printf("fstat /dev/null: %d chr=%d\n", stat("/dev/null", &st), S_ISCHR(st.st_mode));
    unlink("ln");
    unlink("ln2");
    unlink("loop1");
    unlink("loop2");
    unlink("fifo");
    unlink("target");
    return 0;
}
