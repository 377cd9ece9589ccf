// argc/argv (argv[0] is not printed: it names a different file on each side)
// and the environment: getenv, setenv, unsetenv.
// args: one "two words" '' "quote\"inside" --flag=x
// env: CALVADOS_TEST_VAR=hello world
// env: EMPTY_VAR=
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void show(const char *name) {
    const char *v = getenv(name);
    if (v)
        printf("%s=[%s]\n", name, v);
    else
        printf("%s unset\n", name);
}

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    printf("argv[0] non-empty: %d\n", argv[0] != NULL && argv[0][0] != '\0');
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=[%s] (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] == NULL: %d\n", argv[argc] == NULL);

    show("CALVADOS_TEST_VAR");
    show("EMPTY_VAR");
    show("LANG");
    show("TZ");
    show("DEFINITELY_NOT_SET");

    printf("setenv new: %d\n", setenv("NEW_VAR", "v1", 0));
    show("NEW_VAR");
    printf("setenv no-overwrite: %d\n", setenv("NEW_VAR", "v2", 0));
    show("NEW_VAR");
    printf("setenv overwrite: %d\n", setenv("NEW_VAR", "v3", 1));
    show("NEW_VAR");
    printf("unsetenv: %d\n", unsetenv("NEW_VAR"));
    show("NEW_VAR");
    printf("unsetenv inherited: %d\n", unsetenv("CALVADOS_TEST_VAR"));
    show("CALVADOS_TEST_VAR");
    printf("setenv bad name fails: %d\n", setenv("BAD=NAME", "x", 1) == -1);
    return 0;
}
