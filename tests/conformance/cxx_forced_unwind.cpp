// _Unwind_ForcedUnwind: a stop function sees every frame (with
// _UA_FORCE_UNWIND | _UA_CLEANUP_PHASE, _UA_END_OF_STACK only at the very
// end), destructors of the unwound frames run in order, and the stop
// function leaves with longjmp, either at a chosen frame or at the end of
// the stack. Also _Unwind_DeleteException and the cleanup callback.
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unwind.h>

struct Noisy {
    const char* name;
    ~Noisy() { printf("  dtor %s\n", name); }
};

static jmp_buf env;
static uintptr_t stop_above;  // stop at the first frame whose CFA is above this
static int calls, bad_actions, saw_end;
static _Unwind_Exception exc;

static _Unwind_Reason_Code stop(int version, _Unwind_Action actions, _Unwind_Exception_Class cls,
                                _Unwind_Exception* e, struct _Unwind_Context* ctx, void* arg) {
    (void)cls;
    calls++;
    int expected = _UA_FORCE_UNWIND | _UA_CLEANUP_PHASE;
    if (version != 1 || e != &exc || arg != (void*)&env || (actions & ~_UA_END_OF_STACK) != expected) bad_actions++;
    if (actions & _UA_END_OF_STACK) {
        saw_end = 1;
        longjmp(env, 2);
    }
    if (stop_above && _Unwind_GetCFA(ctx) > stop_above) longjmp(env, 1);
    return _URC_NO_REASON;
}

static int cleaned;
static void cleanup(_Unwind_Reason_Code, _Unwind_Exception*) { cleaned++; }

__attribute__((noinline)) void fu_inner() {
    Noisy n{"inner"};
    memset(&exc, 0, sizeof exc);
    exc.exception_class = 0x43414c56444f5300ULL;  // "CALVDOS\0"
    exc.exception_cleanup = cleanup;
    _Unwind_Reason_Code rc = _Unwind_ForcedUnwind(&exc, stop, &env);
    printf("  _Unwind_ForcedUnwind returned %d (not expected)\n", (int)rc);
}

__attribute__((noinline)) void fu_mid() {
    Noisy a{"mid.a"};
    {
        Noisy b{"mid.b"};
        fu_inner();
    }
    printf("  not reached\n");
}

__attribute__((noinline)) void fu_outer() {
    volatile int marker = 0;
    stop_above = (uintptr_t)&marker;
    Noisy n{"outer"};
    fu_mid();
    marker++;
}

__attribute__((noinline)) void fu_to_the_end() {
    stop_above = 0;
    Noisy n{"to_the_end"};
    fu_mid();
}

int main() {
    printf("stop at a frame\n");
    int r = setjmp(env);
    if (r == 0) {
        fu_outer();
    } else {
        printf("  longjmp %d after %d stop calls, bad actions %d, end seen %d\n", r, calls, bad_actions, saw_end);
    }
    printf("to the end of the stack\n");
    calls = bad_actions = 0;
    r = setjmp(env);
    if (r == 0) {
        fu_to_the_end();
    } else {
        printf("  longjmp %d, more than 3 stop calls %d, bad actions %d, end seen %d\n", r, calls > 3, bad_actions,
               saw_end);
    }
    _Unwind_DeleteException(&exc);
    printf("cleanup callback ran %d time(s)\n", cleaned);
    return 0;
}
