/* Minimal CoreFoundation/Security/SystemConfiguration/CoreServices/IOKit
 * declarations for Calvados' framework tests. zig ships no framework
 * headers; types and prototypes follow Apple's public headers (CFBase.h,
 * CFString.h, CFArray.h, CFDictionary.h, CFURL.h, CFRunLoop.h, FSEvents.h,
 * SecBase.h, SecTrust.h, SCDynamicStore.h, IOKitLib.h). */
#ifndef CALVADOS_TEST_CF_H
#define CALVADOS_TEST_CF_H
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>

typedef unsigned char Boolean;
typedef signed long CFIndex;
typedef unsigned long CFTypeID;
typedef unsigned long CFHashCode;
typedef unsigned long CFOptionFlags;
typedef int32_t OSStatus;
typedef uint32_t CFStringEncoding;
typedef double CFTimeInterval;
typedef double CFAbsoluteTime;
typedef const void *CFTypeRef;
typedef const struct __CFString *CFStringRef;
typedef struct __CFString *CFMutableStringRef;
typedef const struct __CFAllocator *CFAllocatorRef;
typedef const struct __CFArray *CFArrayRef;
typedef struct __CFArray *CFMutableArrayRef;
typedef const struct __CFDictionary *CFDictionaryRef;
typedef struct __CFDictionary *CFMutableDictionaryRef;
typedef const struct __CFData *CFDataRef;
typedef const struct __CFNumber *CFNumberRef;
typedef const struct __CFBoolean *CFBooleanRef;
typedef const struct __CFDate *CFDateRef;
typedef const struct __CFURL *CFURLRef;
typedef struct __CFError *CFErrorRef;
typedef struct __CFRunLoop *CFRunLoopRef;
typedef CFStringRef CFRunLoopMode;
typedef const struct __CFUUID *CFUUIDRef;
typedef const struct __CFTimeZone *CFTimeZoneRef;
typedef struct __CFBundle *CFBundleRef;
typedef struct { CFIndex location; CFIndex length; } CFRange;
static inline CFRange CFRangeMake(CFIndex l, CFIndex n) { CFRange r = {l, n}; return r; }

#define CFSTR(s) ((CFStringRef)__builtin___CFStringMakeConstantString(s))
#define kCFStringEncodingMacRoman 0
#define kCFStringEncodingISOLatin1 0x0201
#define kCFStringEncodingASCII 0x0600
#define kCFStringEncodingUTF16 0x0100
#define kCFStringEncodingUTF16BE 0x10000100
#define kCFStringEncodingUTF8 0x08000100
#define kCFCompareCaseInsensitive 1
#define kCFCompareNumerically 64
#define kCFNumberSInt32Type 3
#define kCFNumberSInt64Type 4
#define kCFNumberFloat64Type 6
#define kCFNumberIntType 9
#define kCFURLPOSIXPathStyle 0
#define kCFStringNormalizationFormD 0
#define kCFStringNormalizationFormC 2

extern const CFAllocatorRef kCFAllocatorDefault, kCFAllocatorNull, kCFAllocatorSystemDefault, kCFAllocatorMalloc;
extern const CFBooleanRef kCFBooleanTrue, kCFBooleanFalse;

typedef const void *(*CFArrayRetainCallBack)(CFAllocatorRef, const void *);
typedef void (*CFArrayReleaseCallBack)(CFAllocatorRef, const void *);
typedef struct {
    CFIndex version;
    CFArrayRetainCallBack retain;
    CFArrayReleaseCallBack release;
    CFStringRef (*copyDescription)(const void *);
    Boolean (*equal)(const void *, const void *);
} CFArrayCallBacks;
typedef struct {
    CFIndex version;
    CFArrayRetainCallBack retain;
    CFArrayReleaseCallBack release;
    CFStringRef (*copyDescription)(const void *);
    Boolean (*equal)(const void *, const void *);
    CFHashCode (*hash)(const void *);
} CFDictionaryKeyCallBacks;
typedef CFArrayCallBacks CFDictionaryValueCallBacks;
extern const CFArrayCallBacks kCFTypeArrayCallBacks;
extern const CFDictionaryKeyCallBacks kCFTypeDictionaryKeyCallBacks;
extern const CFDictionaryValueCallBacks kCFTypeDictionaryValueCallBacks;

CFTypeRef CFRetain(CFTypeRef);
void CFRelease(CFTypeRef);
CFIndex CFGetRetainCount(CFTypeRef);
CFTypeID CFGetTypeID(CFTypeRef);
Boolean CFEqual(CFTypeRef, CFTypeRef);
CFHashCode CFHash(CFTypeRef);
CFStringRef CFCopyDescription(CFTypeRef);

CFTypeID CFStringGetTypeID(void);
CFStringRef CFStringCreateWithCString(CFAllocatorRef, const char *, CFStringEncoding);
CFStringRef CFStringCreateWithBytes(CFAllocatorRef, const uint8_t *, CFIndex, CFStringEncoding, Boolean);
CFStringRef CFStringCreateWithBytesNoCopy(CFAllocatorRef, const uint8_t *, CFIndex, CFStringEncoding, Boolean, CFAllocatorRef);
CFStringRef CFStringCreateWithCharacters(CFAllocatorRef, const uint16_t *, CFIndex);
CFMutableStringRef CFStringCreateMutableCopy(CFAllocatorRef, CFIndex, CFStringRef);
CFIndex CFStringGetLength(CFStringRef);
void CFStringGetCharacters(CFStringRef, CFRange, uint16_t *);
const char *CFStringGetCStringPtr(CFStringRef, CFStringEncoding);
Boolean CFStringGetCString(CFStringRef, char *, CFIndex, CFStringEncoding);
CFIndex CFStringGetBytes(CFStringRef, CFRange, CFStringEncoding, uint8_t, Boolean, uint8_t *, CFIndex, CFIndex *);
CFIndex CFStringGetMaximumSizeForEncoding(CFIndex, CFStringEncoding);
CFStringEncoding CFStringGetSystemEncoding(void);
CFDataRef CFStringCreateExternalRepresentation(CFAllocatorRef, CFStringRef, CFStringEncoding, uint8_t);
CFIndex CFStringCompare(CFStringRef, CFStringRef, CFOptionFlags);
void CFStringNormalize(CFMutableStringRef, CFIndex);

CFTypeID CFDataGetTypeID(void);
CFDataRef CFDataCreate(CFAllocatorRef, const uint8_t *, CFIndex);
CFIndex CFDataGetLength(CFDataRef);
const uint8_t *CFDataGetBytePtr(CFDataRef);
void CFDataGetBytes(CFDataRef, CFRange, uint8_t *);

CFTypeID CFNumberGetTypeID(void);
CFNumberRef CFNumberCreate(CFAllocatorRef, CFIndex, const void *);
Boolean CFNumberGetValue(CFNumberRef, CFIndex, void *);
CFTypeID CFBooleanGetTypeID(void);
Boolean CFBooleanGetValue(CFBooleanRef);
extern const CFTimeInterval kCFAbsoluteTimeIntervalSince1970;
CFDateRef CFDateCreate(CFAllocatorRef, CFAbsoluteTime);
CFAbsoluteTime CFDateGetAbsoluteTime(CFDateRef);

CFArrayRef CFArrayCreate(CFAllocatorRef, const void **, CFIndex, const CFArrayCallBacks *);
CFMutableArrayRef CFArrayCreateMutable(CFAllocatorRef, CFIndex, const CFArrayCallBacks *);
CFIndex CFArrayGetCount(CFArrayRef);
const void *CFArrayGetValueAtIndex(CFArrayRef, CFIndex);
void CFArrayAppendValue(CFMutableArrayRef, const void *);
void CFArrayInsertValueAtIndex(CFMutableArrayRef, CFIndex, const void *);
void CFArrayRemoveValueAtIndex(CFMutableArrayRef, CFIndex);

CFDictionaryRef CFDictionaryCreate(CFAllocatorRef, const void **, const void **, CFIndex, const CFDictionaryKeyCallBacks *, const CFDictionaryValueCallBacks *);
CFMutableDictionaryRef CFDictionaryCreateMutable(CFAllocatorRef, CFIndex, const CFDictionaryKeyCallBacks *, const CFDictionaryValueCallBacks *);
CFIndex CFDictionaryGetCount(CFDictionaryRef);
const void *CFDictionaryGetValue(CFDictionaryRef, const void *);
Boolean CFDictionaryGetValueIfPresent(CFDictionaryRef, const void *, const void **);
void CFDictionarySetValue(CFMutableDictionaryRef, const void *, const void *);
void CFDictionaryRemoveValue(CFMutableDictionaryRef, const void *);

CFStringRef CFErrorCopyDescription(CFErrorRef);
CFIndex CFErrorGetCode(CFErrorRef);
CFStringRef CFErrorGetDomain(CFErrorRef);
CFErrorRef CFErrorCreate(CFAllocatorRef, CFStringRef, CFIndex, CFDictionaryRef);
extern const CFStringRef kCFErrorDomainOSStatus, kCFErrorDomainPOSIX, kCFErrorLocalizedDescriptionKey;


/* CFRunLoop.h */
extern const CFRunLoopMode kCFRunLoopDefaultMode, kCFRunLoopCommonModes;
CFRunLoopRef CFRunLoopGetCurrent(void);
CFRunLoopRef CFRunLoopGetMain(void);
void CFRunLoopRun(void);
int32_t CFRunLoopRunInMode(CFRunLoopMode, CFTimeInterval, Boolean);
void CFRunLoopStop(CFRunLoopRef);
void CFRunLoopPerformBlock(CFRunLoopRef, CFTypeRef, void (^)(void));
void CFRunLoopWakeUp(CFRunLoopRef);
Boolean CFRunLoopIsWaiting(CFRunLoopRef);

/* FSEvents.h */
typedef uint64_t FSEventStreamEventId;
typedef struct __FSEventStream *FSEventStreamRef;
typedef const struct __FSEventStream *ConstFSEventStreamRef;
typedef struct {
    CFIndex version;
    void *info;
    const void *(*retain)(const void *);
    void (*release)(const void *);
    CFStringRef (*copyDescription)(const void *);
} FSEventStreamContext;
typedef void (*FSEventStreamCallback)(ConstFSEventStreamRef, void *, size_t, void *, const uint32_t *, const FSEventStreamEventId *);
#define kFSEventStreamEventIdSinceNow 0xFFFFFFFFFFFFFFFFULL
#define kFSEventStreamCreateFlagUseCFTypes 0x01
#define kFSEventStreamCreateFlagNoDefer 0x02
#define kFSEventStreamCreateFlagWatchRoot 0x04
#define kFSEventStreamCreateFlagFileEvents 0x10
#define kFSEventStreamEventFlagHistoryDone 0x10
#define kFSEventStreamEventFlagRootChanged 0x20
#define kFSEventStreamEventFlagItemCreated 0x100
#define kFSEventStreamEventFlagItemRemoved 0x200
#define kFSEventStreamEventFlagItemInodeMetaMod 0x400
#define kFSEventStreamEventFlagItemRenamed 0x800
#define kFSEventStreamEventFlagItemModified 0x1000
#define kFSEventStreamEventFlagItemIsFile 0x10000
#define kFSEventStreamEventFlagItemIsDir 0x20000
#define kFSEventStreamEventFlagItemIsSymlink 0x40000
FSEventStreamRef FSEventStreamCreate(CFAllocatorRef, FSEventStreamCallback, FSEventStreamContext *, CFArrayRef, FSEventStreamEventId, CFTimeInterval, uint32_t);
void FSEventStreamScheduleWithRunLoop(FSEventStreamRef, CFRunLoopRef, CFStringRef);
Boolean FSEventStreamStart(FSEventStreamRef);
void FSEventStreamStop(FSEventStreamRef);
void FSEventStreamInvalidate(FSEventStreamRef);
void FSEventStreamRelease(FSEventStreamRef);
void FSEventStreamFlushSync(FSEventStreamRef);
void FSEventStreamSetDispatchQueue(FSEventStreamRef, void *);
dev_t FSEventStreamGetDeviceBeingWatched(ConstFSEventStreamRef);
FSEventStreamEventId FSEventStreamGetLatestEventId(ConstFSEventStreamRef);
FSEventStreamEventId FSEventsGetCurrentEventId(void);
Boolean FSEventsPurgeEventsForDeviceUpToEventId(dev_t, FSEventStreamEventId);
/* CFURL.h */
CFURLRef CFURLCreateWithString(CFAllocatorRef, CFStringRef, CFURLRef);
CFURLRef CFURLCreateWithBytes(CFAllocatorRef, const uint8_t *, CFIndex, CFStringEncoding, CFURLRef);
CFURLRef CFURLCreateWithFileSystemPath(CFAllocatorRef, CFStringRef, CFIndex, Boolean);
CFURLRef CFURLCreateFromFileSystemRepresentation(CFAllocatorRef, const uint8_t *, CFIndex, Boolean);
CFStringRef CFURLGetString(CFURLRef);
CFURLRef CFURLGetBaseURL(CFURLRef);
CFURLRef CFURLCopyAbsoluteURL(CFURLRef);
CFStringRef CFURLCopyFileSystemPath(CFURLRef, CFIndex);
Boolean CFURLGetFileSystemRepresentation(CFURLRef, Boolean, uint8_t *, CFIndex);
CFStringRef CFURLCopyLastPathComponent(CFURLRef);
CFStringRef CFURLCopyPathExtension(CFURLRef);
CFStringRef CFURLCopyHostName(CFURLRef);
int32_t CFURLGetPortNumber(CFURLRef);
Boolean CFURLHasDirectoryPath(CFURLRef);
CFURLRef CFURLCreateCopyAppendingPathComponent(CFAllocatorRef, CFURLRef, CFStringRef, Boolean);
CFURLRef CFURLCreateCopyDeletingLastPathComponent(CFAllocatorRef, CFURLRef);
Boolean CFURLResourceIsReachable(CFURLRef, CFErrorRef *);
CFURLRef CFURLCreateFileReferenceURL(CFAllocatorRef, CFURLRef, CFErrorRef *);
CFURLRef CFURLCreateFilePathURL(CFAllocatorRef, CFURLRef, CFErrorRef *);
Boolean CFURLIsFileReferenceURL(CFURLRef);
CFDictionaryRef CFURLCopyResourcePropertiesForKeys(CFURLRef, CFArrayRef, CFErrorRef *);
extern const CFStringRef kCFURLVolumeNameKey, kCFURLVolumeTotalCapacityKey, kCFURLVolumeAvailableCapacityKey,
    kCFURLVolumeAvailableCapacityForImportantUsageKey, kCFURLVolumeIsLocalKey, kCFURLVolumeIsBrowsableKey,
    kCFURLVolumeIsInternalKey, kCFURLVolumeIsRemovableKey, kCFURLVolumeIsEjectableKey, kCFURLIsDirectoryKey;

/* CFBundle.h, CFUUID.h, CFTimeZone.h, CFLocale.h */
CFBundleRef CFBundleCreate(CFAllocatorRef, CFURLRef);
CFBundleRef CFBundleGetMainBundle(void);
CFURLRef CFBundleCopyExecutableURL(CFBundleRef);
CFURLRef CFBundleCopyBundleURL(CFBundleRef);
CFStringRef CFBundleGetIdentifier(CFBundleRef);
CFTypeRef CFBundleGetValueForInfoDictionaryKey(CFBundleRef, CFStringRef);
CFUUIDRef CFUUIDCreate(CFAllocatorRef);
CFStringRef CFUUIDCreateString(CFAllocatorRef, CFUUIDRef);
CFUUIDRef CFUUIDCreateFromString(CFAllocatorRef, CFStringRef);
CFTimeZoneRef CFTimeZoneCopySystem(void);
void CFTimeZoneResetSystem(void);
CFStringRef CFTimeZoneGetName(CFTimeZoneRef);
CFStringRef CFLocaleCreateCanonicalLanguageIdentifierFromString(CFAllocatorRef, CFStringRef);

/* Security: SecBase.h, SecCertificate.h, SecPolicy.h, SecTrust.h, SecKeychain*.h */
typedef const struct __SecCertificate *SecCertificateRef;
typedef const struct __SecPolicy *SecPolicyRef;
typedef struct __SecTrust *SecTrustRef;
typedef struct __SecKeychain *SecKeychainRef;
typedef struct __SecKeychainItem *SecKeychainItemRef;
SecCertificateRef SecCertificateCreateWithData(CFAllocatorRef, CFDataRef);
CFDataRef SecCertificateCopyData(SecCertificateRef);
CFStringRef SecCertificateCopySubjectSummary(SecCertificateRef);
SecPolicyRef SecPolicyCreateSSL(Boolean, CFStringRef);
OSStatus SecTrustCreateWithCertificates(CFTypeRef, CFTypeRef, SecTrustRef *);
OSStatus SecTrustSetAnchorCertificates(SecTrustRef, CFArrayRef);
OSStatus SecTrustSetAnchorCertificatesOnly(SecTrustRef, Boolean);
OSStatus SecTrustSetVerifyDate(SecTrustRef, CFDateRef);
OSStatus SecTrustSetOCSPResponse(SecTrustRef, CFTypeRef);
Boolean SecTrustEvaluateWithError(SecTrustRef, CFErrorRef *);
CFArrayRef SecTrustCopyCertificateChain(SecTrustRef);
OSStatus SecTrustSettingsCopyCertificates(uint32_t, CFArrayRef *);
OSStatus SecTrustSettingsCopyTrustSettings(SecCertificateRef, uint32_t, CFArrayRef *);
CFStringRef SecCopyErrorMessageString(OSStatus, void *);
OSStatus SecKeychainCopyDomainDefault(uint32_t, SecKeychainRef *);
OSStatus SecKeychainAddGenericPassword(SecKeychainRef, uint32_t, const char *, uint32_t, const char *, uint32_t, const void *, SecKeychainItemRef *);
OSStatus SecKeychainFindGenericPassword(CFTypeRef, uint32_t, const char *, uint32_t, const char *, uint32_t *, void **, SecKeychainItemRef *);
OSStatus SecKeychainItemDelete(SecKeychainItemRef);
OSStatus SecKeychainItemFreeContent(void *, void *);
typedef const struct __SecRandom *SecRandomRef;
extern const SecRandomRef kSecRandomDefault;
int SecRandomCopyBytes(SecRandomRef, size_t, void *);

/* SystemConfiguration: SCDynamicStore.h, SCSchemaDefinitions.h */
typedef const struct __SCDynamicStore *SCDynamicStoreRef;
SCDynamicStoreRef SCDynamicStoreCreateWithOptions(CFAllocatorRef, CFStringRef, CFDictionaryRef, void *, void *);
CFDictionaryRef SCDynamicStoreCopyProxies(SCDynamicStoreRef);
extern const CFStringRef kSCDynamicStoreUseSessionKeys, kSCPropNetProxiesHTTPEnable, kSCPropNetProxiesHTTPSEnable,
    kSCPropNetProxiesHTTPProxy, kSCPropNetProxiesHTTPSPort, kSCPropNetProxiesExceptionsList;

/* IOKit: IOKitLib.h */
typedef uint32_t io_object_t;
typedef io_object_t io_iterator_t;
typedef io_object_t io_service_t;
typedef io_object_t io_connect_t;
typedef int kern_return_t;
extern const uint32_t kIOMasterPortDefault;
CFMutableDictionaryRef IOServiceMatching(const char *);
CFMutableDictionaryRef IOBSDNameMatching(uint32_t, uint32_t, const char *);
kern_return_t IOServiceGetMatchingServices(uint32_t, CFDictionaryRef, io_iterator_t *);
io_object_t IOIteratorNext(io_iterator_t);
kern_return_t IOObjectRelease(io_object_t);
CFTypeRef IORegistryEntryCreateCFProperty(io_object_t, CFStringRef, CFAllocatorRef, uint32_t);
kern_return_t IORegistryEntryGetName(io_object_t, char *);
kern_return_t IOServiceOpen(io_service_t, uint32_t, uint32_t, io_connect_t *);

/* LaunchServices: LSOpen.h, LSInfo.h */
OSStatus LSOpenCFURLRef(CFURLRef, CFURLRef *);
CFURLRef LSCopyDefaultApplicationURLForURL(CFURLRef, uint32_t, CFErrorRef *);
/* CFRunLoop.h: sources and timers */
typedef struct __CFRunLoopSource *CFRunLoopSourceRef;
typedef struct __CFRunLoopTimer *CFRunLoopTimerRef;
typedef struct {
    CFIndex version;
    void *info;
    const void *(*retain)(const void *);
    void (*release)(const void *);
    CFStringRef (*copyDescription)(const void *);
    Boolean (*equal)(const void *, const void *);
    CFHashCode (*hash)(const void *);
    void (*schedule)(void *, CFRunLoopRef, CFRunLoopMode);
    void (*cancel)(void *, CFRunLoopRef, CFRunLoopMode);
    void (*perform)(void *);
} CFRunLoopSourceContext;
typedef struct {
    CFIndex version;
    void *info;
    const void *(*retain)(const void *);
    void (*release)(const void *);
    CFStringRef (*copyDescription)(const void *);
} CFRunLoopTimerContext;
typedef void (*CFRunLoopTimerCallBack)(CFRunLoopTimerRef, void *);
#define kCFRunLoopRunFinished 1
#define kCFRunLoopRunStopped 2
#define kCFRunLoopRunTimedOut 3
#define kCFRunLoopRunHandledSource 4
CFRunLoopSourceRef CFRunLoopSourceCreate(CFAllocatorRef, CFIndex, CFRunLoopSourceContext *);
void CFRunLoopAddSource(CFRunLoopRef, CFRunLoopSourceRef, CFRunLoopMode);
void CFRunLoopRemoveSource(CFRunLoopRef, CFRunLoopSourceRef, CFRunLoopMode);
void CFRunLoopSourceSignal(CFRunLoopSourceRef);
void CFRunLoopSourceInvalidate(CFRunLoopSourceRef);
Boolean CFRunLoopSourceIsValid(CFRunLoopSourceRef);
CFRunLoopTimerRef CFRunLoopTimerCreate(CFAllocatorRef, CFAbsoluteTime, CFTimeInterval, CFOptionFlags, CFIndex, CFRunLoopTimerCallBack, CFRunLoopTimerContext *);
void CFRunLoopAddTimer(CFRunLoopRef, CFRunLoopTimerRef, CFRunLoopMode);
void CFRunLoopTimerInvalidate(CFRunLoopTimerRef);
Boolean CFRunLoopTimerIsValid(CFRunLoopTimerRef);
CFAbsoluteTime CFAbsoluteTimeGetCurrent(void);
#endif
