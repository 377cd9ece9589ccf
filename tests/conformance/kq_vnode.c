// File events on an open descriptor, whatever its name: a write that grows
// the file (write + extend), rename, and losing its last name (delete, with
// the link count change); a directory sees a new entry as a write, and a
// new subdirectory as a link count change. On macOS: EVFILT_VNODE with EV_CLEAR (man 2 kqueue:
// NOTE_WRITE, NOTE_EXTEND, NOTE_ATTRIB, NOTE_LINK, NOTE_RENAME,
// NOTE_DELETE); on Linux inotify on the descriptor's inode, with the link
// count and size read back to tell those apart.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/event.h>
#else
#include <sys/epoll.h>
#include <sys/inotify.h>
static int ino;
static struct {
    int fd, wd;
    nlink_t nlink;
    off_t size;
} w[4];
static int nw;
#endif

enum { WRITE = 1, EXTEND = 2, ATTRIB = 4, LINK = 8, RENAME = 16, DELETE = 32 };

static int q;

static void watch(int fd) {
#ifdef __APPLE__
    struct kevent k;
    EV_SET(&k, fd, EVFILT_VNODE, EV_ADD | EV_CLEAR,
           NOTE_WRITE | NOTE_EXTEND | NOTE_ATTRIB | NOTE_LINK | NOTE_RENAME | NOTE_DELETE, 0, NULL);
    if (kevent(q, &k, 1, NULL, 0, NULL) != 0)
        perror("kevent");
#else
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    struct stat st;
    fstat(fd, &st);
    w[nw].fd = fd;
    w[nw].wd = inotify_add_watch(ino, path, IN_MODIFY | IN_ATTRIB | IN_MOVE_SELF | IN_DELETE_SELF | IN_CREATE | IN_DELETE);
    w[nw].nlink = st.st_nlink;
    w[nw].size = st.st_size;
    nw++;
#endif
}

// Events on `fd` within `ms`, as a bit set (0 if none).
static int events(int fd, int ms) {
#ifdef __APPLE__
    struct kevent k;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    int r = 0;
    while (kevent(q, NULL, 0, &k, 1, &ts) == 1) {
        if ((int)k.ident != fd)
            continue;
        unsigned f = k.fflags;
        r |= (f & NOTE_WRITE ? WRITE : 0) | (f & NOTE_EXTEND ? EXTEND : 0) | (f & NOTE_ATTRIB ? ATTRIB : 0) |
             (f & NOTE_LINK ? LINK : 0) | (f & NOTE_RENAME ? RENAME : 0) | (f & NOTE_DELETE ? DELETE : 0);
        ts.tv_sec = 0;
        ts.tv_nsec = 0;
    }
    return r;
#else
    int r = 0;
    struct epoll_event e;
    while (epoll_wait(q, &e, 1, ms) == 1) {
        ms = 0;
        char buf[4096] __attribute__((aligned(8)));
        ssize_t n = read(ino, buf, sizeof buf);
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *ie = (struct inotify_event *)p;
            p += sizeof *ie + ie->len;
            for (int i = 0; i < nw; i++) {
                if (w[i].wd != ie->wd || w[i].fd != fd)
                    continue;
                struct stat st;
                fstat(fd, &st);
                int dir = S_ISDIR(st.st_mode);
                if (ie->mask & IN_MODIFY)
                    r |= WRITE;
                if (dir && (ie->mask & (IN_CREATE | IN_DELETE)))
                    r |= WRITE;
                if (st.st_size > w[i].size)
                    r |= EXTEND;
                if (st.st_nlink < w[i].nlink)
                    r |= dir ? LINK : LINK | DELETE;
                else if (st.st_nlink > w[i].nlink)
                    r |= LINK;
                else if (ie->mask & IN_ATTRIB)
                    r |= ATTRIB;
                if (ie->mask & IN_MOVE_SELF)
                    r |= RENAME;
                w[i].size = st.st_size;
                w[i].nlink = st.st_nlink;
            }
        }
    }
    return r;
#endif
}

static void show(const char *what, int r) {
    printf("%-14s:%s%s%s%s%s%s%s\n", what, r ? "" : " none", r & WRITE ? " write" : "", r & EXTEND ? " extend" : "",
           r & ATTRIB ? " attrib" : "", r & LINK ? " link" : "", r & RENAME ? " rename" : "",
           r & DELETE ? " delete" : "");
}

int main(void) {
#ifdef __APPLE__
    q = kqueue();
#else
    q = epoll_create1(0);
    ino = inotify_init1(IN_NONBLOCK);
    struct epoll_event ev = {.events = EPOLLIN};
    epoll_ctl(q, EPOLL_CTL_ADD, ino, &ev);
#endif
    int fd = open("watched.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    watch(fd);
    show("nothing", events(fd, 0));
    write(fd, "hello", 5);
    show("write", events(fd, 500));
    pwrite(fd, "J", 1, 0);
    show("overwrite", events(fd, 500));
    rename("watched.txt", "renamed.txt");
    show("rename", events(fd, 500));
    int other = open("other.txt", O_CREAT | O_WRONLY, 0644);
    show("unrelated", events(fd, 50));
    close(other);
    unlink("renamed.txt");
    show("unlink", events(fd, 500));
    char buf[8] = {0};
    printf("still readable: %zd %.5s\n", pread(fd, buf, 5, 0), buf);

    mkdir("dir", 0755);
    int d = open("dir", O_RDONLY);
    watch(d);
    close(open("dir/a", O_CREAT | O_WRONLY, 0644));
    show("dir create", events(d, 500));
    mkdir("dir/sub", 0755);
    show("dir mkdir", events(d, 500));
    rmdir("dir/sub");
    show("dir rmdir", events(d, 500));
    unlink("dir/a");
    show("dir unlink", events(d, 500));
    return 0;
}
