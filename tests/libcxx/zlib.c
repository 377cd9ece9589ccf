/* zlib through libz.1.dylib: one-shot compress/uncompress, streaming
 * deflate/inflate in small chunks (raw, zlib and gzip wrappers), checksums,
 * gzip files, error paths. Built for Linux against a static zlib from the
 * same source; outputs must be identical. Run in an empty scratch dir. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char *make_input(size_t n) {
    unsigned char *p = malloc(n);
    unsigned x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        /* compressible: text-like runs with some noise */
        p[i] = (i % 64 < 48) ? (unsigned char)("lorem ipsum dolor sit amet "[i % 27]) : (unsigned char)(x >> 24);
    }
    return p;
}

static void one_shot(void) {
    size_t n = 100000;
    unsigned char *in = make_input(n);
    uLongf clen = compressBound(n);
    unsigned char *c = malloc(clen);
    int r = compress2(c, &clen, in, n, 9);
    printf("compress2: ret=%d bound=%lu len=%lu\n", r, (unsigned long)compressBound(n), (unsigned long)clen);
    unsigned char *out = malloc(n);
    uLongf olen = n;
    r = uncompress(out, &olen, c, clen);
    printf("uncompress: ret=%d len=%lu same=%d\n", r, (unsigned long)olen, memcmp(in, out, n) == 0);
    olen = 100;
    r = uncompress(out, &olen, c, clen);
    printf("uncompress small buffer: ret==Z_BUF_ERROR %d\n", r == Z_BUF_ERROR);
    c[clen / 2] ^= 0x55;
    olen = n;
    r = uncompress(out, &olen, c, clen);
    printf("uncompress corrupt: ret==Z_DATA_ERROR %d\n", r == Z_DATA_ERROR);
    uLongf l1 = compressBound(10);
    unsigned char small[64];
    r = compress(small, &l1, (const Bytef *)"aaaaaaaaaa", 10);
    printf("compress tiny: ret=%d len=%lu bytes=", r, (unsigned long)l1);
    for (uLongf i = 0; i < l1; i++) printf("%02x", small[i]);
    printf("\n");
    free(in), free(c), free(out);
}

/* Deflate in 1000-byte input / 333-byte output chunks, then inflate in
 * 777-byte chunks. windowBits picks the wrapper. */
static void streaming(int windowBits, const char *name) {
    size_t n = 200000;
    unsigned char *in = make_input(n);
    z_stream s;
    memset(&s, 0, sizeof s);
    int r = deflateInit2(&s, 6, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
    size_t cap = deflateBound(&s, n), clen = 0;
    unsigned char *c = malloc(cap);
    unsigned char chunk[333];
    size_t fed = 0;
    int flushes = 0;
    do {
        if (s.avail_in == 0 && fed < n) {
            size_t k = n - fed < 1000 ? n - fed : 1000;
            s.next_in = in + fed;
            s.avail_in = k;
            fed += k;
        }
        int flush = fed == n ? Z_FINISH : (fed % 50000 == 0 ? Z_SYNC_FLUSH : Z_NO_FLUSH);
        if (flush == Z_SYNC_FLUSH) flushes++;
        s.next_out = chunk;
        s.avail_out = sizeof chunk;
        r = deflate(&s, flush);
        size_t got = sizeof chunk - s.avail_out;
        memcpy(c + clen, chunk, got);
        clen += got;
    } while (r != Z_STREAM_END);
    printf("%s deflate: init ok, end=%d total_in=%lu total_out=%lu clen=%zu adler=%08lx sync_flushes=%d\n", name,
           r == Z_STREAM_END, s.total_in, s.total_out, clen, s.adler, flushes);
    deflateEnd(&s);

    memset(&s, 0, sizeof s);
    r = inflateInit2(&s, windowBits);
    unsigned char *out = malloc(n);
    size_t olen = 0, pos = 0;
    do {
        if (s.avail_in == 0) {
            size_t k = clen - pos < 777 ? clen - pos : 777;
            s.next_in = c + pos;
            s.avail_in = k;
            pos += k;
        }
        s.next_out = out + olen;
        s.avail_out = n - olen < 4096 ? n - olen : 4096;
        r = inflate(&s, Z_NO_FLUSH);
        olen = s.total_out;
    } while (r == Z_OK);
    printf("%s inflate: end=%d len=%zu same=%d adler=%08lx\n", name, r == Z_STREAM_END, olen,
           olen == n && memcmp(in, out, n) == 0, s.adler);
    inflateEnd(&s);
    free(in), free(c), free(out);
}

static void checksums(void) {
    const char *t = "The quick brown fox jumps over the lazy dog";
    uLong crc = crc32(0L, Z_NULL, 0), ad = adler32(0L, Z_NULL, 0);
    printf("crc32 init=%08lx adler32 init=%08lx\n", crc, ad);
    crc = crc32(crc, (const Bytef *)t, strlen(t));
    ad = adler32(ad, (const Bytef *)t, strlen(t));
    printf("crc32=%08lx adler32=%08lx\n", crc, ad);
    uLong c1 = crc32(0, (const Bytef *)t, 10), c2 = crc32(0, (const Bytef *)t + 10, strlen(t) - 10);
    uLong a1 = adler32(1, (const Bytef *)t, 10), a2 = adler32(1, (const Bytef *)t + 10, strlen(t) - 10);
    printf("combine: crc=%08lx adler=%08lx\n", crc32_combine(c1, c2, strlen(t) - 10),
           adler32_combine(a1, a2, strlen(t) - 10));
    const z_crc_t *table = get_crc_table();
    printf("crc table[1]=%08lx [255]=%08lx\n", (unsigned long)table[1], (unsigned long)table[255]);
}

static void gzfiles(void) {
    gzFile g = gzopen("test.gz", "wb9");
    printf("gzopen w: %d\n", g != NULL);
    int w = gzwrite(g, "hello gzip\n", 11);
    int p = gzprintf(g, "number %d string %s\n", 42, "abc");
    int q = gzputs(g, "puts line\n");
    gzputc(g, 'Z');
    for (int i = 0; i < 2000; i++) gzprintf(g, "line %04d\n", i);
    printf("gzwrite=%d gzprintf=%d gzputs=%d close=%d\n", w, p, q, gzclose(g));

    FILE *f = fopen("test.gz", "rb");
    unsigned char hdr[4];
    fread(hdr, 1, 4, f);
    fseek(f, 0, SEEK_END);
    printf("gzip header: %02x %02x %02x size>0=%d\n", hdr[0], hdr[1], hdr[2], ftell(f) > 0);
    fclose(f);

    g = gzopen("test.gz", "rb");
    char line[128];
    printf("gzgets: %s", gzgets(g, line, sizeof line));
    printf("gzgets: %s", gzgets(g, line, sizeof line));
    printf("gzgets: %s", gzgets(g, line, sizeof line));
    printf("gzgetc: %c\n", gzgetc(g));
    char buf[20000];
    int got = gzread(g, buf, sizeof buf);
    printf("gzread: %d eof=%d tell=%ld\n", got, gzeof(g), (long)gztell(g));
    printf("gzrewind=%d ", gzrewind(g));
    printf("after rewind gzgetc=%c\n", gzgetc(g));
    printf("gzseek=%ld ", (long)gzseek(g, 100, SEEK_SET));
    got = gzread(g, buf, 10);
    buf[got] = 0;
    printf("read at 100: '%s'\n", buf);
    gzclose(g);

    g = gzopen("plain.txt", "wT");
    gzputs(g, "not compressed\n");
    gzclose(g);
    g = gzopen("plain.txt", "rb");
    printf("transparent read: direct=%d %s", gzdirect(g), gzgets(g, line, sizeof line));
    gzclose(g);

    g = gzopen("missing/none.gz", "rb");
    printf("gzopen missing: %d\n", g == NULL);
    g = gzopen("test.gz", "ab");
    gzputs(g, "appended member\n");
    gzclose(g);
    g = gzopen("test.gz", "rb");
    long total = 0;
    while ((got = gzread(g, buf, sizeof buf)) > 0) total += got;
    int errnum;
    gzerror(g, &errnum);
    printf("two members: total=%ld err=%d\n", total, errnum);
    gzclose(g);
}

int main(void) {
    printf("zlibVersion prefix: %.2s same as header: %d\n", zlibVersion(), strcmp(zlibVersion(), ZLIB_VERSION) == 0);
    printf("compileFlags sizes: uInt=%lu uLong=%lu voidpf=%lu off_t=%lu\n", (zlibCompileFlags() & 3),
           (zlibCompileFlags() >> 2) & 3, (zlibCompileFlags() >> 4) & 3, (zlibCompileFlags() >> 6) & 3);
    one_shot();
    streaming(-15, "raw");
    streaming(15, "zlib");
    streaming(31, "gzip");
    checksums();
    gzfiles();
    printf("zError(Z_MEM_ERROR)=%s\n", zError(Z_MEM_ERROR));
    return 0;
}
