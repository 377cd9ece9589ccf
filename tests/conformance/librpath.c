// Shared library for rpath_dylib.c (installed as @rpath/librpath.dylib).
int rpath_global = 1234;
const char *rpath_greeting = "hello from librpath";
static int calls;

int rpath_square(int x) {
    calls++;
    return x * x;
}
int rpath_calls(void) { return calls; }
void rpath_bump(int by) { rpath_global += by; }
