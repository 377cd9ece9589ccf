// Stack walking: backtrace(), backtrace_symbols(), backtrace_symbols_fd()
// (also through a C library frame) and _Unwind_Backtrace with
// _Unwind_GetIP/_Unwind_GetRegionStart/_Unwind_FindEnclosingFunction, from
// the main thread and from another thread. Only the program's own frames are compared (by the name dladdr
// gives): the frames below main belong to each system's start-up code.
// Region starts are only compared for the innermost frame: Mach-O compact
// unwind tables merge adjacent functions with the same encoding into one
// entry (one region), ELF .eh_frame has one FDE per function.
// linux-cflags: -rdynamic
#include <dlfcn.h>
#include <execinfo.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unwind.h>

static const char* name_of(void* pc) {
    Dl_info info;
    if (dladdr(pc, &info) == 0 || info.dli_sname == NULL) return "?";
    return info.dli_sname;
}

struct Walk {
    int n;
    uintptr_t ip[64];
    uintptr_t start[64];
    uintptr_t enclosing[64];
};

static _Unwind_Reason_Code on_frame(struct _Unwind_Context* ctx, void* arg) {
    Walk* w = (Walk*)arg;
    if (w->n >= 64) return _URC_END_OF_STACK;
    w->ip[w->n] = _Unwind_GetIP(ctx);
    w->start[w->n] = _Unwind_GetRegionStart(ctx);
    w->enclosing[w->n] = (uintptr_t)_Unwind_FindEnclosingFunction((void*)w->ip[w->n]);
    w->n++;
    return _URC_NO_REASON;
}

extern "C" __attribute__((noinline, visibility("default"))) int bt_level3(int depth, const char* who) {
    void* buf[64];
    int n = backtrace(buf, 64);
    printf("%s: backtrace gave at least 4 frames: %d\n", who, n >= 4);
    for (int i = 0; i < 4 && i < n; i++) printf("  frame %d: %s\n", i, name_of(buf[i]));
    void* two[2];
    int m = backtrace(two, 2);
    printf("  backtrace(buf, 2) = %d: %s %s\n", m, name_of(two[0]), name_of(two[1]));

    char** syms = backtrace_symbols(buf, n);
    printf("  backtrace_symbols names frame 0: %d, frame 1: %d\n", syms && strstr(syms[0], "bt_level3") != NULL,
           syms && strstr(syms[1], "bt_level2") != NULL);
    free(syms);

    int p[2];
    if (pipe(p) == 0) {
        backtrace_symbols_fd(buf, 3, p[1]);
        close(p[1]);
        char text[4096];
        ssize_t got = read(p[0], text, sizeof text - 1);
        close(p[0]);
        text[got > 0 ? got : 0] = 0;
        int lines = 0;
        for (char* c = text; *c; c++) lines += *c == '\n';
        printf("  backtrace_symbols_fd: %d lines, mentions bt_level2: %d\n", lines, strstr(text, "bt_level2") != NULL);
    }

    Walk w;
    w.n = 0;
    _Unwind_Backtrace(on_frame, &w);
    printf("  _Unwind_Backtrace at least 4 frames: %d\n", w.n >= 4);
    for (int i = 0; i < 4 && i < w.n; i++)
        printf("  unwind frame %d: %s, enclosing function is the region start: %d\n", i, name_of((void*)w.ip[i]),
               w.enclosing[i] == w.start[i]);
    printf("  unwind frame 0 starts at bt_level3: %d\n", w.start[0] == (uintptr_t)&bt_level3);
    return n + depth;
}

extern "C" __attribute__((noinline, visibility("default"))) int bt_level2(int depth, const char* who) {
    int r = bt_level3(depth + 1, who);
    return r * 2 + 1;
}

extern "C" __attribute__((noinline, visibility("default"))) int bt_level1(int depth, const char* who) {
    int r = bt_level2(depth + 1, who);
    return r * 3 + 2;
}

// A frame of the C library (qsort) between two of the program's frames.
static int cmp_calls;
extern "C" __attribute__((noinline, visibility("default"))) int bt_cmp(const void* a, const void* b) {
    if (cmp_calls++ == 0) {
        void* buf[64];
        int n = backtrace(buf, 64);
        printf("through qsort:");
        for (int i = 0; i < n; i++) {
            const char* s = name_of(buf[i]);
            if (strncmp(s, "bt_", 3) == 0 || strcmp(s, "main") == 0) printf(" %s", s);
        }
        printf("\n");
    }
    return *(const int*)a - *(const int*)b;
}

extern "C" __attribute__((noinline, visibility("default"))) int bt_sorter(void) {
    int v[8] = {5, 3, 8, 1, 9, 2, 7, 4};
    qsort(v, 8, sizeof v[0], bt_cmp);
    return v[0] + v[7];
}

extern "C" __attribute__((noinline, visibility("default"))) void* bt_thread(void*) {
    bt_level1(0, "thread");
    return NULL;
}

int main() {
    int r = bt_level1(0, "main");
    r += bt_sorter();
    pthread_t t;
    pthread_create(&t, NULL, bt_thread, NULL);
    pthread_join(t, NULL);
    return r > 0 ? 0 : 1;
}
