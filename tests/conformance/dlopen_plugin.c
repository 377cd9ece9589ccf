// dlopen/dlsym/dlclose/dlerror on a module built next to the executable
// (`plugin.dylib` / `plugin.so`, found through the directory of argv[0]).
// plugin: plugin.c
#define _GNU_SOURCE // RTLD_DEFAULT on glibc
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    (void)argc;
    char path[4096];
    const char *slash = strrchr(argv[0], '/');
    int dirlen = slash ? (int)(slash - argv[0]) : 1;
    snprintf(path, sizeof path, "%.*s/plugin%s", dirlen, slash ? argv[0] : ".", PLUGIN_EXT);

    void *none = dlopen("no-such-plugin" PLUGIN_EXT, RTLD_NOW);
    printf("dlopen missing: NULL=%d dlerror non-NULL=%d\n", none == NULL, dlerror() != NULL);

    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    printf("dlopen: %d\n", h != NULL);
    if (!h) {
        printf("dlerror: %s\n", dlerror());
        return 1;
    }
    int (*add)(int, int) = (int (*)(int, int))dlsym(h, "plugin_add");
    int *counter = (int *)dlsym(h, "plugin_counter");
    const char *name = (const char *)dlsym(h, "plugin_name");
    int (*inited)(void) = (int (*)(void))dlsym(h, "plugin_was_initialised");
    printf("dlsym: add=%d counter=%d name=%d inited=%d\n", add != NULL, counter != NULL, name != NULL,
           inited != NULL);
    if (!add || !counter || !name || !inited)
        return 1;
    printf("constructor ran: %d\n", inited());
    printf("name: %s\n", name);
    int first = add(1, 2);
    int second = add(1, 2);
    printf("add(1,2)=%d add(1,2)=%d counter=%d\n", first, second, *counter);
    *counter = 0;
    printf("after write: add(5,5)=%d\n", add(5, 5));

    void *h2 = dlopen(path, RTLD_NOW);
    printf("second dlopen gives same handle: %d\n", h2 == h);
    printf("dlclose second: %d\n", dlclose(h2));

    dlerror(); // clear
    void *missing = dlsym(h, "no_such_symbol");
    const char *err = dlerror();
    printf("dlsym missing: NULL=%d dlerror non-NULL=%d\n", missing == NULL, err != NULL);
    printf("dlerror cleared after read: %d\n", dlerror() == NULL);

    void *self = dlsym(RTLD_DEFAULT, "printf");
    printf("RTLD_DEFAULT finds printf: %d\n", self != NULL);
    printf("dlclose: %d\n", dlclose(h));
    return 0;
}
