/*
 * Calvados libSystem: the variadic entry points of the err/warn and
 * syslog families (crates/libsystem/src/c/err.rs, c/syslog.rs).
 *
 * As in stdio_shims.c, each `...` function only starts the va_list and
 * hands it to the Rust `v*` implementation. The names are cvd_* (hidden)
 * so that they never clash with glibc's own err/warn/syslog.
 */
#include <stdarg.h>

#define HIDDEN __attribute__((visibility("hidden")))

extern void calvados_err_verr(int eval, const char *fmt, va_list ap) __attribute__((noreturn));
extern void calvados_err_verrc(int eval, int code, const char *fmt, va_list ap) __attribute__((noreturn));
extern void calvados_err_verrx(int eval, const char *fmt, va_list ap) __attribute__((noreturn));
extern void calvados_err_vwarn(const char *fmt, va_list ap);
extern void calvados_err_vwarnc(int code, const char *fmt, va_list ap);
extern void calvados_err_vwarnx(const char *fmt, va_list ap);
extern void calvados_syslog_vsyslog(int pri, const char *fmt, va_list ap);

HIDDEN void cvd_err(int eval, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    calvados_err_verr(eval, fmt, ap);
}

HIDDEN void cvd_errc(int eval, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    calvados_err_verrc(eval, code, fmt, ap);
}

HIDDEN void cvd_errx(int eval, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    calvados_err_verrx(eval, fmt, ap);
}

HIDDEN void cvd_warn(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    calvados_err_vwarn(fmt, ap);
    va_end(ap);
}

HIDDEN void cvd_warnc(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    calvados_err_vwarnc(code, fmt, ap);
    va_end(ap);
}

HIDDEN void cvd_warnx(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    calvados_err_vwarnx(fmt, ap);
    va_end(ap);
}

HIDDEN void cvd_syslog(int pri, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    calvados_syslog_vsyslog(pri, fmt, ap);
    va_end(ap);
}
