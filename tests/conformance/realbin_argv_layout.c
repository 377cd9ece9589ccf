// The strings of argv and the environment lie in one contiguous block, in
// order, as the kernel puts them on the stack: libuv (Node.js) treats
// argv[0] .. the end of the last argument as the area its
// uv_set_process_title overwrites, and setproctitle-style code extends it
// over the environment.
// args: first "second arg" '' --fourth=4
// env: REALBIN_LAYOUT=yes
#include <stdio.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv) {
    int contiguous = 1;
    for (int i = 0; i + 1 < argc; i++)
        if (argv[i] + strlen(argv[i]) + 1 != argv[i + 1]) contiguous = 0;
    printf("argc %d, argv strings contiguous: %d\n", argc, contiguous);
    for (int i = 1; i < argc; i++) printf("argv[%d] = \"%s\"\n", i, argv[i]);
    char *end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
    printf("environment follows argv: %d\n", environ[0] == end);
    int env_contiguous = 1, n = 0;
    for (char **e = environ; e[0] && e[1]; e++, n++)
        if (e[0] + strlen(e[0]) + 1 != e[1]) env_contiguous = 0;
    printf("environment strings contiguous: %d\n", env_contiguous);
    // Overwrite the whole argv area, as uv_set_process_title does, then
    // check that the environment survived.
    size_t area = (size_t)(end - argv[0]);
    memset(argv[0], 0, area);
    strncpy(argv[0], "renamed", area - 1);
    const char *v = NULL;
    for (char **e = environ; *e; e++)
        if (strncmp(*e, "REALBIN_LAYOUT=", 15) == 0) v = *e + 15;
    printf("argv[0] now \"%s\", REALBIN_LAYOUT=%s\n", argv[0], v ? v : "(gone)");
    return 0;
}
