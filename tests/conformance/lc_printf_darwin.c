// darwin-differs: Apple Libc stdio/FreeBSD/vfprintf.c keeps the 0 flag (ZEROPAD) for %s and %c, so a zero-padded string is padded with zeros; glibc pads strings with spaces
#include <stdio.h>

int main(void) {
    printf("[%05s][%-05s][%03c][%06.2s]\n", "ab", "ab", 'x', "xyz");
    char buf[32];
    snprintf(buf, sizeof buf, "%08s|%0*s", "str", 4, "q");
    printf("%s\n", buf);
    return 0;
}
