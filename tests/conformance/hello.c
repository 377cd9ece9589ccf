// The smallest useful program: stdio and main's return value.
#include <stdio.h>

int main(void) {
    printf("Hello, %s!\n", "world");
    puts("puts adds a newline");
    printf("%d + %d = %d\n", 2, 3, 2 + 3);
    fputs("no newline at the end", stdout);
    return 3;
}
