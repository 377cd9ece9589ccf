// darwin-differs: CommonCrypto is macOS-only (<CommonCrypto/CommonHMAC.h>, <CommonCrypto/CommonKeyDerivation.h>); expected values are the published test vectors (RFC 2202, RFC 4231, RFC 6070)
// darwin-cflags: -Wno-deprecated-declarations
#include <stdio.h>
#include <string.h>
#ifdef __APPLE__
#include <CommonCrypto/CommonHMAC.h>
#include <CommonCrypto/CommonKeyDerivation.h>
#include <CommonCrypto/CommonCryptoError.h>

static void hex(const char *label, const unsigned char *p, size_t n) {
    printf("%s: ", label);
    for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
    printf("\n");
}

static const struct { CCHmacAlgorithm alg; const char *name; size_t len; } algs[] = {
    {kCCHmacAlgSHA1, "sha1", 20},     {kCCHmacAlgMD5, "md5", 16},
    {kCCHmacAlgSHA224, "sha224", 28}, {kCCHmacAlgSHA256, "sha256", 32},
    {kCCHmacAlgSHA384, "sha384", 48}, {kCCHmacAlgSHA512, "sha512", 64},
};

int main(void) {
    unsigned char k20[20], k131[131], d50[50], mac[64], mac2[64];
    memset(k20, 0x0b, 20);
    memset(k131, 0xaa, 131);
    memset(d50, 0xdd, 50);
    unsigned char kaa20[20];
    memset(kaa20, 0xaa, 20);
    const char *big = "Test Using Larger Than Block-Size Key - Hash Key First";
    printf("sizeof CCHmacContext: %zu\n", sizeof(CCHmacContext));
    for (unsigned i = 0; i < sizeof algs / sizeof algs[0]; i++) {
        printf("%s\n", algs[i].name);
        /* RFC 4231 test case 1 (also RFC 2202 case 1 with 16/20-byte key) */
        CCHmac(algs[i].alg, k20, 20, "Hi There", 8, mac);
        hex(" case1", mac, algs[i].len);
        CCHmac(algs[i].alg, "Jefe", 4, "what do ya want for nothing?", 28, mac);
        hex(" case2", mac, algs[i].len);
        CCHmac(algs[i].alg, kaa20, 20, d50, 50, mac);
        hex(" case3", mac, algs[i].len);
        CCHmac(algs[i].alg, k131, 131, big, strlen(big), mac);
        hex(" case6", mac, algs[i].len);
        /* Streaming in pieces equals one-shot. */
        CCHmacContext ctx;
        CCHmacInit(&ctx, algs[i].alg, k131, 131);
        for (size_t off = 0, n = strlen(big); off < n; off += 5) CCHmacUpdate(&ctx, big + off, n - off < 5 ? n - off : 5);
        CCHmacFinal(&ctx, mac2);
        printf(" stream == one-shot: %d\n", memcmp(mac, mac2, algs[i].len) == 0);
        /* An empty key and message. */
        CCHmac(algs[i].alg, NULL, 0, NULL, 0, mac);
        hex(" empty", mac, algs[i].len);
    }

    /* PBKDF2-HMAC-SHA1, RFC 6070. */
    unsigned char dk[40];
    int r = CCKeyDerivationPBKDF(kCCPBKDF2, "password", 8, (const uint8_t *)"salt", 4, kCCPRFHmacAlgSHA1, 1, dk, 20);
    printf("pbkdf2 c=1 r=%d\n", r); hex(" dk", dk, 20);
    r = CCKeyDerivationPBKDF(kCCPBKDF2, "password", 8, (const uint8_t *)"salt", 4, kCCPRFHmacAlgSHA1, 2, dk, 20);
    printf("pbkdf2 c=2 r=%d\n", r); hex(" dk", dk, 20);
    r = CCKeyDerivationPBKDF(kCCPBKDF2, "password", 8, (const uint8_t *)"salt", 4, kCCPRFHmacAlgSHA1, 4096, dk, 20);
    printf("pbkdf2 c=4096 r=%d\n", r); hex(" dk", dk, 20);
    r = CCKeyDerivationPBKDF(kCCPBKDF2, "passwordPASSWORDpassword", 24,
                             (const uint8_t *)"saltSALTsaltSALTsaltSALTsaltSALTsalt", 36, kCCPRFHmacAlgSHA1, 4096, dk, 25);
    printf("pbkdf2 long r=%d\n", r); hex(" dk", dk, 25);
    r = CCKeyDerivationPBKDF(kCCPBKDF2, "pass\0word", 9, (const uint8_t *)"sa\0lt", 5, kCCPRFHmacAlgSHA1, 4096, dk, 16);
    printf("pbkdf2 nul r=%d\n", r); hex(" dk", dk, 16);
    r = CCKeyDerivationPBKDF(kCCPBKDF2, "password", 8, (const uint8_t *)"salt", 4, kCCPRFHmacAlgSHA256, 1, dk, 32);
    printf("pbkdf2 sha256 r=%d\n", r); hex(" dk", dk, 32);
    r = CCKeyDerivationPBKDF(kCCPBKDF2, "password", 8, (const uint8_t *)"salt", 4, kCCPRFHmacAlgSHA512, 2, dk, 40);
    printf("pbkdf2 sha512 r=%d\n", r); hex(" dk", dk, 40);
    r = CCKeyDerivationPBKDF(kCCPBKDF2, "password", 8, (const uint8_t *)"salt", 4, kCCPRFHmacAlgSHA1, 0, dk, 20);
    printf("pbkdf2 rounds 0: %d\n", r == kCCParamError);
    r = CCKeyDerivationPBKDF(kCCPBKDF2, "password", 8, (const uint8_t *)"salt", 4, 99, 1, dk, 20);
    printf("pbkdf2 bad prf: %d\n", r == kCCParamError);
    return 0;
}
#else
int main(void) { puts("CommonCrypto is macOS-only"); return 0; }
#endif
