/*
 * Calvados libSystem: the variadic stdio entry points.
 *
 * Rust (stable) cannot define C-variadic functions, so each darwin
 * printf/scanf-family function with `...` is a tiny C function here that
 * starts the va_list and hands it to the Rust `v*` implementation
 * (crates/libsystem/src/c/stdio/). On x86_64 a va_list argument is a
 * pointer to the caller's __va_list_tag, which the Rust side reads with the
 * ABI's va_arg algorithm.
 *
 * The names are cvd_* (hidden): the export table maps the darwin names
 * (_printf, ...) to them, and they must not clash with glibc's own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#define HIDDEN __attribute__((visibility("hidden")))

typedef struct calvados_file CFILE; /* darwin FILE, opaque here */

extern int calvados_stdio_vfprintf(CFILE *fp, const char *fmt, va_list ap);
extern int calvados_stdio_vprintf(const char *fmt, va_list ap);
extern int calvados_stdio_vsprintf(char *buf, const char *fmt, va_list ap);
extern int calvados_stdio_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
extern int calvados_stdio_vasprintf(char **ret, const char *fmt, va_list ap);
extern int calvados_stdio_vdprintf(int fd, const char *fmt, va_list ap);
extern int calvados_stdio_vsprintf_chk(char *buf, int flag, size_t size, const char *fmt, va_list ap);
extern int calvados_stdio_vsnprintf_chk(char *buf, size_t n, int flag, size_t size, const char *fmt,
                                        va_list ap);
extern int calvados_stdio_vfscanf(CFILE *fp, const char *fmt, va_list ap);
extern int calvados_stdio_vscanf(const char *fmt, va_list ap);
extern int calvados_stdio_vsscanf(const char *s, const char *fmt, va_list ap);

/* Defines `name(params..., last, ...)` calling `call` with `ap`. */
#define VARIADIC(name, params, last, call)                                                         \
    HIDDEN int name params {                                                                       \
        va_list ap;                                                                                \
        int r;                                                                                     \
        va_start(ap, last);                                                                        \
        r = call;                                                                                  \
        va_end(ap);                                                                                \
        return r;                                                                                  \
    }

VARIADIC(cvd_printf, (const char *fmt, ...), fmt, calvados_stdio_vprintf(fmt, ap))
VARIADIC(cvd_fprintf, (CFILE *fp, const char *fmt, ...), fmt, calvados_stdio_vfprintf(fp, fmt, ap))
VARIADIC(cvd_sprintf, (char *buf, const char *fmt, ...), fmt, calvados_stdio_vsprintf(buf, fmt, ap))
VARIADIC(cvd_snprintf, (char *buf, size_t n, const char *fmt, ...), fmt,
         calvados_stdio_vsnprintf(buf, n, fmt, ap))
VARIADIC(cvd_asprintf, (char **ret, const char *fmt, ...), fmt, calvados_stdio_vasprintf(ret, fmt, ap))
VARIADIC(cvd_dprintf, (int fd, const char *fmt, ...), fmt, calvados_stdio_vdprintf(fd, fmt, ap))
VARIADIC(cvd_sprintf_chk, (char *buf, int flag, size_t size, const char *fmt, ...), fmt,
         calvados_stdio_vsprintf_chk(buf, flag, size, fmt, ap))
VARIADIC(cvd_snprintf_chk, (char *buf, size_t n, int flag, size_t size, const char *fmt, ...), fmt,
         calvados_stdio_vsnprintf_chk(buf, n, flag, size, fmt, ap))

extern int calvados_stdio_vfprintf_l(CFILE *fp, void *loc, const char *fmt, va_list ap);
extern int calvados_stdio_vprintf_l(void *loc, const char *fmt, va_list ap);
extern int calvados_stdio_vsprintf_l(char *buf, void *loc, const char *fmt, va_list ap);
extern int calvados_stdio_vsnprintf_l(char *buf, size_t n, void *loc, const char *fmt, va_list ap);
extern int calvados_stdio_vasprintf_l(char **ret, void *loc, const char *fmt, va_list ap);
extern int calvados_stdio_vdprintf_l(int fd, void *loc, const char *fmt, va_list ap);
extern int calvados_stdio_vfscanf_l(CFILE *fp, void *loc, const char *fmt, va_list ap);
extern int calvados_stdio_vscanf_l(void *loc, const char *fmt, va_list ap);
extern int calvados_stdio_vsscanf_l(const char *s, void *loc, const char *fmt, va_list ap);

/* The xlocale variants: the Rust side formats in the given locale. */
VARIADIC(cvd_printf_l, (void *loc, const char *fmt, ...), fmt, calvados_stdio_vprintf_l(loc, fmt, ap))
VARIADIC(cvd_fprintf_l, (CFILE *fp, void *loc, const char *fmt, ...), fmt,
         calvados_stdio_vfprintf_l(fp, loc, fmt, ap))
VARIADIC(cvd_sprintf_l, (char *buf, void *loc, const char *fmt, ...), fmt,
         calvados_stdio_vsprintf_l(buf, loc, fmt, ap))
VARIADIC(cvd_snprintf_l, (char *buf, size_t n, void *loc, const char *fmt, ...), fmt,
         calvados_stdio_vsnprintf_l(buf, n, loc, fmt, ap))
VARIADIC(cvd_asprintf_l, (char **ret, void *loc, const char *fmt, ...), fmt,
         calvados_stdio_vasprintf_l(ret, loc, fmt, ap))
VARIADIC(cvd_dprintf_l, (int fd, void *loc, const char *fmt, ...), fmt,
         calvados_stdio_vdprintf_l(fd, loc, fmt, ap))

VARIADIC(cvd_scanf, (const char *fmt, ...), fmt, calvados_stdio_vscanf(fmt, ap))
VARIADIC(cvd_fscanf, (CFILE *fp, const char *fmt, ...), fmt, calvados_stdio_vfscanf(fp, fmt, ap))
VARIADIC(cvd_sscanf, (const char *s, const char *fmt, ...), fmt, calvados_stdio_vsscanf(s, fmt, ap))
VARIADIC(cvd_scanf_l, (void *loc, const char *fmt, ...), fmt, calvados_stdio_vscanf_l(loc, fmt, ap))
VARIADIC(cvd_fscanf_l, (CFILE *fp, void *loc, const char *fmt, ...), fmt,
         calvados_stdio_vfscanf_l(fp, loc, fmt, ap))
VARIADIC(cvd_sscanf_l, (const char *s, void *loc, const char *fmt, ...), fmt,
         calvados_stdio_vsscanf_l(s, loc, fmt, ap))

/* Long doubles, which Rust cannot pass by value: glibc formats and parses
 * them for us. */
HIDDEN int cvd_snprintf_ld(char *buf, size_t n, const char *fmt, const long double *v) {
    return snprintf(buf, n, fmt, *v);
}

HIDDEN void cvd_strtold_store(const char *s, void *dst) {
    long double v = strtold(s, NULL);
    __builtin_memcpy(dst, &v, sizeof v);
}
