// A friendly first program for Calvados: build it for macOS and run it on
// Linux with `./scripts/demo.sh`.
#include <stdio.h>
#include <sys/utsname.h>

int main(int argc, char **argv) {
    struct utsname u;
    const char *sysname = uname(&u) == 0 ? u.sysname : "(uname failed)";
    printf("Hello from a Mach-O program! This system calls itself %s.\n", sysname);
    printf("I was started with %d argument%s:\n", argc, argc == 1 ? "" : "s");
    for (int i = 0; i < argc; i++)
        printf("  argv[%d] = \"%s\"\n", i, argv[i]);
    return 0;
}
