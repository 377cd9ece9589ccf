// CoreFoundation basics: strings (ASCII, non-ASCII, CFSTR constants),
// numbers, data, arrays and dictionaries with retain counts.
#include <stdio.h>
#include <string.h>
#include "cf.h"

static void show(const char *label, CFStringRef s) {
    char buf[256];
    if (!CFStringGetCString(s, buf, sizeof buf, kCFStringEncodingUTF8)) strcpy(buf, "<fail>");
    printf("%s: [%s] len=%ld\n", label, buf, (long)CFStringGetLength(s));
}

int main(void) {
    CFStringRef h = CFStringCreateWithCString(kCFAllocatorDefault, "h\xc3\xa9llo", kCFStringEncodingUTF8);
    show("utf8", h);
    printf("typeid ok: %d\n", CFGetTypeID(h) == CFStringGetTypeID());
    printf("cstrptr utf8 null: %d\n", CFStringGetCStringPtr(h, kCFStringEncodingUTF8) == NULL);
    uint16_t u[8];
    CFStringGetCharacters(h, CFRangeMake(0, 5), u);
    printf("chars: %04x %04x %04x\n", u[0], u[1], u[4]);
    CFIndex used = 0;
    CFIndex n = CFStringGetBytes(h, CFRangeMake(0, 5), kCFStringEncodingUTF8, 0, 0, NULL, 0, &used);
    printf("getbytes: chars=%ld bytes=%ld\n", (long)n, (long)used);
    n = CFStringGetBytes(h, CFRangeMake(0, 5), kCFStringEncodingASCII, 0, 0, NULL, 0, &used);
    printf("ascii stop: chars=%ld bytes=%ld\n", (long)n, (long)used);
    n = CFStringGetBytes(h, CFRangeMake(0, 5), kCFStringEncodingASCII, '?', 0, NULL, 0, &used);
    printf("ascii lossy: chars=%ld bytes=%ld\n", (long)n, (long)used);
    uint8_t mr[8];
    n = CFStringGetBytes(h, CFRangeMake(0, 5), kCFStringEncodingMacRoman, 0, 0, mr, 8, &used);
    printf("macroman: %ld %ld e-acute=%02x\n", (long)n, (long)used, mr[1]);
    printf("max utf8 for 5: %ld\n", (long)CFStringGetMaximumSizeForEncoding(5, kCFStringEncodingUTF8));

    CFStringRef c = CFSTR("h\u00e9llo");
    show("const utf16", c);
    printf("equal const/heap: %d hash equal: %d\n", CFEqual(c, h), CFHash(c) == CFHash(h));
    CFStringRef a = CFSTR("plain");
    show("const ascii", a);
    printf("const cstrptr: %s\n", CFStringGetCStringPtr(a, kCFStringEncodingUTF8));
    CFRelease(a); CFRetain(a);
    printf("compare: %ld %ld %ld\n", (long)CFStringCompare(CFSTR("abc"), CFSTR("ABC"), 0),
           (long)CFStringCompare(CFSTR("abc"), CFSTR("ABC"), kCFCompareCaseInsensitive),
           (long)CFStringCompare(CFSTR("f10"), CFSTR("f9"), kCFCompareNumerically));
    CFMutableStringRef m = CFStringCreateMutableCopy(NULL, 0, h);
    CFStringNormalize(m, kCFStringNormalizationFormD);
    printf("nfd len: %ld\n", (long)CFStringGetLength(m));
    CFStringNormalize(m, kCFStringNormalizationFormC);
    printf("nfc len: %ld\n", (long)CFStringGetLength(m));
    CFDataRef ext = CFStringCreateExternalRepresentation(NULL, h, kCFStringEncodingUTF16, 0);
    const uint8_t *eb = CFDataGetBytePtr(ext);
    printf("external utf16: %ld bytes, bom %02x%02x\n", (long)CFDataGetLength(ext), eb[0], eb[1]);
    CFRelease(ext);
    CFStringRef bad = CFStringCreateWithBytes(NULL, (const uint8_t *)"\xff\xfe", 2, kCFStringEncodingUTF8, 0);
    printf("invalid utf8 -> NULL: %d\n", bad == NULL);

    int32_t i = 42; double d = 2.5; int64_t out64 = 0; int32_t out32 = 0;
    CFNumberRef ni = CFNumberCreate(NULL, kCFNumberIntType, &i);
    CFNumberRef nd = CFNumberCreate(NULL, kCFNumberFloat64Type, &d);
    printf("num int->64 ok=%d %lld\n", CFNumberGetValue(ni, kCFNumberSInt64Type, &out64), (long long)out64);
    printf("num 2.5->32 exact=%d %d\n", CFNumberGetValue(nd, kCFNumberSInt32Type, &out32), out32);
    printf("bool: %d %d type ok %d\n", CFBooleanGetValue(kCFBooleanTrue), CFBooleanGetValue(kCFBooleanFalse),
           CFGetTypeID(kCFBooleanTrue) == CFBooleanGetTypeID());

    CFMutableArrayRef arr = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);
    printf("rc before: %ld\n", (long)CFGetRetainCount(h));
    CFArrayAppendValue(arr, h);
    CFArrayAppendValue(arr, ni);
    CFArrayInsertValueAtIndex(arr, 0, nd);
    printf("rc in array: %ld count %ld\n", (long)CFGetRetainCount(h), (long)CFArrayGetCount(arr));
    printf("idx1 is h: %d\n", CFArrayGetValueAtIndex(arr, 1) == h);
    CFArrayRemoveValueAtIndex(arr, 1);
    printf("rc after remove: %ld count %ld\n", (long)CFGetRetainCount(h), (long)CFArrayGetCount(arr));
    CFArrayRef plain = CFArrayCreate(NULL, (const void **)&h, 1, NULL);
    printf("rc with NULL callbacks: %ld\n", (long)CFGetRetainCount(h));
    CFRelease(plain);

    const void *keys[] = {CFSTR("one"), CFSTR("two")};
    const void *vals[] = {ni, nd};
    CFDictionaryRef dict = CFDictionaryCreate(NULL, keys, vals, 2, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
    CFStringRef k2 = CFStringCreateWithCString(NULL, "two", kCFStringEncodingUTF8);
    const void *got = NULL;
    printf("dict count %ld get two==nd %d present %d\n", (long)CFDictionaryGetCount(dict), CFDictionaryGetValue(dict, k2) == nd,
           CFDictionaryGetValueIfPresent(dict, CFSTR("three"), &got));
    CFMutableDictionaryRef md = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
    CFDictionarySetValue(md, k2, h);
    CFDictionarySetValue(md, CFSTR("two"), ni);
    printf("mdict count %ld rc h %ld\n", (long)CFDictionaryGetCount(md), (long)CFGetRetainCount(h));
    CFDictionaryRemoveValue(md, CFSTR("two"));
    printf("mdict after remove %ld\n", (long)CFDictionaryGetCount(md));
    CFRelease(md); CFRelease(dict); CFRelease(k2);
    CFRelease(arr);
    printf("rc after arr release: %ld\n", (long)CFGetRetainCount(h));

    CFErrorRef e = CFErrorCreate(NULL, kCFErrorDomainOSStatus, -25300, NULL);
    CFStringRef ed = CFErrorCopyDescription(e);
    show("error", ed);
    CFRelease(ed); CFRelease(e);
    CFRelease(h); CFRelease(m); CFRelease(ni); CFRelease(nd);
    printf("1970 offset %.0f\n", kCFAbsoluteTimeIntervalSince1970);
    return 0;
}
