// The sandbox library: sandbox_init, sandbox_init_with_parameters,
// sandbox_init_with_extensions, sandbox_free_error and the kSBXProfile
// names. Prototypes and constants from macOS's <sandbox.h> (not in zig's
// headers): int sandbox_init(const char *, uint64_t, char **) and friends
// return 0 on success with *errorbuf NULL; SANDBOX_NAMED is 1.
// darwin-differs: Linux has no sandbox API (sandbox.h is Apple's); the
// Linux side only prints that.
// darwin-cflags: -Ltests/conformance -lsandbox
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#ifdef __APPLE__
#define SANDBOX_NAMED 0x0001ULL
int sandbox_init(const char *profile, uint64_t flags, char **errorbuf);
int sandbox_init_with_parameters(const char *profile, uint64_t flags,
                                 const char *const parameters[], char **errorbuf);
int sandbox_init_with_extensions(const char *profile, uint64_t flags,
                                 const char *const extensions[], char **errorbuf);
void sandbox_free_error(char *errorbuf);
extern const char kSBXProfileNoInternet[];
extern const char kSBXProfilePureComputation[];
extern const char kSBXProfileNoWriteExceptTemporary[];
#endif

int main(void) {
#ifdef __APPLE__
    char *err = (char *)1;
    int r = sandbox_init_with_parameters("(version 1)(allow default)(deny file-write-setugid)", 0,
                                         (const char *const[]){"_GLOBAL_TMP_DIR", "/tmp", NULL}, &err);
    printf("with_parameters: %d err=%s\n", r, err ? "set" : "NULL");
    sandbox_free_error(err);
    err = (char *)1;
    r = sandbox_init(kSBXProfileNoInternet, SANDBOX_NAMED, &err);
    printf("named %s: %d err=%s\n", kSBXProfileNoInternet, r, err ? "set" : "NULL");
    r = sandbox_init_with_extensions("(version 1)(allow default)", 0, NULL, NULL);
    printf("with_extensions, NULL errorbuf: %d\n", r);
    printf("names: %s %s\n", kSBXProfilePureComputation, kSBXProfileNoWriteExceptTemporary);
    sandbox_free_error(NULL);
    FILE *f = fopen("/dev/null", "w");
    printf("still can write: %d\n", f != NULL);
    if (f) fclose(f);
#else
    printf("no sandbox API\n");
#endif
    return 0;
}
