// dlopen by a path relative to the main executable's directory:
// "@executable_path/plugin.dylib" on macOS (man 3 dlopen), "$ORIGIN/plugin.so"
// on Linux — the harness passes the prefix as PLUGIN_DIR.
// plugin: plugin.c
#include <dlfcn.h>
#include <stdio.h>

int main(void) {
    void *h = dlopen(PLUGIN_DIR "plugin" PLUGIN_EXT, RTLD_LAZY);
    printf("dlopen: %d\n", h != NULL);
    if (!h)
        return 1;
    int (*add)(int, int) = (int (*)(int, int))dlsym(h, "plugin_add");
    printf("add(20,3)=%d\n", add ? add(20, 3) : -1);
    printf("dlclose: %d\n", dlclose(h));
    return 0;
}
