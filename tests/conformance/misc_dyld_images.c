// darwin-differs: <mach-o/dyld.h> _dyld_image_count/_dyld_get_image_header are macOS-only; every image dyld reports (libSystem's sub-libraries included) is a Mach-O whose header starts its __TEXT segment (<mach-o/loader.h>: LC_SEGMENT_64 "__TEXT" maps the header). Rust's backtrace symbolizer relies on it.
#include <stdio.h>
#include <string.h>
#ifdef __APPLE__
#include <mach-o/dyld.h>
#include <mach-o/loader.h>
#endif

int main(void) {
#ifdef __APPLE__
    unsigned n = _dyld_image_count();
    int bad_magic = 0, no_text = 0, text_not_at_header = 0, libsystem = 0;
    for (unsigned i = 0; i < n; i++) {
        const struct mach_header_64 *h = (const struct mach_header_64 *)_dyld_get_image_header(i);
        const char *name = _dyld_get_image_name(i);
        if (name && strstr(name, "libSystem.B.dylib")) libsystem = 1;
        if (!h || h->magic != MH_MAGIC_64 || h->cputype != CPU_TYPE_X86_64) { bad_magic++; continue; }
        const struct load_command *lc = (const struct load_command *)(h + 1);
        int text = 0;
        for (unsigned c = 0; c < h->ncmds; c++) {
            if (lc->cmd == LC_SEGMENT_64) {
                const struct segment_command_64 *s = (const struct segment_command_64 *)lc;
                if (strcmp(s->segname, "__TEXT") == 0) {
                    text = 1;
                    if (s->vmaddr + (unsigned long)_dyld_get_image_vmaddr_slide(i) != (unsigned long)h)
                        text_not_at_header++;
                }
            }
            lc = (const struct load_command *)((const char *)lc + lc->cmdsize);
        }
        if (!text) no_text++;
    }
    printf("images > 1: %d\n", n > 1);
    printf("libSystem listed: %d\n", libsystem);
    printf("bad headers: %d\n", bad_magic);
    printf("without __TEXT: %d\n", no_text);
    printf("__TEXT not at the header: %d\n", text_not_at_header);
#else
    puts("dyld images are macOS-only");
#endif
    return 0;
}
