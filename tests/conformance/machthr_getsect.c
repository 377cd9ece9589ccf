// libmacho section lookups on the running images (<mach-o/getsect.h>) and
// _dyld_bind_fully_image_containing_address.
// cflags: -Wno-deprecated-declarations
// darwin-differs: <mach-o/getsect.h> and <mach-o/dyld.h> exist only on macOS (getsectbynamefromheader_64, getsectbyname, getsegbyname, getsectiondata, getsegmentdata, get_etext, get_edata, get_end: the link editor's _etext/_edata/_end, unslid; _dyld_bind_fully_image_containing_address is true for an address in a loaded image), so the Linux twin prints one line.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __APPLE__
#include <mach-o/dyld.h>
#include <mach-o/getsect.h>

int initialized_data = 42;
static char zeroed[4096];

int main(void) {
    const struct mach_header_64 *mh = (const struct mach_header_64 *)_dyld_get_image_header(0);
    intptr_t slide = _dyld_get_image_vmaddr_slide(0);
    const struct section_64 *data = getsectbynamefromheader_64(mh, "__DATA", "__data");
    printf("__DATA,__data found: %d\n", data != NULL);
    if (!data)
        return 1;
    printf("names: %.16s %.16s\n", data->segname, data->sectname);
    uintptr_t v = (uintptr_t)&initialized_data - slide;
    printf("data var inside: %d\n", v >= data->addr && v < data->addr + data->size);
    printf("missing section: %d\n", getsectbynamefromheader_64(mh, "__DATA", "__nope") == NULL);
    printf("missing segment: %d\n", getsectbynamefromheader_64(mh, "__NOPE", "__data") == NULL);

    const struct section_64 *text = getsectbyname("__TEXT", "__text");
    uintptr_t m = (uintptr_t)&main - slide;
    printf("main in __text: %d\n", text && m >= text->addr && m < text->addr + text->size);
    printf("get_etext: %d\n", text && get_etext() == text->addr + text->size);
    printf("get_edata: %d\n", get_edata() == data->addr + data->size);
    const struct segment_command_64 *link = getsegbyname("__LINKEDIT");
    printf("get_end: %d, after etext: %d\n", link && get_end() >= link->vmaddr + link->vmsize,
           get_end() > get_etext());
    printf("getsegbyname(__TEXT) vmaddr+slide is header: %d\n",
           getsegbyname("__TEXT")->vmaddr + slide == (uintptr_t)mh);

    unsigned long size = 0;
    uint8_t *p = getsectiondata(mh, "__DATA", "__data", &size);
    printf("getsectiondata: size ok %d, var inside %d\n", size == data->size,
           (uint8_t *)&initialized_data >= p && (uint8_t *)&initialized_data < p + size);
    size = 0;
    char *raw = getsectdata("__DATA", "__data", &size);
    printf("getsectdata unslid: %d\n", (uintptr_t)raw == data->addr && size == data->size);
    uint8_t *seg = getsegmentdata(mh, "__DATA", &size);
    printf("getsegmentdata: %d\n", seg != NULL && (uint8_t *)zeroed >= seg && (uint8_t *)zeroed < seg + size);

    printf("bind fully main: %d\n", _dyld_bind_fully_image_containing_address(&initialized_data));
    printf("bind fully header: %d\n", _dyld_bind_fully_image_containing_address(mh));
    printf("bind fully stack: %d\n", _dyld_bind_fully_image_containing_address(&size));
    return 0;
}
#else
int main(void) {
    puts("no Mach-O images on Linux");
    return 0;
}
#endif
