// darwin-fixups: chained
// The same program linked with chained fixups (LC_DYLD_CHAINED_FIXUPS +
// LC_DYLD_EXPORTS_TRIE, as Apple's ld writes for macOS >= 12): rebased
// pointers in data (a table of strings and function pointers), binds to
// libSystem functions and data, a constructor, and thread-local variables.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *names[] = {"alpha", "beta", "gamma", "delta"};
static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
static int (*ops[])(int, int) = {add, mul};
static struct { const char *label; int (**op)(int, int); } entries[] = {
    {"sum", &ops[0]},
    {"product", &ops[1]},
};
static int constructed;
__attribute__((constructor)) static void init(void) { constructed = 42; }

static __thread int counter = 7;
static __thread char tag[16] = "main";

static void *worker(void *arg) {
    counter += (int)(long)arg;
    snprintf(tag, sizeof tag, "w%ld", (long)arg);
    printf("thread %s counter %d\n", tag, counter);
    return NULL;
}

int main(void) {
    for (int i = 0; i < 4; i++) printf("%s %zu\n", names[i], strlen(names[i]));
    for (int i = 0; i < 2; i++) printf("%s %d\n", entries[i].label, (*entries[i].op)(6, 7));
    printf("constructed %d\n", constructed);
    void *(*alloc)(size_t) = malloc;  // a bound function pointer used as data
    char *p = alloc(8);
    strcpy(p, "bound");
    printf("%s\n", p);
    free(p);
    for (long i = 1; i <= 3; i++) {
        pthread_t t;
        pthread_create(&t, NULL, worker, (void *)i);
        pthread_join(t, NULL);
    }
    printf("main %s counter %d\n", tag, counter);
    fprintf(stderr, "stderr via bound __stderrp\n");
    return 0;
}
