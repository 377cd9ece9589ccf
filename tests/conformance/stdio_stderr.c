// Output on both standard streams, explicit flushing, and exit status 1.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
    printf("stdout 1\n");
    fprintf(stderr, "stderr 1\n");
    fflush(stdout);
    fputs("stderr 2 (unbuffered)\n", stderr);
    printf("stdout 2, ");
    printf("same line\n");
    fflush(stdout);
    write(STDOUT_FILENO, "raw write to fd 1\n", 18);
    write(STDERR_FILENO, "raw write to fd 2\n", 18);
    fprintf(stderr, "%s %d\n", "formatted stderr", 42);
    printf("unflushed stdout is flushed by exit");
    exit(1);
}
