// kqueue behaviour that Linux has no counterpart for.
// darwin-differs: kqueue(2), kevent(2), kevent64(2) and EVFILT_USER exist only on macOS (man 2 kqueue; <sys/event.h>): EV_RECEIPT and change errors returned as EV_ERROR events with the errno in data, errors returned by kevent when the event list has no room, EVFILT_USER with NOTE_TRIGGER and NOTE_FFCOPY/NOTE_FFOR/NOTE_FFAND, kevent64's ext[] and KEVENT_FLAG_IMMEDIATE / KEVENT_FLAG_ERROR_EVENTS, timers that are always EV_CLEAR, NOTE_ABSOLUTE timers that are one-shot, and kqueues not inherited by fork; the Linux twin prints one line.
#include <errno.h>
#include <stdio.h>
#ifdef __APPLE__
#include <pthread.h>
#include <stdint.h>
#include <sys/event.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static int kq;

static void show(const char *what, int n, const struct kevent *k) {
    printf("%s: n=%d", what, n);
    for (int i = 0; i < n; i++)
        printf(" [ident=%lu filter=%d flags=0x%x fflags=0x%x data=%ld udata=%lu]", (unsigned long)k[i].ident,
               k[i].filter, k[i].flags, k[i].fflags, (long)k[i].data, (unsigned long)(uintptr_t)k[i].udata);
    printf("\n");
}

static int user(int ident, unsigned short flags, unsigned fflags, long data) {
    struct kevent k;
    EV_SET(&k, ident, EVFILT_USER, flags, fflags, data, (void *)(uintptr_t)(100 + ident));
    return kevent(kq, &k, 1, NULL, 0, NULL);
}

static void *trigger_later(void *arg) {
    (void)arg;
    usleep(50000);
    user(4, 0, NOTE_TRIGGER, 0);
    return NULL;
}

static int poll_all(struct kevent *out, int max) {
    struct timespec zero = {0, 0};
    return kevent(kq, NULL, 0, out, max, &zero);
}

int main(void) {
    kq = kqueue();
    printf("kqueue: %d\n", kq > 2);
    struct kevent ch[3], out[4];
    int n;

    // Receipts: one per change, EV_ERROR set, data = 0 or the errno; no scan.
    EV_SET(&ch[0], 1, EVFILT_USER, EV_ADD | EV_CLEAR | EV_RECEIPT, 0, 0, (void *)11);
    EV_SET(&ch[1], 999, EVFILT_READ, EV_ADD | EV_RECEIPT, 0, 0, (void *)12);
    n = kevent(kq, ch, 2, out, 4, NULL);
    show("receipts", n, out);
    printf("bad fd errno is EBADF: %d\n", n == 2 && out[1].data == EBADF);

    // An error with room in the event list is an event too.
    EV_SET(&ch[0], 5, EVFILT_USER, EV_DELETE, 0, 0, NULL);
    n = kevent(kq, ch, 1, out, 4, NULL);
    show("delete missing", n, out);
    printf("ENOENT in data: %d\n", n == 1 && out[0].data == ENOENT);
    // Without room, kevent fails with the errno.
    n = kevent(kq, ch, 1, NULL, 0, NULL);
    printf("no room: %d errno==ENOENT: %d\n", n, errno == ENOENT);
    EV_SET(&ch[0], 1, -20, EV_ADD, 0, 0, NULL);
    n = kevent(kq, ch, 1, NULL, 0, NULL);
    printf("unknown filter: %d errno==EINVAL: %d\n", n, errno == EINVAL);

    // EVFILT_USER: trigger with a copied value, then OR and AND into it.
    printf("pending before trigger: %d\n", poll_all(out, 4));
    user(1, 0, NOTE_TRIGGER | NOTE_FFCOPY | 0x11, 42);
    n = poll_all(out, 4);
    show("triggered", n, out);
    printf("cleared: %d\n", poll_all(out, 4));
    user(1, 0, NOTE_TRIGGER | NOTE_FFOR | 0x100, 7);
    n = poll_all(out, 4);
    printf("or: n=%d fflags=0x%x data=%ld\n", n, out[0].fflags, (long)out[0].data);
    user(1, 0, NOTE_TRIGGER | NOTE_FFAND | 0x101, 8);
    n = poll_all(out, 4);
    printf("and: n=%d fflags=0x%x data=%ld\n", n, out[0].fflags, (long)out[0].data);
    // Without EV_CLEAR a triggered user event stays triggered.
    user(2, EV_ADD, NOTE_TRIGGER, 0);
    printf("level user: %d then %d\n", poll_all(out, 4), poll_all(out, 4));
    user(2, EV_DISABLE, 0, 0);
    printf("disabled: %d\n", poll_all(out, 4));
    user(2, EV_DELETE, 0, 0);
    // Another thread triggers while this one waits with no timeout.
    user(4, EV_ADD | EV_CLEAR, 0, 0);
    pthread_t th;
    pthread_create(&th, NULL, trigger_later, NULL);
    n = kevent(kq, NULL, 0, out, 4, NULL);
    printf("woken by a trigger: n=%d ident=%lu\n", n, (unsigned long)out[0].ident);
    pthread_join(th, NULL);

    // A thread blocked in kevent wakes when another triggers the event.
    user(3, EV_ADD | EV_ONESHOT, 0, 0);
    struct timespec long_wait = {5, 0};
    fflush(stdout);
    if (fork() == 0) {
        // darwin: a kqueue is not inherited by a fork child.
        struct timespec zero = {0, 0};
        int r = kevent(kq, NULL, 0, out, 1, &zero);
        printf("child kevent: %d EBADF=%d\n", r, r < 0 && errno == EBADF);
        fflush(stdout);
        _exit(0);
    }
    int st;
    wait(&st);
    user(3, 0, NOTE_TRIGGER, 0);
    n = kevent(kq, NULL, 0, out, 4, &long_wait);
    printf("oneshot user: n=%d ident=%lu\n", n, (unsigned long)out[0].ident);
    printf("oneshot gone: %d errno==ENOENT: %d\n", user(3, 0, NOTE_TRIGGER, 0), errno == ENOENT);

    // kevent64: 64-bit udata, ext[] kept, KEVENT_FLAG_IMMEDIATE.
    struct kevent64_s c64, o64[2];
    EV_SET64(&c64, 9, EVFILT_USER, EV_ADD | EV_CLEAR, NOTE_TRIGGER, 0, 0x123456789aULL, 0xaa, 0xbb);
    n = kevent64(kq, &c64, 1, o64, 2, KEVENT_FLAG_IMMEDIATE, NULL);
    printf("kevent64: n=%d ident=%llu udata=0x%llx ext=%llx,%llx\n", n, (unsigned long long)o64[0].ident,
           (unsigned long long)o64[0].udata, (unsigned long long)o64[0].ext[0], (unsigned long long)o64[0].ext[1]);
    EV_SET64(&c64, 9, EVFILT_USER, 0, NOTE_TRIGGER, 0, 0, 0, 0);
    n = kevent64(kq, &c64, 1, o64, 2, KEVENT_FLAG_ERROR_EVENTS, NULL);
    printf("error events only: %d\n", n);
    n = kevent64(kq, NULL, 0, o64, 2, KEVENT_FLAG_IMMEDIATE, NULL);
    printf("then pending: %d\n", n);

    // Timers are EV_CLEAR; NOTE_ABSOLUTE ones are one-shot.
    struct kevent t;
    EV_SET(&t, 1, EVFILT_TIMER, EV_ADD, 0, 5, NULL);
    n = kevent(kq, &t, 1, out, 1, &long_wait);
    printf("timer: n=%d clear=%d data>=1: %d\n", n, (out[0].flags & EV_CLEAR) != 0, out[0].data >= 1);
    EV_SET(&t, 1, EVFILT_TIMER, EV_DELETE, 0, 0, NULL);
    kevent(kq, &t, 1, NULL, 0, NULL);
    struct timeval now;
    gettimeofday(&now, NULL);
    EV_SET(&t, 2, EVFILT_TIMER, EV_ADD, NOTE_ABSOLUTE | NOTE_SECONDS, now.tv_sec - 1, NULL);
    n = kevent(kq, &t, 1, out, 1, &long_wait);
    printf("absolute in the past: n=%d oneshot=%d data=%ld\n", n, (out[0].flags & EV_ONESHOT) != 0,
           (long)out[0].data);
    EV_SET(&t, 2, EVFILT_TIMER, EV_DELETE, 0, 0, NULL);
    n = kevent(kq, &t, 1, NULL, 0, NULL);
    printf("then gone: %d errno==ENOENT: %d\n", n, errno == ENOENT);
    EV_SET(&t, 3, EVFILT_TIMER, EV_ADD, NOTE_SECONDS | NOTE_USECONDS, 1, NULL);
    n = kevent(kq, &t, 1, NULL, 0, NULL);
    printf("two units: %d errno==EINVAL: %d\n", n, errno == EINVAL);

    // Bad timeouts and descriptors.
    struct timespec bad = {0, -1};
    n = kevent(kq, NULL, 0, out, 1, &bad);
    printf("negative nsec: %d errno==EINVAL: %d\n", n, errno == EINVAL);
    int p[2];
    pipe(p);
    n = kevent(p[0], NULL, 0, out, 1, &bad);
    printf("bad timeout checked first: %d errno==EINVAL: %d\n", n, errno == EINVAL);
    struct timespec zero = {0, 0};
    n = kevent(p[0], NULL, 0, out, 1, &zero);
    printf("not a kqueue: %d errno==EBADF: %d\n", n, errno == EBADF);
    EV_SET(&ch[0], getpid(), EVFILT_PROC, EV_ADD, NOTE_EXIT | NOTE_TRACK, 0, NULL);
    n = kevent(kq, ch, 1, NULL, 0, NULL);
    printf("NOTE_TRACK: %d errno==ENOTSUP: %d\n", n, errno == ENOTSUP);
    return 0;
}
#else
int main(void) {
    puts("kqueue is macOS-only");
    return 0;
}
#endif
