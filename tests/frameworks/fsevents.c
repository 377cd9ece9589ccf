// FSEvents on a CFRunLoop, the way file watchers (Rust's notify crate) use
// them: a thread schedules a stream on its run loop and runs it; the main
// thread changes files, waits for the callbacks, then stops the loop once
// CFRunLoopIsWaiting says it sleeps.
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cf.h"

#define MAXEV 64
static char root[1024];
static struct { char path[512]; uint32_t flags; } seen[2][MAXEV];
static int nseen[2];
static uint64_t last_id;
static int ids_increasing = 1;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static CFRunLoopRef loop;
static int ready;

static void note(int which, const char *p, uint32_t flags, uint64_t id) {
    pthread_mutex_lock(&mu);
    size_t n = strlen(root);
    const char *rel = strncmp(p, root, n) == 0 ? p + n : p;
    int i;
    for (i = 0; i < nseen[which]; i++)
        if (strcmp(seen[which][i].path, rel) == 0) break;
    if (i == nseen[which] && i < MAXEV) {
        snprintf(seen[which][i].path, sizeof seen[which][i].path, "%s", rel);
        seen[which][i].flags = 0;
        nseen[which]++;
    }
    seen[which][i].flags |= flags;
    if (id != 0 && id <= last_id) ids_increasing = 0;
    if (id != 0) last_id = id;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

static void file_cb(ConstFSEventStreamRef s, void *info, size_t n, void *paths, const uint32_t *flags, const FSEventStreamEventId *ids) {
    (void)s;
    if (strcmp((const char *)info, "file-info") != 0) printf("bad info\n");
    char **p = paths;
    for (size_t i = 0; i < n; i++) note(0, p[i], flags[i], ids[i]);
}

static void dir_cb(ConstFSEventStreamRef s, void *info, size_t n, void *paths, const uint32_t *flags, const FSEventStreamEventId *ids) {
    (void)s; (void)info; (void)ids;
    CFArrayRef arr = paths;
    for (size_t i = 0; i < n; i++) {
        char buf[1024];
        CFStringGetCString(CFArrayGetValueAtIndex(arr, (CFIndex)i), buf, sizeof buf, kCFStringEncodingUTF8);
        note(1, buf, flags[i], 0);
    }
}

static int has(int which, const char *rel, uint32_t want) {
    for (int i = 0; i < nseen[which]; i++)
        if (strcmp(seen[which][i].path, rel) == 0 && (seen[which][i].flags & want) == want) return 1;
    return 0;
}

static int wait_for(int which, const char *rel, uint32_t want) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 2;
    pthread_mutex_lock(&mu);
    int ok;
    while (!(ok = has(which, rel, want)))
        if (pthread_cond_timedwait(&cv, &mu, &ts) != 0) break;
    pthread_mutex_unlock(&mu);
    return ok;
}

static FSEventStreamRef make(FSEventStreamCallback cb, void *info, uint32_t flags) {
    CFStringRef p = CFStringCreateWithCString(NULL, root, kCFStringEncodingUTF8);
    CFArrayRef paths = CFArrayCreate(NULL, (const void **)&p, 1, &kCFTypeArrayCallBacks);
    FSEventStreamContext ctx = {0, info, NULL, NULL, NULL};
    FSEventStreamRef s = FSEventStreamCreate(NULL, cb, &ctx, paths, kFSEventStreamEventIdSinceNow, 0.05, flags);
    CFRelease(paths);
    CFRelease(p);
    return s;
}

static void *watcher(void *arg) {
    (void)arg;
    FSEventStreamRef a = make(file_cb, "file-info", kFSEventStreamCreateFlagFileEvents | kFSEventStreamCreateFlagNoDefer);
    FSEventStreamRef b = make(dir_cb, NULL, kFSEventStreamCreateFlagUseCFTypes);
    CFRunLoopRef rl = CFRunLoopGetCurrent();
    printf("start before schedule: %d\n", FSEventStreamStart(a));
    FSEventStreamScheduleWithRunLoop(a, rl, kCFRunLoopDefaultMode);
    FSEventStreamScheduleWithRunLoop(b, rl, kCFRunLoopDefaultMode);
    printf("start: %d %d device %ld\n", FSEventStreamStart(a), FSEventStreamStart(b), (long)FSEventStreamGetDeviceBeingWatched(a));
    pthread_mutex_lock(&mu);
    loop = rl;
    ready = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    CFRunLoopRun();
    printf("run loop returned\n");
    FSEventStreamStop(a); FSEventStreamInvalidate(a); FSEventStreamRelease(a);
    FSEventStreamStop(b); FSEventStreamInvalidate(b); FSEventStreamRelease(b);
    return NULL;
}

int main(void) {
    printf("empty loop: %d\n", CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0.1, 0));
    char tmpl[] = "/tmp/cvd-fsevents-XXXXXX";
    if (!mkdtemp(tmpl)) return 1;
    if (!realpath(tmpl, root)) return 1;
    uint64_t before = FSEventsGetCurrentEventId();
    pthread_t t;
    pthread_create(&t, NULL, watcher, NULL);
    pthread_mutex_lock(&mu);
    while (!ready) pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    usleep(100000);

    char p[1200], q[1200];
    snprintf(p, sizeof p, "%s/a.txt", root);
    close(open(p, O_CREAT | O_WRONLY, 0644));
    printf("a.txt created seen: %d\n", wait_for(0, "/a.txt", kFSEventStreamEventFlagItemCreated | kFSEventStreamEventFlagItemIsFile));
    int fd = open(p, O_WRONLY);
    write(fd, "x", 1);
    close(fd);
    printf("a.txt modified seen: %d\n", wait_for(0, "/a.txt", kFSEventStreamEventFlagItemModified));
    snprintf(q, sizeof q, "%s/sub", root);
    mkdir(q, 0755);
    printf("sub created seen: %d\n", wait_for(0, "/sub", kFSEventStreamEventFlagItemCreated | kFSEventStreamEventFlagItemIsDir));
    snprintf(q, sizeof q, "%s/sub/b", root);
    close(open(q, O_CREAT | O_WRONLY, 0644));
    printf("sub/b created seen: %d\n", wait_for(0, "/sub/b", kFSEventStreamEventFlagItemCreated | kFSEventStreamEventFlagItemIsFile));
    snprintf(q, sizeof q, "%s/c.txt", root);
    rename(p, q);
    printf("rename seen: %d %d\n", wait_for(0, "/a.txt", kFSEventStreamEventFlagItemRenamed),
           wait_for(0, "/c.txt", kFSEventStreamEventFlagItemRenamed | kFSEventStreamEventFlagItemIsFile));
    unlink(q);
    printf("c.txt removed seen: %d\n", wait_for(0, "/c.txt", kFSEventStreamEventFlagItemRemoved));
    printf("dir-level root seen: %d\n", wait_for(1, "/", 0));
    printf("dir-level sub seen: %d\n", wait_for(1, "/sub/", 0));

    while (!CFRunLoopIsWaiting(loop)) usleep(1000);
    CFRunLoopStop(loop);
    pthread_join(t, NULL);
    pthread_mutex_lock(&mu);
    printf("ids increasing: %d after start: %d\n", ids_increasing, last_id > before);
    for (int w = 0; w < 2; w++)
        for (int i = 0; i < nseen[w]; i++)
            if (w == 1) printf("dir event: %s flags %#x\n", seen[w][i].path, seen[w][i].flags);
    pthread_mutex_unlock(&mu);
    snprintf(q, sizeof q, "%s/sub/b", root); unlink(q);
    snprintf(q, sizeof q, "%s/sub", root); rmdir(q);
    rmdir(root);
    printf("purge: %d\n", FSEventsPurgeEventsForDeviceUpToEventId(0, 0));
    return 0;
}
