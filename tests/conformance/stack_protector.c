// -fstack-protector-all: every function gets a canary checked on return
// (__stack_chk_guard / __stack_chk_fail from the C library).
// cflags: -fstack-protector-all
#include <stdio.h>
#include <string.h>

static int fill(const char *src, int rounds) {
    char buf[64];
    int sum = 0;
    for (int r = 0; r < rounds; r++) {
        strncpy(buf, src, sizeof buf - 1);
        buf[sizeof buf - 1] = '\0';
        for (size_t i = 0; i < strlen(buf); i++)
            sum += buf[i] * (r + 1);
    }
    return sum;
}

static int recurse(int depth) {
    volatile char pad[32];
    pad[depth % 32] = (char)depth;
    return depth == 0 ? 0 : pad[depth % 32] + recurse(depth - 1);
}

int main(void) {
    printf("fill=%d\n", fill("stack protector test string", 10));
    printf("recurse=%d\n", recurse(100));
    puts("ok");
    return 0;
}
