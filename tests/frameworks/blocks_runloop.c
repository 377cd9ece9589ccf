// The Blocks runtime (<Block.h>: Block_copy/Block_release, __block
// variables moved to the heap, blocks capturing blocks) and
// CFRunLoopPerformBlock (a block runs once, on the loop's thread, when the
// loop runs in one of its modes; a pending block keeps a loop from
// finishing, and CFRunLoopRunInMode then waits for its deadline).
#include <Block.h>
#include <stdio.h>
#include "cf.h"

typedef int (^IntBlock)(int);

static IntBlock make_adder(int base) {
    __block int calls = 0;
    IntBlock b = ^(int x) { return base + x + 100 * ++calls; };
    return Block_copy(b);  // the stack frame (and its `calls`) goes away
}

static int timer_fired;
static void stop_timer(CFRunLoopTimerRef t, void *info) {
    (void)t; (void)info;
    timer_fired++;
    CFRunLoopStop(CFRunLoopGetCurrent());
}

int main(void) {
    IntBlock add = make_adder(5);
    printf("adder: %d %d %d\n", add(1), add(1), add(10));
    IntBlock same = Block_copy(add);
    printf("copy of a heap block is the same block: %d\n", same == add);
    Block_release(same);
    Block_release(add);

    // A heap block that captured another block: copying the outer copies
    // the inner (through the copy helper), releasing the outer releases it.
    __block int shared = 1;
    void (^inner)(void) = ^{ shared *= 3; };
    void (^outer)(void) = ^{ inner(); shared += 1; };
    void (^heap)(void) = Block_copy(outer);
    heap();
    heap();
    printf("shared after two calls through the heap copy: %d (seen by the frame)\n", shared);
    Block_release(heap);
    static int global_calls;
    void (^global)(void) = ^{ global_calls++; };
    printf("a global block copies to itself: %d\n", Block_copy(global) == global);

    CFRunLoopRef rl = CFRunLoopGetCurrent();
    __block int order = 0;
    __block int first = 0, second = 0, other = 0, both = 0;
    CFRunLoopPerformBlock(rl, kCFRunLoopDefaultMode, ^{ first = ++order; });
    CFRunLoopPerformBlock(rl, kCFRunLoopCommonModes, ^{ second = ++order; });
    CFRunLoopPerformBlock(rl, CFSTR("other"), ^{ other = ++order; });
    const void *modes[] = {CFSTR("elsewhere"), CFSTR("other")};
    CFArrayRef list = CFArrayCreate(NULL, modes, 2, &kCFTypeArrayCallBacks);
    CFRunLoopPerformBlock(rl, list, ^{ both = ++order; });
    CFRelease(list);
    printf("nothing runs before the loop: %d\n", order);

    CFRunLoopTimerRef t =
        CFRunLoopTimerCreate(NULL, CFAbsoluteTimeGetCurrent() + 0.05, 0, 0, 0, stop_timer, NULL);
    CFRunLoopAddTimer(rl, t, kCFRunLoopDefaultMode);
    CFRunLoopRun();
    printf("default mode: first %d second %d, other-mode blocks waiting %d %d, timer %d\n", first, second, other,
           both, timer_fired);
    int r = CFRunLoopRunInMode(CFSTR("other"), 0.05, 0);
    printf("mode other: result %d (timed out), blocks %d %d\n", r, other, both);
    printf("an empty mode finishes at once: %d\n", CFRunLoopRunInMode(CFSTR("other"), 10, 0));
    CFRelease(t);
    return 0;
}
