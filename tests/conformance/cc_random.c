// darwin-differs: CommonCrypto is macOS-only (<CommonCrypto/CommonRandom.h>); CCRandomGenerateBytes returns kCCSuccess (<CommonCrypto/CommonCryptoError.h>)
#include <stdio.h>
#include <string.h>
#ifdef __APPLE__
#include <CommonCrypto/CommonCryptoError.h>
#include <CommonCrypto/CommonRandom.h>

int main(void) {
    unsigned char a[64], b[64], big[100000], zero[64] = {0};
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    printf("a: %d\n", CCRandomGenerateBytes(a, sizeof a) == kCCSuccess);
    printf("b: %d\n", CCRandomGenerateBytes(b, sizeof b) == kCCSuccess);
    printf("a nonzero: %d\n", memcmp(a, zero, sizeof a) != 0);
    printf("a != b: %d\n", memcmp(a, b, sizeof a) != 0);
    printf("zero count: %d\n", CCRandomGenerateBytes(NULL, 0) == kCCSuccess);
    /* Large request: every byte value turns up. */
    printf("big: %d\n", CCRandomGenerateBytes(big, sizeof big) == kCCSuccess);
    int seen[256] = {0}, kinds = 0;
    for (size_t i = 0; i < sizeof big; i++) seen[big[i]] = 1;
    for (int i = 0; i < 256; i++) kinds += seen[i];
    printf("all byte values: %d\n", kinds == 256);
    /* The last byte was written too (a partial request would leave it). */
    unsigned char tail[3] = {0, 0, 0};
    int changed = 0;
    for (int i = 0; i < 20 && !changed; i++) {
        CCRandomGenerateBytes(tail, 3);
        changed = tail[2] != 0;
    }
    printf("tail written: %d\n", changed);
    return 0;
}
#else
int main(void) { puts("CommonCrypto is macOS-only"); return 0; }
#endif
