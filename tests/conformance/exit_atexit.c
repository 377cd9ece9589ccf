// atexit handlers run in reverse order of registration on exit(), and
// stdio buffers (even without a newline) are flushed afterwards.
#include <stdio.h>
#include <stdlib.h>

static void first(void) { puts("handler registered first (runs last)"); }
static void second(void) { puts("handler registered second"); }
static void third(void) { puts("handler registered third (runs first)"); }

static void helper(int code) {
    printf("exiting with %d from a nested call", code);
    exit(code);
}

int main(void) {
    printf("atexit: %d\n", atexit(first));
    printf("atexit: %d\n", atexit(second));
    printf("atexit: %d\n", atexit(third));
    puts("main body");
    helper(7);
    puts("not reached");
    return 0;
}
