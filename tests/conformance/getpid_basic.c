// Process identity; only booleans are printed.
#include <stdio.h>
#include <unistd.h>

int main(void) {
    pid_t p = getpid();
    printf("getpid()>0: %d\n", p > 0);
    printf("getppid()>0: %d\n", getppid() > 0);
    printf("stable: %d\n", getpid() == p);
    printf("differs from parent: %d\n", getppid() != p);
    printf("getuid()==geteuid(): %d\n", getuid() == geteuid());
    printf("getgid()==getegid(): %d\n", getgid() == getegid());
    return 0;
}
