// The BSD additions to err(3): warnc/errc/vwarnc/verrc (explicit error code), err_set_file
// (another stream, NULL = stderr) and err_set_exit (a hook called with the status before exit).
// darwin-differs: macOS err(3) documents errc, verrc, warnc, vwarnc, err_set_file and err_set_exit (<err.h>); glibc has none of them.
// darwin-exit: 7
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifdef __APPLE__
static void my_vwarnc(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vwarnc(code, fmt, ap);
    va_end(ap);
}

static void hook(int status) {
    printf("exit hook called with %d\n", status);
}

int main(void) {
    errno = 0;
    warnc(ENOENT, "warnc %s", "arg");
    warnc(EEXIST, NULL);
    my_vwarnc(ENOTDIR, "vwarnc %d", 1);
    printf("errno untouched: %d\n", errno == 0);

    FILE *f = fopen("log.txt", "w+");
    err_set_file(f);
    warnx("to the file %d", 1);
    errno = ENOENT;
    warn("also to the file");
    err_set_file(NULL);
    warnx("back on stderr");
    rewind(f);
    char line[128];
    while (fgets(line, sizeof line, f)) printf("file: %s", line);
    fclose(f);

    err_set_exit(hook);
    err_set_exit(NULL);
    err_set_exit(hook);
    fflush(stdout);
    errc(7, EISDIR, "errc %s", "done");
}
#else
int main(void) {
    puts("no errc/warnc/err_set_file/err_set_exit here");
    return 0;
}
#endif
