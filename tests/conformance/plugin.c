// Module loaded at run time by dlopen_plugin.c and dlopen_executable_path.c.
#include <stdio.h>

int plugin_counter = 100;
const char plugin_name[] = "example plugin";

int plugin_add(int a, int b) { return a + b + plugin_counter++; }

static int initialised;
__attribute__((constructor)) static void plugin_init(void) { initialised = 1; }
int plugin_was_initialised(void) { return initialised; }
