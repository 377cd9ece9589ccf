// mkfifo/mknod(S_IFIFO)/mkfifoat: file type and mode, a writer and a
// reader through the FIFO, O_NONBLOCK opens (ENXIO without a reader),
// EEXIST, and a character device check with stat's st_rdev of /dev/null.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    umask(0);
    printf("mkfifo: %d\n", mkfifo("fifo", 0640));
    struct stat st;
    stat("fifo", &st);
    printf("isfifo=%d mode=%o\n", S_ISFIFO(st.st_mode), st.st_mode & 0777);
    errno = 0;
    printf("mkfifo again: %d EEXIST=%d\n", mkfifo("fifo", 0640), errno == EEXIST);
    errno = 0;
    printf("mkfifo missing dir: %d ENOENT=%d\n", mkfifo("nodir/f", 0640), errno == ENOENT);
    printf("mknod fifo: %d\n", mknod("fifo2", S_IFIFO | 0600, 0));
    stat("fifo2", &st);
    printf("isfifo=%d mode=%o\n", S_ISFIFO(st.st_mode), st.st_mode & 0777);
    int d = open(".", O_RDONLY);
    printf("mkfifoat: %d\n", mkfifoat(d, "fifo3", 0600));
    printf("fifo3 isfifo=%d\n", stat("fifo3", &st) == 0 && S_ISFIFO(st.st_mode));
    close(d);

    errno = 0;
    printf("open write nonblock, no reader: %d ENXIO=%d\n", open("fifo", O_WRONLY | O_NONBLOCK), errno == ENXIO);
    int r = open("fifo", O_RDONLY | O_NONBLOCK);
    printf("open read nonblock: %d\n", r >= 0);
    int w = open("fifo", O_WRONLY | O_NONBLOCK);
    printf("open write with reader: %d\n", w >= 0);
    printf("write: %zd\n", write(w, "through", 7));
    char buf[16] = {0};
    printf("read: %zd [%s]\n", read(r, buf, sizeof buf), buf);
    close(w);
    printf("read eof: %zd\n", read(r, buf, sizeof buf));
    close(r);

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open("fifo2", O_WRONLY);
        write(fd, "from child", 10);
        close(fd);
        _exit(0);
    }
    int fd = open("fifo2", O_RDONLY);
    memset(buf, 0, sizeof buf);
    ssize_t n, tot = 0;
    while ((n = read(fd, buf + tot, sizeof buf - 1 - (size_t)tot)) > 0)
        tot += n;
    printf("blocking pair: %zd [%s]\n", tot, buf);
    close(fd);
    int status;
    waitpid(pid, &status, 0);

    printf("stat /dev/null: %d ischr=%d rdev!=0=%d\n", stat("/dev/null", &st), S_ISCHR(st.st_mode), st.st_rdev != 0);
    errno = 0;
    printf("mknod regular-file type: %d\n", mknod("regular", S_IFREG | 0600, 0) == 0 || errno == EINVAL || errno == EPERM);
    unlink("fifo");
    unlink("fifo2");
    unlink("fifo3");
    unlink("regular");
    return 0;
}
