/*
 * Calvados libSystem: the variadic wide-character stdio entry points
 * (swprintf, fwprintf, wprintf, swscanf, fwscanf, wscanf and their _l forms). As in
 * stdio_shims.c, each starts its va_list and hands it to the Rust `v*`
 * function (crates/libsystem/src/c/stdio/wide.rs). wchar_t is a 32-bit int
 * on darwin and Linux alike.
 */
#include <stdarg.h>
#include <stddef.h>
#include <wchar.h>

#define HIDDEN __attribute__((visibility("hidden")))

typedef struct calvados_file CFILE; /* darwin FILE, opaque here */

extern int calvados_stdio_vswprintf(wchar_t *ws, size_t n, const wchar_t *fmt, va_list ap);
extern int calvados_stdio_vswprintf_l(wchar_t *ws, size_t n, void *loc, const wchar_t *fmt,
                                      va_list ap);
extern int calvados_stdio_vfwprintf(CFILE *fp, const wchar_t *fmt, va_list ap);
extern int calvados_stdio_vfwprintf_l(CFILE *fp, void *loc, const wchar_t *fmt, va_list ap);
extern int calvados_stdio_vwprintf(const wchar_t *fmt, va_list ap);
extern int calvados_stdio_vwprintf_l(void *loc, const wchar_t *fmt, va_list ap);
extern int calvados_stdio_vswscanf(const wchar_t *ws, const wchar_t *fmt, va_list ap);
extern int calvados_stdio_vfwscanf(CFILE *fp, const wchar_t *fmt, va_list ap);
extern int calvados_stdio_vfwscanf_l(CFILE *fp, void *loc, const wchar_t *fmt, va_list ap);
extern int calvados_stdio_vwscanf(const wchar_t *fmt, va_list ap);
extern int calvados_stdio_vwscanf_l(void *loc, const wchar_t *fmt, va_list ap);
extern int calvados_stdio_vswscanf_l(const wchar_t *ws, void *loc, const wchar_t *fmt, va_list ap);

#define WVARIADIC(name, params, last, call)                                                        \
    HIDDEN int name params {                                                                       \
        va_list ap;                                                                                \
        int r;                                                                                     \
        va_start(ap, last);                                                                        \
        r = call;                                                                                  \
        va_end(ap);                                                                                \
        return r;                                                                                  \
    }

WVARIADIC(cvd_swprintf, (wchar_t *ws, size_t n, const wchar_t *fmt, ...), fmt,
          calvados_stdio_vswprintf(ws, n, fmt, ap))
WVARIADIC(cvd_swprintf_l, (wchar_t *ws, size_t n, void *loc, const wchar_t *fmt, ...), fmt,
          calvados_stdio_vswprintf_l(ws, n, loc, fmt, ap))
WVARIADIC(cvd_fwprintf, (CFILE *fp, const wchar_t *fmt, ...), fmt,
          calvados_stdio_vfwprintf(fp, fmt, ap))
WVARIADIC(cvd_fwprintf_l, (CFILE *fp, void *loc, const wchar_t *fmt, ...), fmt,
          calvados_stdio_vfwprintf_l(fp, loc, fmt, ap))
WVARIADIC(cvd_wprintf, (const wchar_t *fmt, ...), fmt, calvados_stdio_vwprintf(fmt, ap))
WVARIADIC(cvd_wprintf_l, (void *loc, const wchar_t *fmt, ...), fmt,
          calvados_stdio_vwprintf_l(loc, fmt, ap))
WVARIADIC(cvd_swscanf, (const wchar_t *ws, const wchar_t *fmt, ...), fmt,
          calvados_stdio_vswscanf(ws, fmt, ap))
WVARIADIC(cvd_swscanf_l, (const wchar_t *ws, void *loc, const wchar_t *fmt, ...), fmt,
          calvados_stdio_vswscanf_l(ws, loc, fmt, ap))
WVARIADIC(cvd_fwscanf, (CFILE *fp, const wchar_t *fmt, ...), fmt,
          calvados_stdio_vfwscanf(fp, fmt, ap))
WVARIADIC(cvd_fwscanf_l, (CFILE *fp, void *loc, const wchar_t *fmt, ...), fmt,
          calvados_stdio_vfwscanf_l(fp, loc, fmt, ap))
WVARIADIC(cvd_wscanf, (const wchar_t *fmt, ...), fmt, calvados_stdio_vwscanf(fmt, ap))
WVARIADIC(cvd_wscanf_l, (void *loc, const wchar_t *fmt, ...), fmt,
          calvados_stdio_vwscanf_l(loc, fmt, ap))
