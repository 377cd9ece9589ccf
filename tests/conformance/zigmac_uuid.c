// <uuid/uuid.h> (zig's macOS build imports uuid_unparse): parse/unparse round trips in both
// cases, malformed strings rejected, compare/copy/clear/is_null, and the version and variant
// bits of generated UUIDs. Linux's libc has no libuuid, so there the test carries its own
// reference of the documented behaviour (uuid_unparse is upper case on darwin; uuid_generate is
// the random kind); the program's output is the same.
#include <stdio.h>
#include <string.h>

#ifdef __APPLE__
#include <uuid/uuid.h>
#else
#include <sys/random.h>
#include <time.h>
typedef unsigned char uuid_t[16];
typedef char uuid_string_t[37];
static int dash(int i) { return i == 8 || i == 13 || i == 18 || i == 23; }
static void fmt(const uuid_t u, char *out, const char *digits) {
    int j = 0;
    for (int i = 0; i < 16; i++) {
        if (dash(j)) out[j++] = '-';
        out[j++] = digits[u[i] >> 4];
        out[j++] = digits[u[i] & 15];
    }
    out[j] = 0;
}
static void uuid_unparse_upper(const uuid_t u, char *out) { fmt(u, out, "0123456789ABCDEF"); }
static void uuid_unparse_lower(const uuid_t u, char *out) { fmt(u, out, "0123456789abcdef"); }
static void uuid_unparse(const uuid_t u, char *out) { uuid_unparse_upper(u, out); }
static int hex(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
static int uuid_parse(const char *s, uuid_t u) {
    uuid_t t = {0};
    int n = 0;
    for (int i = 0; i < 36; i++) {
        if (dash(i)) {
            if (s[i] != '-') return -1;
            continue;
        }
        int v = hex((unsigned char)s[i]);
        if (v < 0) return -1;
        t[n / 2] |= (unsigned char)(n % 2 ? v : v << 4);
        n++;
    }
    memcpy(u, t, 16);
    return 0;
}
static int uuid_compare(const uuid_t a, const uuid_t b) { return memcmp(a, b, 16); }
static void uuid_copy(uuid_t d, const uuid_t s) { memmove(d, s, 16); }
static void uuid_clear(uuid_t u) { memset(u, 0, 16); }
static int uuid_is_null(const uuid_t u) {
    static const uuid_t z;
    return memcmp(u, z, 16) == 0;
}
static void uuid_generate_random(uuid_t u) {
    getrandom(u, 16, 0);
    u[6] = (u[6] & 0x0f) | 0x40;
    u[8] = (u[8] & 0x3f) | 0x80;
}
static void uuid_generate(uuid_t u) { uuid_generate_random(u); }
static void uuid_generate_time(uuid_t u) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    static unsigned long long last;
    unsigned long long t = 0x01b21dd213814000ULL + (unsigned long long)ts.tv_sec * 10000000 + ts.tv_nsec / 100;
    if (t <= last) t = last + 1;
    last = t;
    getrandom(u + 8, 8, 0);
    for (int i = 0; i < 4; i++) u[i] = (unsigned char)(t >> (24 - 8 * i));
    u[4] = (unsigned char)(t >> 40), u[5] = (unsigned char)(t >> 32);
    u[6] = (unsigned char)((t >> 56) & 0x0f) | 0x10, u[7] = (unsigned char)(t >> 48);
    u[8] = (u[8] & 0x3f) | 0x80;
    u[10] |= 1;
}
#endif

static int sign(int x) { return (x > 0) - (x < 0); }

int main(void) {
    const char *good[] = {"1b4e28ba-2fa1-11d2-883f-0016d3cca427", "00000000-0000-0000-0000-000000000000",
                          "FFFFFFFF-ffff-ABCD-efab-0123456789aB", "1b4e28ba-2fa1-11d2-883f-0016d3cca427trailing"};
    for (unsigned i = 0; i < sizeof good / sizeof *good; i++) {
        uuid_t u;
        uuid_string_t up, lo, def;
        int r = uuid_parse(good[i], u);
        uuid_unparse_upper(u, up);
        uuid_unparse_lower(u, lo);
        uuid_unparse(u, def);
        printf("parse %d: u[0]=%02x u[15]=%02x null=%d\n  upper %s\n  lower %s\n  default %s (len %zu)\n", r,
               u[0], u[15], uuid_is_null(u), up, lo, def, strlen(def));
    }
    const char *bad[] = {"", "1b4e28ba-2fa1-11d2-883f-0016d3cca42", "1b4e28ba 2fa1-11d2-883f-0016d3cca427",
                         "1b4e28ba-2fa1-11d2-883f-0016d3cca4g7", "{1b4e28ba-2fa1-11d2-883f-0016d3cca427}",
                         "1b4e28ba2fa111d2883f0016d3cca427"};
    for (unsigned i = 0; i < sizeof bad / sizeof *bad; i++) {
        uuid_t u;
        memset(u, 0xaa, sizeof u);
        int r = uuid_parse(bad[i], u);
        printf("bad %u: %d untouched=%d\n", i, r, u[0] == 0xaa && u[15] == 0xaa);
    }

    uuid_t a, b, c;
    uuid_parse("10000000-0000-0000-0000-000000000001", a);
    uuid_parse("10000000-0000-0000-0000-000000000002", b);
    printf("compare a<b %d b>a %d a=a %d\n", sign(uuid_compare(a, b)), sign(uuid_compare(b, a)),
           sign(uuid_compare(a, a)));
    uuid_copy(c, b);
    printf("copy equal %d\n", uuid_compare(c, b) == 0);
    uuid_clear(c);
    printf("clear null %d, a null %d\n", uuid_is_null(c), uuid_is_null(a));

    int v4 = 1, v1 = 1, distinct = 1;
    uuid_t prev;
    uuid_clear(prev);
    for (int i = 0; i < 64; i++) {
        uuid_t g, r, t;
        uuid_generate(g);
        uuid_generate_random(r);
        uuid_generate_time(t);
        v4 &= (g[6] >> 4) == 4 && (g[8] & 0xc0) == 0x80 && (r[6] >> 4) == 4 && (r[8] & 0xc0) == 0x80;
        v1 &= (t[6] >> 4) == 1 && (t[8] & 0xc0) == 0x80;
        distinct &= uuid_compare(g, r) != 0 && uuid_compare(t, prev) != 0 && !uuid_is_null(g);
        uuid_copy(prev, t);
        uuid_string_t s;
        uuid_unparse_lower(r, s);
        uuid_t back;
        if (uuid_parse(s, back) != 0 || uuid_compare(back, r) != 0) distinct = 0;
    }
    printf("generate: version 4 %d, time version 1 %d, distinct and round-trip %d\n", v4, v1, distinct);
    return 0;
}
