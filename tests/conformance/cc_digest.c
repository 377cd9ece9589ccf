// darwin-differs: CommonCrypto is macOS-only (<CommonCrypto/CommonDigest.h>); expected values are the published test vectors (RFC 1321, FIPS 180-4, RFC 4231, RFC 6070, NIST SP 800-38A)
// darwin-cflags: -Wno-deprecated-declarations
#include <stdio.h>
#include <string.h>
#ifdef __APPLE__
#include <CommonCrypto/CommonDigest.h>

static void hex(const char *label, const unsigned char *p, size_t n) {
    printf("%s: ", label);
    for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
    printf("\n");
}

static const char *msgs[] = {
    "", "a", "abc", "message digest", "abcdefghijklmnopqrstuvwxyz",
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
};

int main(void) {
    unsigned char md[64];
    for (unsigned i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
        const char *m = msgs[i];
        CC_LONG n = (CC_LONG)strlen(m);
        printf("msg %u (%u bytes)\n", i, (unsigned)n);
        hex(" md5", CC_MD5(m, n, md), CC_MD5_DIGEST_LENGTH);
        hex(" sha1", CC_SHA1(m, n, md), CC_SHA1_DIGEST_LENGTH);
        hex(" sha224", CC_SHA224(m, n, md), CC_SHA224_DIGEST_LENGTH);
        hex(" sha256", CC_SHA256(m, n, md), CC_SHA256_DIGEST_LENGTH);
        hex(" sha384", CC_SHA384(m, n, md), CC_SHA384_DIGEST_LENGTH);
        hex(" sha512", CC_SHA512(m, n, md), CC_SHA512_DIGEST_LENGTH);
    }

    /* One million 'a' (FIPS 180-4 examples), fed in uneven pieces. */
    static unsigned char a[1000];
    memset(a, 'a', sizeof a);
    CC_SHA1_CTX s1; CC_SHA256_CTX s256; CC_SHA512_CTX s512; CC_MD5_CTX m5;
    printf("init: %d %d %d %d\n", CC_SHA1_Init(&s1), CC_SHA256_Init(&s256), CC_SHA512_Init(&s512), CC_MD5_Init(&m5));
    size_t done = 0, step = 1;
    while (done < 1000000) {
        size_t k = step;
        if (k > sizeof a) k = sizeof a;
        if (k > 1000000 - done) k = 1000000 - done;
        CC_SHA1_Update(&s1, a, (CC_LONG)k);
        CC_SHA256_Update(&s256, a, (CC_LONG)k);
        CC_SHA512_Update(&s512, a, (CC_LONG)k);
        CC_MD5_Update(&m5, a, (CC_LONG)k);
        done += k;
        step = step * 7 % 997 + 1;
    }
    CC_SHA1_Final(md, &s1); hex("million a sha1", md, 20);
    CC_SHA256_Final(md, &s256); hex("million a sha256", md, 32);
    CC_SHA512_Final(md, &s512); hex("million a sha512", md, 64);
    CC_MD5_Final(md, &m5); hex("million a md5", md, 16);

    /* Streaming at every split point equals one-shot. */
    unsigned char buf[300], one[64], two[64];
    for (int i = 0; i < 300; i++) buf[i] = (unsigned char)(i * 31 + 7);
    int same = 1;
    for (int split = 0; split <= 300; split++) {
        CC_SHA256_CTX c224; CC_SHA512_CTX c384;
        CC_SHA224_Init(&c224); CC_SHA224_Update(&c224, buf, split); CC_SHA224_Update(&c224, buf + split, 300 - split);
        CC_SHA224_Final(two, &c224); CC_SHA224(buf, 300, one);
        same &= memcmp(one, two, 28) == 0;
        CC_SHA384_Init(&c384); CC_SHA384_Update(&c384, buf, split); CC_SHA384_Update(&c384, buf + split, 300 - split);
        CC_SHA384_Final(two, &c384); CC_SHA384(buf, 300, one);
        same &= memcmp(one, two, 48) == 0;
    }
    printf("split == one-shot: %d\n", same);
    /* A context is plain data: a copy continues independently. */
    CC_SHA256_CTX x, y;
    CC_SHA256_Init(&x); CC_SHA256_Update(&x, "ab", 2);
    y = x;
    CC_SHA256_Update(&x, "c", 1); CC_SHA256_Update(&y, "c", 1);
    CC_SHA256_Final(one, &x); CC_SHA256_Final(two, &y);
    printf("copied ctx same: %d\n", memcmp(one, two, 32) == 0);
    hex("copied ctx", one, 32);
    printf("ctx sizes: %zu %zu %zu %zu\n", sizeof(CC_MD5_CTX), sizeof(CC_SHA1_CTX), sizeof(CC_SHA256_CTX), sizeof(CC_SHA512_CTX));
    return 0;
}
#else
int main(void) { puts("CommonCrypto is macOS-only"); return 0; }
#endif
