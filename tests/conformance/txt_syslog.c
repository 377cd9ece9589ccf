// syslog(3): LOG_PERROR copies to stderr (captured here through a file on descriptor 2),
// setlogmask filtering (LOG_MASK/LOG_UPTO), %m, the openlog identity, vsyslog, closelog.
// Only the parts both systems agree on are printed: the identity appears and the line ends
// with ": message" (macOS adds time, host, pid and level in front).
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static char captured[4096];

static void capture_begin(int *saved) {
    fflush(stderr);
    *saved = dup(2);
    int fd = open("cap.txt", O_CREAT | O_TRUNC | O_RDWR, 0644);
    dup2(fd, 2);
    close(fd);
}

static void capture_end(int saved) {
    dup2(saved, 2);
    close(saved);
    int fd = open("cap.txt", O_RDONLY);
    ssize_t n = read(fd, captured, sizeof captured - 1);
    captured[n < 0 ? 0 : n] = 0;
    close(fd);
}

static int ends_with(const char *s, const char *tail) {
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

static void report(const char *what) {
    int lines = 0;
    for (char *p = captured; *p; p++) lines += *p == '\n';
    printf("%s: %d line(s)\n", what, lines);
    char *line = strtok(captured, "\n");
    while (line) {
        char *colon = strstr(line, ": ");
        printf("  has identity 'tester': %d, text after last ': ' -> '%s'\n", strstr(line, "tester") != NULL,
               colon ? strrchr(line, ':') + 2 : "?");
        line = strtok(NULL, "\n");
    }
}

static void my_vsyslog(int pri, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsyslog(pri, fmt, ap);
    va_end(ap);
}

int main(void) {
    int saved;
    openlog("tester", LOG_PERROR, LOG_USER);
    printf("mask after openlog is all: %d\n", setlogmask(0) == 0xff);

    capture_begin(&saved);
    syslog(LOG_NOTICE, "hello %d", 42);
    syslog(LOG_ERR | LOG_LOCAL0, "with facility %s", "local0");
    capture_end(saved);
    report("two messages");

    capture_begin(&saved);
    errno = ENOENT;
    syslog(LOG_WARNING, "open failed: %m");
    capture_end(saved);
    report("percent m");
    printf("  ends with strerror: %d\n", ends_with(captured, "No such file or directory"));

    int old = setlogmask(LOG_UPTO(LOG_ERR));
    printf("setlogmask returned old mask: %d, now: %#x\n", old == 0xff, setlogmask(0));
    capture_begin(&saved);
    syslog(LOG_INFO, "filtered info");
    syslog(LOG_DEBUG, "filtered debug");
    syslog(LOG_CRIT, "kept crit");
    my_vsyslog(LOG_ERR, "kept %s via vsyslog", "err");
    capture_end(saved);
    report("masked");

    setlogmask(LOG_MASK(LOG_DEBUG));
    capture_begin(&saved);
    syslog(LOG_EMERG, "not debug");
    syslog(LOG_DEBUG, "only debug");
    capture_end(saved);
    report("debug only");

    setlogmask(0xff);
    closelog();
    openlog("quiet", 0, LOG_USER);
    capture_begin(&saved);
    syslog(LOG_NOTICE, "reopened without LOG_PERROR");
    capture_end(saved);
    printf("without LOG_PERROR: %zu bytes on stderr\n", strlen(captured));
    closelog();

    openlog("tester", LOG_PERROR | LOG_PID, LOG_DAEMON);
    capture_begin(&saved);
    syslog(LOG_NOTICE, "with pid, trailing newline\n");
    capture_end(saved);
    printf("LOG_PID line has '[': %d, one newline at end: %d\n", strchr(captured, '[') != NULL,
           ends_with(captured, "newline\n"));
    closelog();
    return 0;
}
