// CFURL path manipulation, file reference URLs, reachability, resource
// properties; CFBundle, CFUUID, CFTimeZone and CFLocale identifiers.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cf.h"

static const char *s(CFStringRef str) {
    static char bufs[4][1024];
    static int i;
    char *b = bufs[i++ % 4];
    if (!str) return "(null)";
    if (!CFStringGetCString(str, b, 1024, kCFStringEncodingUTF8)) return "<fail>";
    return b;
}

static void own(const char *label, CFStringRef str) {
    printf("%s: %s\n", label, s(str));
    if (str) CFRelease(str);
}

int main(void) {
    const char *p = "/tmp/a dir/file.txt";
    CFURLRef u = CFURLCreateFromFileSystemRepresentation(NULL, (const uint8_t *)p, (CFIndex)strlen(p), 0);
    printf("string: %s\n", s(CFURLGetString(u)));
    own("path", CFURLCopyFileSystemPath(u, kCFURLPOSIXPathStyle));
    own("last", CFURLCopyLastPathComponent(u));
    own("ext", CFURLCopyPathExtension(u));
    printf("dir path: %d\n", CFURLHasDirectoryPath(u));
    CFURLRef parent = CFURLCreateCopyDeletingLastPathComponent(NULL, u);
    printf("parent: %s dir %d\n", s(CFURLGetString(parent)), CFURLHasDirectoryPath(parent));
    CFURLRef child = CFURLCreateCopyAppendingPathComponent(NULL, parent, CFSTR("n\u00e9w"), 1);
    printf("child: %s\n", s(CFURLGetString(child)));
    own("child path", CFURLCopyFileSystemPath(child, kCFURLPOSIXPathStyle));
    uint8_t fsr[256];
    printf("fsrep: %d %s\n", CFURLGetFileSystemRepresentation(child, 1, fsr, sizeof fsr), fsr);
    printf("fsrep small: %d\n", CFURLGetFileSystemRepresentation(child, 1, fsr, 4));
    CFURLRef root = CFURLCreateWithFileSystemPath(NULL, CFSTR("/"), kCFURLPOSIXPathStyle, 1);
    CFURLRef up = CFURLCreateCopyDeletingLastPathComponent(NULL, root);
    printf("root: %s up: %s last: %s\n", s(CFURLGetString(root)), s(CFURLGetString(up)), s(CFURLCopyLastPathComponent(root)));

    chdir("/tmp");
    CFURLRef rel = CFURLCreateFromFileSystemRepresentation(NULL, (const uint8_t *)"x/y", 3, 0);
    printf("relative: %s base: %s\n", s(CFURLGetString(rel)), s(CFURLGetString(CFURLGetBaseURL(rel))));
    CFURLRef abs = CFURLCopyAbsoluteURL(rel);
    printf("absolute: %s\n", s(CFURLGetString(abs)));
    own("relative path", CFURLCopyFileSystemPath(rel, kCFURLPOSIXPathStyle));

    CFURLRef web = CFURLCreateWithString(NULL, CFSTR("https://user@example.com:8443/a/b/../c?q=1#f"), NULL);
    own("host", CFURLCopyHostName(web));
    printf("port: %d\n", CFURLGetPortNumber(web));
    printf("bad url: %d\n", CFURLCreateWithString(NULL, CFSTR("has space"), NULL) == NULL);
    CFURLRef wb = CFURLCreateWithBytes(NULL, (const uint8_t *)"file:///tmp/sp ace", 18, kCFStringEncodingUTF8, NULL);
    printf("with bytes: %s\n", s(CFURLGetString(wb)));
    CFURLRef res = CFURLCreateWithString(NULL, CFSTR("../d/e"), web);
    CFURLRef resabs = CFURLCopyAbsoluteURL(res);
    printf("resolved: %s\n", s(CFURLGetString(resabs)));

    char tmpl[] = "/tmp/cvd-url-XXXXXX";
    mkdtemp(tmpl);
    char real[1024];
    realpath(tmpl, real);
    char sub[1100];
    snprintf(sub, sizeof sub, "%s/link", real);
    symlink(real, sub);
    CFURLRef lk = CFURLCreateFromFileSystemRepresentation(NULL, (const uint8_t *)sub, (CFIndex)strlen(sub), 1);
    CFErrorRef err = NULL;
    printf("reachable: %d\n", CFURLResourceIsReachable(lk, &err));
    CFURLRef ref = CFURLCreateFileReferenceURL(NULL, lk, &err);
    printf("reference: %d is ref %d\n", ref != NULL, CFURLIsFileReferenceURL(ref));
    CFURLRef back = CFURLCreateFilePathURL(NULL, ref, &err);
    CFStringRef bp = CFURLCopyFileSystemPath(back, kCFURLPOSIXPathStyle);
    printf("path url resolves link: %d\n", strcmp(s(bp), real) == 0);
    CFURLRef gone = CFURLCreateCopyAppendingPathComponent(NULL, lk, CFSTR("missing"), 0);
    printf("missing reachable: %d\n", CFURLResourceIsReachable(gone, &err));
    printf("error: %s %ld\n", s(CFErrorGetDomain(err)), (long)CFErrorGetCode(err));
    CFRelease(err);
    err = NULL;
    printf("missing ref: %d code %ld\n", CFURLCreateFileReferenceURL(NULL, gone, &err) == NULL, (long)CFErrorGetCode(err));
    CFRelease(err);

    const void *keys[] = {kCFURLVolumeNameKey, kCFURLVolumeTotalCapacityKey, kCFURLVolumeAvailableCapacityKey,
                          kCFURLVolumeAvailableCapacityForImportantUsageKey, kCFURLVolumeIsLocalKey,
                          kCFURLVolumeIsBrowsableKey, kCFURLVolumeIsInternalKey, kCFURLVolumeIsRemovableKey,
                          kCFURLVolumeIsEjectableKey, kCFURLIsDirectoryKey};
    CFArrayRef karr = CFArrayCreate(NULL, keys, 10, &kCFTypeArrayCallBacks);
    CFDictionaryRef props = CFURLCopyResourcePropertiesForKeys(lk, karr, NULL);
    printf("props: %ld\n", (long)CFDictionaryGetCount(props));
    int64_t total = 0, avail = 0;
    CFNumberGetValue(CFDictionaryGetValue(props, kCFURLVolumeTotalCapacityKey), kCFNumberSInt64Type, &total);
    CFNumberGetValue(CFDictionaryGetValue(props, kCFURLVolumeAvailableCapacityKey), kCFNumberSInt64Type, &avail);
    printf("capacity sane: %d\n", total > 0 && avail >= 0 && avail <= total);
    printf("is dir: %d local type ok: %d name type ok: %d\n",
           CFBooleanGetValue(CFDictionaryGetValue(props, kCFURLIsDirectoryKey)),
           CFGetTypeID(CFDictionaryGetValue(props, kCFURLVolumeIsLocalKey)) == CFBooleanGetTypeID(),
           CFGetTypeID(CFDictionaryGetValue(props, kCFURLVolumeNameKey)) == CFStringGetTypeID());
    printf("key string: %s\n", s(kCFURLVolumeIsBrowsableKey));
    CFRelease(props);

    // A bundle: Tool.app/Contents/{Info.plist,MacOS/tool}
    char path[1200];
    snprintf(path, sizeof path, "%s/Tool.app/Contents/MacOS", real);
    snprintf(sub, sizeof sub, "%s/Tool.app", real); mkdir(sub, 0755);
    snprintf(sub, sizeof sub, "%s/Tool.app/Contents", real); mkdir(sub, 0755);
    mkdir(path, 0755);
    snprintf(sub, sizeof sub, "%s/Tool.app/Contents/Info.plist", real);
    FILE *f = fopen(sub, "w");
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict>\n"
          "<key>CFBundleIdentifier</key><string>org.calvados.tool</string>\n"
          "<key>CFBundleExecutable</key><string>tool</string>\n"
          "<key>LSMinimumSystemVersion</key><string>10.13</string>\n</dict></plist>\n", f);
    fclose(f);
    snprintf(sub, sizeof sub, "%s/Tool.app/Contents/MacOS/tool", real);
    fclose(fopen(sub, "w"));
    snprintf(sub, sizeof sub, "%s/Tool.app", real);
    CFURLRef bu = CFURLCreateFromFileSystemRepresentation(NULL, (const uint8_t *)sub, (CFIndex)strlen(sub), 1);
    CFBundleRef b = CFBundleCreate(NULL, bu);
    printf("bundle id: %s\n", s(CFBundleGetIdentifier(b)));
    printf("min version: %s\n", s(CFBundleGetValueForInfoDictionaryKey(b, CFSTR("LSMinimumSystemVersion"))));
    CFURLRef exe = CFBundleCopyExecutableURL(b);
    CFStringRef ep = CFURLCopyFileSystemPath(exe, kCFURLPOSIXPathStyle);
    printf("executable: %s\n", s(ep) + strlen(real));
    CFURLRef nb = CFURLCreateFromFileSystemRepresentation(NULL, (const uint8_t *)"/nonexistent-dir", 16, 1);
    printf("no bundle: %d\n", CFBundleCreate(NULL, nb) == NULL);
    CFBundleRef mb = CFBundleGetMainBundle();
    CFURLRef me = CFBundleCopyExecutableURL(mb);
    own("main executable", CFURLCopyLastPathComponent(me));

    CFUUIDRef id = CFUUIDCreate(NULL);
    CFStringRef ids = CFUUIDCreateString(NULL, id);
    const char *t = s(ids);
    int ok = strlen(t) == 36 && t[8] == '-' && t[13] == '-' && t[14] == '4' && t[18] == '-' && t[23] == '-';
    for (const char *c = t; *c; c++) if (*c >= 'a' && *c <= 'f') ok = 0;
    printf("uuid format: %d\n", ok);
    CFUUIDRef id2 = CFUUIDCreateFromString(NULL, ids);
    printf("uuid round trip: %d\n", CFEqual(id, id2));

    setenv("TZ", "Europe/Paris", 1);
    CFTimeZoneResetSystem();
    CFTimeZoneRef tz = CFTimeZoneCopySystem();
    printf("tz: %s\n", s(CFTimeZoneGetName(tz)));
    setenv("TZ", ":/usr/share/zoneinfo/America/New_York", 1);
    CFTimeZoneRef same = CFTimeZoneCopySystem();
    printf("cached: %s\n", s(CFTimeZoneGetName(same)));
    CFTimeZoneResetSystem();
    CFTimeZoneRef ny = CFTimeZoneCopySystem();
    printf("after reset: %s\n", s(CFTimeZoneGetName(ny)));
    own("lang", CFLocaleCreateCanonicalLanguageIdentifierFromString(NULL, CFSTR("zh_hans_CN")));
    own("lang2", CFLocaleCreateCanonicalLanguageIdentifierFromString(NULL, CFSTR("en_US.UTF-8")));

    const char *rm[] = {"Tool.app/Contents/MacOS/tool", "Tool.app/Contents/Info.plist", "link"};
    for (int i = 0; i < 3; i++) { snprintf(sub, sizeof sub, "%s/%s", real, rm[i]); unlink(sub); }
    const char *rd[] = {"Tool.app/Contents/MacOS", "Tool.app/Contents", "Tool.app", ""};
    for (int i = 0; i < 4; i++) { snprintf(sub, sizeof sub, "%s/%s", real, rd[i]); rmdir(sub); }
    printf("cleaned: %d\n", access(real, F_OK) != 0);
    return 0;
}
