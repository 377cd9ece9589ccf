/* The declarations lib/macos.c of curl uses, for zig, which ships no
 * SystemConfiguration headers. Types as the macOS SDK declares them: opaque
 * CoreFoundation object pointers. Calvados implements both functions in
 * crates/frameworks. */
#ifndef CALVADOS_SCDYNAMICSTORECOPYSPECIFIC_H
#define CALVADOS_SCDYNAMICSTORECOPYSPECIFIC_H
typedef const void *CFTypeRef;
typedef const struct __CFDictionary *CFDictionaryRef;
typedef const struct __SCDynamicStore *SCDynamicStoreRef;
void CFRelease(CFTypeRef cf);
CFDictionaryRef SCDynamicStoreCopyProxies(SCDynamicStoreRef store);
#endif
