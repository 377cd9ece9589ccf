// Constructors run before main in priority order, get (argc, argv, envp)
// like main does; destructors run after main returns.
// args: first second
#include <stdio.h>

static int order;

__attribute__((constructor(300))) static void late(void) { printf("ctor priority 300 (#%d)\n", ++order); }

__attribute__((constructor(101))) static void early(int argc, char **argv, char **envp) {
    printf("ctor priority 101 (#%d): argc=%d argv[1]=%s envp ok=%d\n", ++order, argc, argv[1], envp && envp[0]);
}

__attribute__((constructor(200))) static void middle(void) { printf("ctor priority 200 (#%d)\n", ++order); }

__attribute__((constructor)) static void plain(void) { printf("ctor without priority (#%d)\n", ++order); }

__attribute__((destructor)) static void dtor(void) { printf("dtor after main (order was %d)\n", order); }

static int initialised_data = 41;

int main(void) {
    printf("main: %d constructors ran, data=%d\n", order, ++initialised_data);
    order = 100;
    return 0;
}
