// abort() kills the process with SIGABRT; output flushed before is kept.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    puts("about to abort");
    fflush(stdout);
    fputs("stderr before abort\n", stderr);
    abort();
}
