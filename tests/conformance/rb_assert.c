// darwin-differs: a failed assert() on macOS calls __assert_rtn, which prints "Assertion failed: (expr), function f, file F, line N." and aborts (<assert.h>; man 3 assert), where glibc prints "prog: F:N: f: Assertion `expr' failed."
// darwin-exit: signal SIGABRT
#undef NDEBUG /* zig cc defines it when optimizing */
#include <assert.h>
#include <stdio.h>

static int check(int x) {
#line 10 "rb_assert.c"
    assert(x == 2);
    return x;
}

int main(void) {
    printf("first: %d\n", check(2));
    fflush(stdout);
    check(3);
    puts("not reached");
    return 0;
}
