// CFRunLoop: run results, timers (one-shot and repeating), version-0
// sources signalled from another thread, CFRunLoopStop from another thread.
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include "cf.h"

static int fired, ticks, performed, scheduled, cancelled;
static CFRunLoopRef main_loop;
static CFRunLoopSourceRef src;

static void once(CFRunLoopTimerRef t, void *info) {
    (void)t;
    fired++;
    printf("one-shot fired, info %s\n", (const char *)info);
}

static void tick(CFRunLoopTimerRef t, void *info) {
    (void)info;
    if (++ticks == 3) {
        CFRunLoopTimerInvalidate(t);
        CFRunLoopStop(CFRunLoopGetCurrent());
    }
}

static void perform(void *info) { performed++; printf("perform %s\n", (const char *)info); }
static void schedule(void *info, CFRunLoopRef rl, CFRunLoopMode mode) { (void)info; (void)mode; scheduled += rl == main_loop; }
static void cancel(void *info, CFRunLoopRef rl, CFRunLoopMode mode) { (void)info; (void)mode; cancelled += rl == main_loop; }

static void *signaller(void *arg) {
    (void)arg;
    usleep(50000);
    CFRunLoopSourceSignal(src);
    CFRunLoopWakeUp(main_loop);
    return NULL;
}

static void *stopper(void *arg) {
    (void)arg;
    while (!CFRunLoopIsWaiting(main_loop)) usleep(1000);
    CFRunLoopStop(main_loop);
    return NULL;
}

int main(void) {
    main_loop = CFRunLoopGetCurrent();
    printf("main is current: %d\n", CFRunLoopGetMain() == main_loop);
    printf("nothing to run: %d\n", CFRunLoopRunInMode(kCFRunLoopDefaultMode, 1.0, 0));

    CFRunLoopTimerContext tctx = {0, "ctx", NULL, NULL, NULL};
    CFRunLoopTimerRef t1 = CFRunLoopTimerCreate(NULL, CFAbsoluteTimeGetCurrent() + 0.05, 0, 0, 0, once, &tctx);
    CFRunLoopAddTimer(main_loop, t1, kCFRunLoopCommonModes);
    printf("run with timer: %d fired %d valid after %d\n", CFRunLoopRunInMode(kCFRunLoopDefaultMode, 1.0, 0), fired,
           CFRunLoopTimerIsValid(t1));
    CFRelease(t1);

    CFRunLoopTimerRef t2 = CFRunLoopTimerCreate(NULL, CFAbsoluteTimeGetCurrent() + 0.01, 0.01, 0, 0, tick, NULL);
    CFRunLoopAddTimer(main_loop, t2, kCFRunLoopDefaultMode);
    CFRunLoopRun();
    printf("repeating: %d ticks\n", ticks);
    CFRelease(t2);

    CFRunLoopSourceContext sctx = {0, "src", NULL, NULL, NULL, NULL, NULL, schedule, cancel, perform};
    src = CFRunLoopSourceCreate(NULL, 0, &sctx);
    CFRunLoopAddSource(main_loop, src, kCFRunLoopDefaultMode);
    printf("scheduled: %d\n", scheduled);
    printf("other mode: %d\n", CFRunLoopRunInMode(CFSTR("custom"), 0.05, 0));
    printf("timeout: %d\n", CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0.05, 0));
    pthread_t th;
    pthread_create(&th, NULL, signaller, NULL);
    printf("signalled: %d performed %d\n", CFRunLoopRunInMode(kCFRunLoopDefaultMode, 2.0, 1), performed);
    pthread_join(th, NULL);
    pthread_create(&th, NULL, stopper, NULL);
    CFRunLoopRun();
    pthread_join(th, NULL);
    printf("stopped from another thread\n");
    CFRunLoopSourceInvalidate(src);
    printf("cancelled: %d valid %d\n", cancelled, CFRunLoopSourceIsValid(src));
    printf("empty again: %d\n", CFRunLoopRunInMode(kCFRunLoopDefaultMode, 1.0, 0));
    CFRelease(src);
    return 0;
}
