// Note: darwin malloc zones. Linux has none, so the native side runs the
// same scenario through a tiny stand-in built on malloc, which is what the
// zone functions must behave like.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __APPLE__
#include <malloc/malloc.h>
#else
#include <malloc.h>
typedef struct { const char *name; } malloc_zone_t;
static malloc_zone_t def = {"DefaultMallocZone"};
static malloc_zone_t *malloc_default_zone(void) { return &def; }
static malloc_zone_t *malloc_create_zone(size_t s, unsigned f) { (void)s; (void)f; return calloc(1, sizeof(malloc_zone_t)); }
static void malloc_destroy_zone(malloc_zone_t *z) { free((void *)z->name); free(z); }
static void *malloc_zone_malloc(malloc_zone_t *z, size_t n) { (void)z; return malloc(n); }
static void *malloc_zone_calloc(malloc_zone_t *z, size_t k, size_t n) { (void)z; return calloc(k, n); }
static void *malloc_zone_realloc(malloc_zone_t *z, void *p, size_t n) { (void)z; return realloc(p, n); }
static void *malloc_zone_memalign(malloc_zone_t *z, size_t a, size_t n) { (void)z; void *p; return posix_memalign(&p, a, n) ? NULL : p; }
static void *malloc_zone_valloc(malloc_zone_t *z, size_t n) { return malloc_zone_memalign(z, 4096, n); }
static void malloc_zone_free(malloc_zone_t *z, void *p) { (void)z; free(p); }
static void malloc_set_zone_name(malloc_zone_t *z, const char *n) { z->name = strdup(n); }
static const char *malloc_get_zone_name(malloc_zone_t *z) { return z->name; }
static malloc_zone_t *malloc_zone_from_ptr(const void *p) { return p ? &def : NULL; }
static unsigned malloc_zone_batch_malloc(malloc_zone_t *z, size_t n, void **out, unsigned k) { for (unsigned i = 0; i < k; i++) out[i] = malloc_zone_malloc(z, n); return k; }
static void malloc_zone_batch_free(malloc_zone_t *z, void **p, unsigned k) { for (unsigned i = 0; i < k; i++) malloc_zone_free(z, p[i]); }
#endif

int main(void) {
    malloc_zone_t *d = malloc_default_zone();
    printf("default name: %s\n", malloc_get_zone_name(d));
    char *a = malloc_zone_malloc(d, 100);
    strcpy(a, "zone memory");
    a = malloc_zone_realloc(d, a, 10000);
    printf("realloc kept: %s\n", a);
    printf("from_ptr is default: %d\n", malloc_zone_from_ptr(a) == d);
    printf("from_ptr(NULL): %d\n", malloc_zone_from_ptr(NULL) == NULL);
    free(a); /* zone blocks are plain heap blocks */

    malloc_zone_t *z = malloc_create_zone(0, 0);
    printf("created: %d distinct: %d\n", z != NULL, z != d);
    malloc_set_zone_name(z, "scratch");
    printf("name: %s\n", malloc_get_zone_name(z));
    int *c = malloc_zone_calloc(z, 64, sizeof(int));
    int zero = 1;
    for (int i = 0; i < 64; i++) zero &= c[i] == 0;
    printf("calloc zeroed: %d\n", zero);
    void *m = malloc_zone_memalign(z, 256, 1000);
    printf("memalign 256: %d\n", ((unsigned long)m & 255) == 0);
    void *v = malloc_zone_valloc(z, 10);
    printf("valloc page: %d\n", ((unsigned long)v & 4095) == 0);
    void *batch[8];
    unsigned got = malloc_zone_batch_malloc(z, 32, batch, 8);
    printf("batch: %u\n", got);
    for (unsigned i = 0; i < got; i++) memset(batch[i], (int)i, 32);
    malloc_zone_batch_free(z, batch, got);
    malloc_zone_free(z, c);
    malloc_zone_free(z, m);
    malloc_zone_free(z, v);
    malloc_destroy_zone(z);
    puts("destroyed");
    return 0;
}
