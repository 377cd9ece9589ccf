// Security without keychain or trust store, SystemConfiguration proxies,
// IOKit with an empty registry, Launch Services with no applications.
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>
#include "cf.h"

// A self-signed P-256 certificate made for this test
// (O=Calvados Test, OU=Frameworks, CN=calvados.test).
static const uint8_t cert_der[] = {
    0x30, 0x82, 0x01, 0xe2, 0x30, 0x82, 0x01, 0x87, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x14, 0x43,
    0x91, 0xdb, 0x9f, 0x8c, 0x73, 0x4c, 0x09, 0x23, 0x03, 0x95, 0xc9, 0x77, 0xbe, 0x10, 0xf4, 0xc2,
    0x51, 0x7b, 0x41, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, 0x30,
    0x45, 0x31, 0x16, 0x30, 0x14, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x0d, 0x43, 0x61, 0x6c, 0x76,
    0x61, 0x64, 0x6f, 0x73, 0x20, 0x54, 0x65, 0x73, 0x74, 0x31, 0x13, 0x30, 0x11, 0x06, 0x03, 0x55,
    0x04, 0x0b, 0x0c, 0x0a, 0x46, 0x72, 0x61, 0x6d, 0x65, 0x77, 0x6f, 0x72, 0x6b, 0x73, 0x31, 0x16,
    0x30, 0x14, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x0d, 0x63, 0x61, 0x6c, 0x76, 0x61, 0x64, 0x6f,
    0x73, 0x2e, 0x74, 0x65, 0x73, 0x74, 0x30, 0x20, 0x17, 0x0d, 0x32, 0x36, 0x31, 0x31, 0x32, 0x31,
    0x31, 0x33, 0x30, 0x36, 0x31, 0x32, 0x5a, 0x18, 0x0f, 0x32, 0x31, 0x32, 0x36, 0x31, 0x30, 0x32,
    0x38, 0x31, 0x33, 0x30, 0x36, 0x31, 0x32, 0x5a, 0x30, 0x45, 0x31, 0x16, 0x30, 0x14, 0x06, 0x03,
    0x55, 0x04, 0x0a, 0x0c, 0x0d, 0x43, 0x61, 0x6c, 0x76, 0x61, 0x64, 0x6f, 0x73, 0x20, 0x54, 0x65,
    0x73, 0x74, 0x31, 0x13, 0x30, 0x11, 0x06, 0x03, 0x55, 0x04, 0x0b, 0x0c, 0x0a, 0x46, 0x72, 0x61,
    0x6d, 0x65, 0x77, 0x6f, 0x72, 0x6b, 0x73, 0x31, 0x16, 0x30, 0x14, 0x06, 0x03, 0x55, 0x04, 0x03,
    0x0c, 0x0d, 0x63, 0x61, 0x6c, 0x76, 0x61, 0x64, 0x6f, 0x73, 0x2e, 0x74, 0x65, 0x73, 0x74, 0x30,
    0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86,
    0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04, 0xcb, 0x95, 0x3f, 0x16, 0x99, 0x81,
    0x2b, 0xeb, 0x5e, 0xdc, 0xa0, 0x39, 0xa4, 0xe8, 0x5e, 0xc2, 0x91, 0xb1, 0x25, 0x54, 0xa8, 0xb3,
    0x6a, 0x36, 0x89, 0xe6, 0xeb, 0x63, 0xe9, 0xf2, 0xd9, 0xbc, 0xb9, 0x26, 0x65, 0xac, 0xb3, 0x86,
    0xe7, 0x01, 0xe5, 0xe2, 0x38, 0xa5, 0x6d, 0x91, 0x18, 0x19, 0x2b, 0x50, 0xfc, 0x07, 0x2f, 0x06,
    0x9a, 0x19, 0x72, 0x10, 0x7a, 0x4e, 0xd9, 0x55, 0xa8, 0xe5, 0xa3, 0x53, 0x30, 0x51, 0x30, 0x1d,
    0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04, 0x16, 0x04, 0x14, 0x9b, 0xda, 0x1d, 0xcf, 0x54, 0x29, 0xba,
    0x42, 0xa0, 0xf7, 0xdf, 0xff, 0x3d, 0xf6, 0x6d, 0xc8, 0xbc, 0xf9, 0x1c, 0xca, 0x30, 0x1f, 0x06,
    0x03, 0x55, 0x1d, 0x23, 0x04, 0x18, 0x30, 0x16, 0x80, 0x14, 0x9b, 0xda, 0x1d, 0xcf, 0x54, 0x29,
    0xba, 0x42, 0xa0, 0xf7, 0xdf, 0xff, 0x3d, 0xf6, 0x6d, 0xc8, 0xbc, 0xf9, 0x1c, 0xca, 0x30, 0x0f,
    0x06, 0x03, 0x55, 0x1d, 0x13, 0x01, 0x01, 0xff, 0x04, 0x05, 0x30, 0x03, 0x01, 0x01, 0xff, 0x30,
    0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, 0x03, 0x49, 0x00, 0x30, 0x46,
    0x02, 0x21, 0x00, 0xec, 0x43, 0xe4, 0x6a, 0x1a, 0x6a, 0xce, 0xf4, 0x82, 0x62, 0xe3, 0x75, 0x8f,
    0xe5, 0xca, 0x46, 0x6d, 0x5c, 0x08, 0xc8, 0x80, 0xc6, 0xe8, 0xe7, 0x11, 0xb3, 0xaa, 0x89, 0x13,
    0xcf, 0x15, 0xf1, 0x02, 0x21, 0x00, 0xe5, 0xdd, 0x72, 0x67, 0x13, 0xdb, 0xe0, 0x6b, 0x7c, 0xfb,
    0x54, 0xbb, 0x8d, 0x13, 0x2a, 0xbe, 0xbf, 0x77, 0x4d, 0xf9, 0x1f, 0x4d, 0xc2, 0x24, 0x6d, 0x0f,
    0xbc, 0x95, 0xe7, 0xb5, 0x22, 0xb2
};

static const char *s(CFStringRef str) {
    static char bufs[4][1024];
    static int i;
    char *b = bufs[i++ % 4];
    if (!str) return "(null)";
    if (!CFStringGetCString(str, b, 1024, kCFStringEncodingUTF8)) return "<fail>";
    return b;
}

static long num(CFTypeRef n) {
    int64_t v = -1;
    if (n) CFNumberGetValue(n, kCFNumberSInt64Type, &v);
    return (long)v;
}

/* Writes `der` as a PEM CERTIFICATE block. */
static void write_pem(const char *path, const uint8_t *der, size_t n) {
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    FILE *f = fopen(path, "w");
    fputs("-----BEGIN CERTIFICATE-----\n", f);
    size_t col = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = der[i] << 16 | (i + 1 < n ? der[i + 1] << 8 : 0) | (i + 2 < n ? der[i + 2] : 0);
        char q[4] = {b64[v >> 18 & 63], b64[v >> 12 & 63], i + 1 < n ? b64[v >> 6 & 63] : '=', i + 2 < n ? b64[v & 63] : '='};
        fwrite(q, 1, 4, f);
        if ((col += 4) == 64) { fputc('\n', f); col = 0; }
    }
    fputs(col ? "\n-----END CERTIFICATE-----\n" : "-----END CERTIFICATE-----\n", f);
    fclose(f);
}

int main(void) {
    CFDataRef d = CFDataCreate(NULL, cert_der, sizeof cert_der);
    SecCertificateRef c = SecCertificateCreateWithData(NULL, d);
    printf("certificate: %d\n", c != NULL);
    CFStringRef sum = SecCertificateCopySubjectSummary(c);
    printf("summary: %s\n", s(sum));
    CFDataRef back = SecCertificateCopyData(c);
    printf("der round trip: %d (%ld bytes)\n", CFEqual(back, d), (long)CFDataGetLength(back));
    CFDataRef junk = CFDataCreate(NULL, (const uint8_t *)"not a certificate", 17);
    printf("junk -> NULL: %d\n", SecCertificateCreateWithData(NULL, junk) == NULL);
    CFDataRef cut = CFDataCreate(NULL, cert_der, 100);
    printf("truncated -> NULL: %d\n", SecCertificateCreateWithData(NULL, cut) == NULL);

    SecPolicyRef pol = SecPolicyCreateSSL(1, CFSTR("calvados.test"));
    SecTrustRef trust = NULL;
    printf("trust create: %d\n", (int)SecTrustCreateWithCertificates(c, pol, &trust));
    CFArrayRef anchors = CFArrayCreate(NULL, (const void **)&c, 1, &kCFTypeArrayCallBacks);
    printf("anchors: %d only: %d\n", (int)SecTrustSetAnchorCertificates(trust, anchors), (int)SecTrustSetAnchorCertificatesOnly(trust, 1));
    CFDateRef now = CFDateCreate(NULL, 7.0e8);
    printf("date: %d ocsp: %d\n", (int)SecTrustSetVerifyDate(trust, now), (int)SecTrustSetOCSPResponse(trust, NULL));
    CFErrorRef err = NULL;
    printf("evaluate: %d\n", SecTrustEvaluateWithError(trust, &err));
    printf("error: %s %ld\n", s(CFErrorGetDomain(err)), (long)CFErrorGetCode(err));
    CFStringRef desc = CFErrorCopyDescription(err);
    printf("names the certificate: %d\n", strstr(s(desc), "calvados.test") != NULL);
    CFArrayRef chain = SecTrustCopyCertificateChain(trust);
    printf("chain: %ld leaf ok %d\n", (long)CFArrayGetCount(chain), CFEqual(CFArrayGetValueAtIndex(chain, 0), c));
    printf("evaluate without error out: %d\n", SecTrustEvaluateWithError(trust, NULL));
    SecTrustRef bad = NULL;
    printf("trust of a non-certificate: %d\n", (int)SecTrustCreateWithCertificates(d, pol, &bad));

    CFArrayRef certs = (CFArrayRef)1;
    printf("trust settings certs: %d null %d\n", (int)SecTrustSettingsCopyCertificates(0, &certs), certs == NULL);
    CFArrayRef settings = NULL;
    printf("trust settings of cert: %d\n", (int)SecTrustSettingsCopyTrustSettings(c, 0, &settings));
    // The System domain is the system's CA store: here, a bundle holding
    // only this test's certificate.
    char dir[] = "/tmp/calvados-trust-XXXXXX", pem[64];
    mkdtemp(dir);
    snprintf(pem, sizeof pem, "%s/ca.pem", dir);
    write_pem(pem, cert_der, sizeof cert_der);
    setenv("SSL_CERT_FILE", pem, 1);
    setenv("SSL_CERT_DIR", dir, 1);
    CFArrayRef sys = NULL;
    printf("system domain: %d", (int)SecTrustSettingsCopyCertificates(2, &sys));
    printf(" count %ld is ours %d\n", sys ? (long)CFArrayGetCount(sys) : -1L,
           sys && CFArrayGetCount(sys) == 1 && CFEqual(CFArrayGetValueAtIndex(sys, 0), c));
    printf("system settings of a root: %d", (int)SecTrustSettingsCopyTrustSettings(c, 2, &settings));
    printf(" empty %d\n", settings && CFArrayGetCount(settings) == 0);
    unlink(pem);
    rmdir(dir);
    setenv("SSL_CERT_FILE", pem, 1); // now missing: an empty store
    setenv("SSL_CERT_DIR", "/nonexistent", 1);
    printf("system settings of a stranger: %d\n", (int)SecTrustSettingsCopyTrustSettings(c, 2, &settings));
    unsetenv("SSL_CERT_FILE");
    unsetenv("SSL_CERT_DIR");
    printf("message -25300: %s\n", s(SecCopyErrorMessageString(-25300, NULL)));
    printf("message -67843: %s\n", s(SecCopyErrorMessageString(-67843, NULL)));
    SecKeychainRef kc = NULL;
    printf("default keychain: %d\n", (int)SecKeychainCopyDomainDefault(0, &kc));
    printf("add password: %d\n", (int)SecKeychainAddGenericPassword(NULL, 3, "svc", 4, "user", 2, "pw", NULL));
    uint32_t len = 99; void *pw = (void *)1; SecKeychainItemRef item = (SecKeychainItemRef)1;
    printf("find password: %d len %u pw null %d item null %d\n",
           (int)SecKeychainFindGenericPassword(NULL, 3, "svc", 4, "user", &len, &pw, &item), len, pw == NULL, item == NULL);
    printf("delete: %d free: %d\n", (int)SecKeychainItemDelete(NULL), (int)SecKeychainItemFreeContent(NULL, NULL));

    unsigned char r1[32] = {0}, r2[32] = {0}, zero[32] = {0};
    int rr = SecRandomCopyBytes(kSecRandomDefault, sizeof r1, r1) | SecRandomCopyBytes(NULL, sizeof r2, r2);
    printf("random: rc %d, default generator is NULL %d, filled %d, draws differ %d, nothing asked %d\n", rr,
           kSecRandomDefault == NULL, memcmp(r1, zero, 32) != 0 && memcmp(r2, zero, 32) != 0, memcmp(r1, r2, 32) != 0,
           SecRandomCopyBytes(kSecRandomDefault, 0, NULL));

    const void *ok[] = {kSCDynamicStoreUseSessionKeys};
    const void *ov[] = {kCFBooleanTrue};
    CFDictionaryRef opts = CFDictionaryCreate(NULL, ok, ov, 1, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
    SCDynamicStoreRef store = SCDynamicStoreCreateWithOptions(NULL, CFSTR("test"), opts, NULL, NULL);
    CFDictionaryRef px = SCDynamicStoreCopyProxies(store);
    printf("proxies: %ld entries\n", (long)CFDictionaryGetCount(px));
    printf("HTTPEnable=%ld HTTPSEnable=%ld HTTPProxy present=%d\n", num(CFDictionaryGetValue(px, kSCPropNetProxiesHTTPEnable)),
           num(CFDictionaryGetValue(px, kSCPropNetProxiesHTTPSEnable)), CFDictionaryGetValue(px, kSCPropNetProxiesHTTPProxy) != NULL);
    CFArrayRef ex = CFDictionaryGetValue(px, kSCPropNetProxiesExceptionsList);
    printf("exceptions: %s %s\n", s(CFArrayGetValueAtIndex(ex, 0)), s(CFArrayGetValueAtIndex(ex, 1)));
    printf("FTPPassive=%ld\n", num(CFDictionaryGetValue(px, CFSTR("FTPPassive"))));
    printf("keys: %s %s %s\n", s(kSCDynamicStoreUseSessionKeys), s(kSCPropNetProxiesHTTPSPort), s(kSCPropNetProxiesHTTPProxy));

    CFMutableDictionaryRef m = IOServiceMatching("IOPlatformExpertDevice");
    printf("matching: %ld %s\n", (long)CFDictionaryGetCount(m), s(CFDictionaryGetValue(m, CFSTR("IOProviderClass"))));
    io_iterator_t it = 0;
    printf("get services: %d iterator %d\n", IOServiceGetMatchingServices(kIOMasterPortDefault, m, &it), it != 0);
    printf("next: %u\n", IOIteratorNext(it));
    io_connect_t conn = 1;
    printf("open on iterator: %#x conn %u\n", (unsigned)IOServiceOpen(it, 0, 0, &conn), conn);
    printf("release: %d again: %d null: %d\n", IOObjectRelease(it), IOObjectRelease(it), IOObjectRelease(0));
    char name[128];
    printf("entry name: %#x property null: %d\n", (unsigned)IORegistryEntryGetName(0, name),
           IORegistryEntryCreateCFProperty(0, CFSTR("IOPlatformUUID"), NULL, 0) == NULL);
    CFMutableDictionaryRef bsd = IOBSDNameMatching(kIOMasterPortDefault, 0, "disk0");
    printf("bsd matching: %s\n", s(CFDictionaryGetValue(bsd, CFSTR("IOBSDName"))));
    CFRelease(bsd);

    CFURLRef url = CFURLCreateWithString(NULL, CFSTR("https://example.com/"), NULL);
    printf("LSOpenCFURLRef: %d\n", (int)LSOpenCFURLRef(url, NULL));
    CFErrorRef lerr = NULL;
    printf("default app: %d code %ld\n", LSCopyDefaultApplicationURLForURL(url, 0xFFFFFFFF, &lerr) == NULL, (long)CFErrorGetCode(lerr));
    return 0;
}
