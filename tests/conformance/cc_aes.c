// darwin-differs: CommonCrypto is macOS-only (<CommonCrypto/CommonCryptor.h>); expected values are the published test vectors (NIST SP 800-38A F.1, F.2, F.5) and the status codes of <CommonCrypto/CommonCryptoError.h>
#include <stdio.h>
#include <string.h>
#ifdef __APPLE__
#include <CommonCrypto/CommonCryptor.h>

static void hex(const char *label, const unsigned char *p, size_t n) {
    printf("%s: ", label);
    for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
    printf("\n");
}

static const unsigned char pt[64] = {
    0x6b,0xc1,0xbe,0xe2,0x2e,0x40,0x9f,0x96,0xe9,0x3d,0x7e,0x11,0x73,0x93,0x17,0x2a,
    0xae,0x2d,0x8a,0x57,0x1e,0x03,0xac,0x9c,0x9e,0xb7,0x6f,0xac,0x45,0xaf,0x8e,0x51,
    0x30,0xc8,0x1c,0x46,0xa3,0x5c,0xe4,0x11,0xe5,0xfb,0xc1,0x19,0x1a,0x0a,0x52,0xef,
    0xf6,0x9f,0x24,0x45,0xdf,0x4f,0x9b,0x17,0xad,0x2b,0x41,0x7b,0xe6,0x6c,0x37,0x10};
static const unsigned char k128[16] = {0x2b,0x7e,0x15,0x16,0x28,0xae,0xd2,0xa6,0xab,0xf7,0x15,0x88,0x09,0xcf,0x4f,0x3c};
static const unsigned char k192[24] = {0x8e,0x73,0xb0,0xf7,0xda,0x0e,0x64,0x52,0xc8,0x10,0xf3,0x2b,0x80,0x90,0x79,0xe5,
                                       0x62,0xf8,0xea,0xd2,0x52,0x2c,0x6b,0x7b};
static const unsigned char k256[32] = {0x60,0x3d,0xeb,0x10,0x15,0xca,0x71,0xbe,0x2b,0x73,0xae,0xf0,0x85,0x7d,0x77,0x81,
                                       0x1f,0x35,0x2c,0x07,0x3b,0x61,0x08,0xd7,0x2d,0x98,0x10,0xa3,0x09,0x14,0xdf,0xf4};
static const unsigned char iv[16] = {0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15};
static const unsigned char ctr0[16] = {0xf0,0xf1,0xf2,0xf3,0xf4,0xf5,0xf6,0xf7,0xf8,0xf9,0xfa,0xfb,0xfc,0xfd,0xfe,0xff};

/* Runs a cryptor over `in` in uneven pieces; returns total output. */
static size_t stream(CCCryptorRef c, const unsigned char *in, size_t n, unsigned char *out, size_t cap, CCCryptorStatus *st) {
    size_t total = 0, off = 0, step = 1, moved = 0;
    *st = kCCSuccess;
    while (off < n) {
        size_t k = step < n - off ? step : n - off;
        *st = CCCryptorUpdate(c, in + off, k, out + total, cap - total, &moved);
        if (*st) return total;
        total += moved;
        off += k;
        step = step * 3 % 17 + 1;
    }
    *st = CCCryptorFinal(c, out + total, cap - total, &moved);
    if (*st == kCCSuccess) total += moved;
    return total;
}

int main(void) {
    static const struct { const unsigned char *key; size_t len; const char *name; } keys[] = {
        {k128, 16, "aes128"}, {k192, 24, "aes192"}, {k256, 32, "aes256"}};
    unsigned char out[128], back[128];
    size_t moved;
    CCCryptorStatus r;
    for (int i = 0; i < 3; i++) {
        printf("%s\n", keys[i].name);
        r = CCCrypt(kCCEncrypt, kCCAlgorithmAES, kCCOptionECBMode, keys[i].key, keys[i].len, NULL, pt, 64, out, sizeof out, &moved);
        printf(" ecb r=%d moved=%zu\n", r, moved); hex(" ecb", out, moved);
        r = CCCrypt(kCCDecrypt, kCCAlgorithmAES, kCCOptionECBMode, keys[i].key, keys[i].len, NULL, out, 64, back, sizeof back, &moved);
        printf(" ecb decrypt ok: %d\n", r == 0 && moved == 64 && memcmp(back, pt, 64) == 0);
        r = CCCrypt(kCCEncrypt, kCCAlgorithmAES, 0, keys[i].key, keys[i].len, iv, pt, 64, out, sizeof out, &moved);
        printf(" cbc r=%d moved=%zu\n", r, moved); hex(" cbc", out, moved);
        /* CBC decrypt in place. */
        memcpy(back, out, 64);
        r = CCCrypt(kCCDecrypt, kCCAlgorithmAES, 0, keys[i].key, keys[i].len, iv, back, 64, back, sizeof back, &moved);
        printf(" cbc decrypt in place ok: %d\n", r == 0 && moved == 64 && memcmp(back, pt, 64) == 0);

        CCCryptorRef c = NULL;
        r = CCCryptorCreateWithMode(kCCEncrypt, kCCModeCTR, kCCAlgorithmAES, ccNoPadding, ctr0, keys[i].key, keys[i].len,
                                    NULL, 0, 0, kCCModeOptionCTR_BE, &c);
        printf(" ctr create r=%d\n", r);
        size_t n = stream(c, pt, 64, out, sizeof out, &r);
        printf(" ctr r=%d moved=%zu\n", r, n); hex(" ctr", out, n);
        printf(" ctr reset unimplemented: %d\n", CCCryptorReset(c, ctr0) == kCCUnimplemented);
        CCCryptorRelease(c);
        r = CCCryptorCreateWithMode(kCCDecrypt, kCCModeCTR, kCCAlgorithmAES, ccNoPadding, ctr0, keys[i].key, keys[i].len,
                                    NULL, 0, 0, kCCModeOptionCTR_BE, &c);
        n = stream(c, out, 37, back, sizeof back, &r);
        printf(" ctr decrypt 37 ok: %d\n", r == 0 && n == 37 && memcmp(back, pt, 37) == 0);
        CCCryptorRelease(c);
    }

    /* Streaming CBC with PKCS#7 padding, 0..33 bytes; reset reuses the key. */
    CCCryptorRef e = NULL, d = NULL;
    printf("create: %d %d\n", CCCryptorCreate(kCCEncrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, k128, 16, iv, &e),
           CCCryptorCreate(kCCDecrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, k128, 16, iv, &d));
    printf("outlen final 0,15,16,20: %zu %zu %zu %zu\n", CCCryptorGetOutputLength(e, 0, true),
           CCCryptorGetOutputLength(e, 15, true), CCCryptorGetOutputLength(e, 16, true), CCCryptorGetOutputLength(e, 20, true));
    for (size_t len = 0; len <= 33; len += 11) {
        CCCryptorReset(e, iv);
        CCCryptorReset(d, iv);
        size_t n = stream(e, pt, len, out, sizeof out, &r);
        printf("pad %zu: r=%d moved=%zu\n", len, r, n); hex(" ct", out, n);
        size_t m = stream(d, out, n, back, sizeof back, &r);
        printf(" decrypt r=%d moved=%zu same=%d\n", r, m, m == len && memcmp(back, pt, len) == 0);
        /* One-shot gives the same. */
        unsigned char one[64];
        r = CCCrypt(kCCEncrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, k128, 16, iv, pt, len, one, sizeof one, &moved);
        printf(" one-shot r=%d same=%d\n", r, moved == n && memcmp(one, out, n) == 0);
    }
    printf("reset cbc: %d\n", CCCryptorReset(e, NULL));
    printf("release: %d %d\n", CCCryptorRelease(e), CCCryptorRelease(d));

    /* Errors. */
    r = CCCrypt(kCCEncrypt, kCCAlgorithmAES, kCCOptionECBMode, k128, 16, NULL, pt, 15, out, sizeof out, &moved);
    printf("ecb 15 bytes no padding: alignment error %d\n", r == kCCAlignmentError);
    r = CCCrypt(kCCDecrypt, kCCAlgorithmAES, 0, k128, 16, iv, pt, 20, out, sizeof out, &moved);
    printf("cbc decrypt 20 bytes: alignment error %d\n", r == kCCAlignmentError);
    r = CCCrypt(kCCEncrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, k128, 16, iv, pt, 20, out, 16, &moved);
    printf("small buffer: too small %d needed=%zu\n", r == kCCBufferTooSmall, moved);
    /* Plain text blocks decrypted with padding do not end in valid padding. */
    r = CCCrypt(kCCEncrypt, kCCAlgorithmAES, 0, k128, 16, iv, pt, 32, out, sizeof out, &moved);
    r = CCCrypt(kCCDecrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, k128, 16, iv, out, 32, back, sizeof back, &moved);
    printf("bad padding: decode error %d\n", r == kCCDecodeError);
    r = CCCrypt(kCCEncrypt, kCCAlgorithmAES, 0, k128, 15, iv, pt, 16, out, sizeof out, &moved);
    printf("key of 15 bytes fails: %d\n", r != kCCSuccess);
    CCCryptorRef ecb = NULL;
    CCCryptorCreate(kCCEncrypt, kCCAlgorithmAES, kCCOptionECBMode, k128, 16, NULL, &ecb);
    printf("reset ecb unimplemented: %d\n", CCCryptorReset(ecb, NULL) == kCCUnimplemented);
    CCCryptorRelease(ecb);
    return 0;
}
#else
int main(void) { puts("CommonCrypto is macOS-only"); return 0; }
#endif
