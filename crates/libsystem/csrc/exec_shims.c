/*
 * Calvados libSystem: the variadic exec entry points (execl, execle,
 * execlp). Each collects its NULL-terminated argument list into an array
 * and calls the Rust implementation (crates/libsystem/src/kernel/exec.rs).
 * The names are cvd_* (hidden); the export table maps the darwin names.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>

#define HIDDEN __attribute__((visibility("hidden")))

extern int calvados_execv(const char *path, char *const argv[]);
extern int calvados_execve(const char *path, char *const argv[], char *const envp[]);
extern int calvados_execvp(const char *file, char *const argv[]);

/* Counts the arguments after arg0 up to and including the NULL. */
static size_t count_args(va_list ap) {
    size_t n = 1;
    while (va_arg(ap, char *) != NULL)
        n++;
    return n + 1;
}

/* Fills argv (n slots) from arg0 and the list; returns the list position
 * after the NULL (for execle's envp). */
static void fill_args(char **argv, size_t n, const char *arg0, va_list ap) {
    argv[0] = (char *)arg0;
    for (size_t i = 1; i < n; i++)
        argv[i] = va_arg(ap, char *);
}

#define COLLECT(last)                                                                              \
    va_list ap, cp;                                                                                \
    va_start(ap, last);                                                                            \
    va_copy(cp, ap);                                                                               \
    size_t n = arg0 == NULL ? 1 : count_args(cp);                                                  \
    va_end(cp);                                                                                    \
    char *argv[n];                                                                                 \
    if (arg0 == NULL)                                                                              \
        argv[0] = NULL;                                                                            \
    else                                                                                           \
        fill_args(argv, n, arg0, ap);

HIDDEN int cvd_execl(const char *path, const char *arg0, ...) {
    COLLECT(arg0)
    va_end(ap);
    return calvados_execv(path, argv);
}

HIDDEN int cvd_execlp(const char *file, const char *arg0, ...) {
    COLLECT(arg0)
    va_end(ap);
    return calvados_execvp(file, argv);
}

HIDDEN int cvd_execle(const char *path, const char *arg0, ...) {
    COLLECT(arg0)
    char *const *envp = va_arg(ap, char *const *);
    va_end(ap);
    return calvados_execve(path, argv, envp);
}
