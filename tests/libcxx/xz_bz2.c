/* liblzma and libbz2 through liblzma.5.dylib and libbz2.1.0.dylib: one-shot
 * and streaming (small chunks) round trips, the multi-threaded xz encoder,
 * integrity checks, error paths, and decoding files made by the host's xz
 * and bzip2 tools (paths in argv[1], argv[2]; their expected contents in
 * argv[3]). Built for Linux against static twins from the same sources;
 * outputs must be identical. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lzma.h>
#include <bzlib.h>

static unsigned char *make_input(size_t n) {
    unsigned char *p = malloc(n);
    unsigned x = 777;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (i % 50 < 40) ? (unsigned char)("the quick brown fox jumps "[i % 26]) : (unsigned char)(x >> 24);
    }
    return p;
}

static unsigned long sum(const unsigned char *p, size_t n) {
    unsigned long h = 5381;
    for (size_t i = 0; i < n; i++) h = h * 33 + p[i];
    return h & 0xffffffffUL;
}

static unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0, r;
    unsigned char *p = malloc(cap);
    while ((r = fread(p + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) p = realloc(p, cap *= 2);
    }
    fclose(f);
    *len = n;
    return p;
}

/* Streams `in` through `s` in 1000-byte pieces of input and output. */
static size_t pump(lzma_stream *s, const unsigned char *in, size_t n, unsigned char *out, size_t cap, lzma_ret *last) {
    size_t pos = 0, opos = 0;
    lzma_ret r = LZMA_OK;
    while (r == LZMA_OK && opos < cap) {
        if (s->avail_in == 0 && pos < n) {
            size_t k = n - pos < 1000 ? n - pos : 1000;
            s->next_in = in + pos;
            s->avail_in = k;
            pos += k;
        }
        size_t room = cap - opos < 1000 ? cap - opos : 1000;
        s->next_out = out + opos;
        s->avail_out = room;
        r = lzma_code(s, pos == n && s->avail_in == 0 ? LZMA_FINISH : LZMA_RUN);
        opos += room - s->avail_out;
    }
    *last = r;
    return opos;
}

static void xz_tests(void) {
    size_t n = 300000;
    unsigned char *in = make_input(n);
    printf("lzma_version_string: %s\n", lzma_version_string());
    printf("check_is_supported: crc32=%d crc64=%d sha256=%d\n", lzma_check_is_supported(LZMA_CHECK_CRC32),
           lzma_check_is_supported(LZMA_CHECK_CRC64), lzma_check_is_supported(LZMA_CHECK_SHA256));
    printf("crc32=%08x crc64=%016llx\n", lzma_crc32(in, n, 0), (unsigned long long)lzma_crc64(in, n, 0));
    printf("easy_encoder_memusage(6)=%llu\n", (unsigned long long)lzma_easy_encoder_memusage(6));

    size_t cap = lzma_stream_buffer_bound(n), clen = 0;
    unsigned char *c = malloc(cap);
    lzma_ret r = lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, in, n, c, &clen, cap);
    printf("easy_buffer_encode: ret=%d len=%zu sum=%lu\n", r, clen, sum(c, clen));
    unsigned char *out = malloc(n);
    uint64_t memlimit = UINT64_MAX;
    size_t ipos = 0, opos = 0;
    r = lzma_stream_buffer_decode(&memlimit, 0, NULL, c, &ipos, clen, out, &opos, n);
    printf("stream_buffer_decode: ret=%d in=%zu out=%zu same=%d\n", r, ipos, opos, opos == n && !memcmp(in, out, n));
    memlimit = 1000;
    ipos = opos = 0;
    r = lzma_stream_buffer_decode(&memlimit, 0, NULL, c, &ipos, clen, out, &opos, n);
    printf("memlimit 1000: memlimit_error=%d\n", r == LZMA_MEMLIMIT_ERROR);

    /* Streaming encoder (sha256 check) and auto decoder, 1000-byte pieces. */
    lzma_stream s = LZMA_STREAM_INIT;
    r = lzma_easy_encoder(&s, 3 | LZMA_PRESET_EXTREME, LZMA_CHECK_SHA256);
    printf("easy_encoder: %d\n", r);
    clen = pump(&s, in, n, c, cap, &r);
    printf("stream encode: ret=%d len=%zu sum=%lu total_in=%llu\n", r, clen, sum(c, clen), (unsigned long long)s.total_in);
    lzma_end(&s);
    r = lzma_auto_decoder(&s, UINT64_MAX, LZMA_CONCATENATED);
    size_t dlen = pump(&s, c, clen, out, n, &r);
    printf("auto decode: ret=%d len=%zu same=%d check=%d\n", r, dlen, dlen == n && !memcmp(in, out, n), lzma_get_check(&s));
    lzma_end(&s);

    /* Corrupt one byte in the middle: a data or check error. */
    c[clen / 2] ^= 0x55;
    r = lzma_stream_decoder(&s, UINT64_MAX, 0);
    pump(&s, c, clen, out, n, &r);
    printf("corrupt: error=%d\n", r == LZMA_DATA_ERROR || r == LZMA_BUF_ERROR);
    lzma_end(&s);

    /* Multi-threaded encoder: 2 threads, 64 KiB blocks (deterministic). */
    lzma_mt mt = {0};
    mt.threads = 2;
    mt.block_size = 65536;
    mt.preset = 1;
    mt.check = LZMA_CHECK_CRC32;
    r = lzma_stream_encoder_mt(&s, &mt);
    printf("stream_encoder_mt: %d\n", r);
    clen = pump(&s, in, n, c, cap, &r);
    printf("mt encode: ret=%d len=%zu sum=%lu\n", r, clen, sum(c, clen));
    lzma_end(&s);
    memlimit = UINT64_MAX;
    ipos = opos = 0;
    r = lzma_stream_buffer_decode(&memlimit, 0, NULL, c, &ipos, clen, out, &opos, n);
    printf("mt decode: ret=%d len=%zu same=%d\n", r, opos, opos == n && !memcmp(in, out, n));

    /* Raw LZMA2 with a delta filter in front. */
    lzma_options_lzma opt;
    lzma_lzma_preset(&opt, 2);
    lzma_options_delta delta = {.type = LZMA_DELTA_TYPE_BYTE, .dist = 4};
    lzma_filter filters[] = {{LZMA_FILTER_DELTA, &delta}, {LZMA_FILTER_LZMA2, &opt}, {LZMA_VLI_UNKNOWN, NULL}};
    clen = 0;
    r = lzma_raw_buffer_encode(filters, NULL, in, n, c, &clen, cap);
    printf("raw delta+lzma2: ret=%d len=%zu sum=%lu\n", r, clen, sum(c, clen));
    ipos = opos = 0;
    r = lzma_raw_buffer_decode(filters, NULL, c, &ipos, clen, out, &opos, n);
    printf("raw decode: ret=%d same=%d\n", r, opos == n && !memcmp(in, out, n));

    /* Not an xz stream. */
    r = lzma_stream_decoder(&s, UINT64_MAX, 0);
    pump(&s, (const unsigned char *)"definitely not xz data", 22, out, n, &r);
    printf("garbage: format_error=%d\n", r == LZMA_FORMAT_ERROR);
    lzma_end(&s);
    free(in), free(c), free(out);
}

static void bz2_tests(void) {
    unsigned n = 250000;
    unsigned char *in = make_input(n);
    printf("BZ2_bzlibVersion: %s\n", BZ2_bzlibVersion());
    unsigned cap = n + n / 100 + 600, clen = cap;
    char *c = malloc(cap);
    int r = BZ2_bzBuffToBuffCompress(c, &clen, (char *)in, n, 9, 0, 30);
    printf("BuffToBuffCompress: ret=%d len=%u sum=%lu\n", r, clen, sum((unsigned char *)c, clen));
    char *out = malloc(n);
    unsigned olen = n;
    r = BZ2_bzBuffToBuffDecompress(out, &olen, c, clen, 0, 0);
    printf("BuffToBuffDecompress: ret=%d len=%u same=%d\n", r, olen, olen == n && !memcmp(in, out, n));
    olen = n / 2;
    r = BZ2_bzBuffToBuffDecompress(out, &olen, c, clen, 1, 0);
    printf("small output: outbuff_full=%d\n", r == BZ_OUTBUFF_FULL);
    olen = n;
    r = BZ2_bzBuffToBuffDecompress(out, &olen, "BZh9 not really", 15, 0, 0);
    printf("garbage: ret_is_error=%d\n", r == BZ_DATA_ERROR || r == BZ_DATA_ERROR_MAGIC || r == BZ_UNEXPECTED_EOF);
    r = BZ2_bzBuffToBuffDecompress(out, &olen, "plain text here", 15, 0, 0);
    printf("no magic: data_error_magic=%d\n", r == BZ_DATA_ERROR_MAGIC);

    /* Streaming, 777-byte pieces each way, block size 1. */
    bz_stream s;
    memset(&s, 0, sizeof s);
    r = BZ2_bzCompressInit(&s, 1, 0, 0);
    printf("CompressInit: %d\n", r);
    unsigned pos = 0, opos = 0;
    do {
        if (s.avail_in == 0 && pos < n) {
            unsigned k = n - pos < 777 ? n - pos : 777;
            s.next_in = (char *)in + pos;
            s.avail_in = k;
            pos += k;
        }
        s.next_out = c + opos;
        s.avail_out = 777;
        r = BZ2_bzCompress(&s, pos == n && s.avail_in == 0 ? BZ_FINISH : BZ_RUN);
        opos += 777 - s.avail_out;
    } while (r == BZ_RUN_OK || r == BZ_FINISH_OK);
    printf("stream compress: ret=%d len=%u sum=%lu total_in=%u\n", r, opos, sum((unsigned char *)c, opos), s.total_in_lo32);
    BZ2_bzCompressEnd(&s);
    clen = opos;
    memset(&s, 0, sizeof s);
    r = BZ2_bzDecompressInit(&s, 0, 1);
    printf("DecompressInit(small): %d\n", r);
    pos = opos = 0;
    do {
        if (s.avail_in == 0 && pos < clen) {
            unsigned k = clen - pos < 777 ? clen - pos : 777;
            s.next_in = c + pos;
            s.avail_in = k;
            pos += k;
        }
        s.next_out = out + opos;
        s.avail_out = n - opos < 777 ? n - opos : 777;
        unsigned room = s.avail_out;
        r = BZ2_bzDecompress(&s);
        opos += room - s.avail_out;
    } while (r == BZ_OK);
    printf("stream decompress: ret=%d len=%u same=%d\n", r, opos, opos == n && !memcmp(in, out, n));
    BZ2_bzDecompressEnd(&s);

    /* High-level file API. */
    FILE *f = fopen("test.bz2", "wb");
    int err;
    BZFILE *b = BZ2_bzWriteOpen(&err, f, 5, 0, 0);
    BZ2_bzWrite(&err, b, in, 12345);
    unsigned lo_in, lo_out;
    BZ2_bzWriteClose(&err, b, 0, &lo_in, &lo_out);
    fclose(f);
    printf("bzWrite: err=%d in=%u out=%u\n", err, lo_in, lo_out);
    f = fopen("test.bz2", "rb");
    b = BZ2_bzReadOpen(&err, f, 0, 0, NULL, 0);
    int got = BZ2_bzRead(&err, b, out, n);
    printf("bzRead: err=%d (stream_end=%d) got=%d same=%d\n", err, err == BZ_STREAM_END, got, got == 12345 && !memcmp(in, out, 12345));
    BZ2_bzReadClose(&err, b);
    fclose(f);
    free(in), free(c), free(out);
}

/* The host tools' files: decode and compare with the plain file. */
static void host_files(const char *xzf, const char *bzf, const char *plain) {
    size_t pn, xn, bn;
    unsigned char *p = read_file(plain, &pn), *x = read_file(xzf, &xn), *bz = read_file(bzf, &bn);
    if (!p || !x || !bz) {
        printf("host files: missing\n");
        return;
    }
    unsigned char *out = malloc(pn + 1);
    uint64_t memlimit = UINT64_MAX;
    size_t ipos = 0, opos = 0;
    lzma_ret r = lzma_stream_buffer_decode(&memlimit, 0, NULL, x, &ipos, xn, out, &opos, pn);
    printf("host xz file: ret=%d len=%zu same=%d\n", r, opos, opos == pn && !memcmp(p, out, pn));
    unsigned olen = (unsigned)pn;
    int br = BZ2_bzBuffToBuffDecompress((char *)out, &olen, (char *)bz, (unsigned)bn, 0, 0);
    printf("host bzip2 file: ret=%d len=%u same=%d\n", br, olen, olen == pn && !memcmp(p, out, pn));
    free(p), free(x), free(bz), free(out);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    xz_tests();
    bz2_tests();
    if (argc == 4) host_files(argv[1], argv[2], argv[3]);
    return 0;
}
