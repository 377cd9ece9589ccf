// uname(3): the system name is what a program is most likely to branch on.
// darwin-differs: macOS uname(3) reports sysname "Darwin" (man 3 uname; <sys/utsname.h> struct utsname.sysname "Name of OS"), Linux reports "Linux".
#include <stdio.h>
#include <sys/utsname.h>

int main(void) {
    struct utsname u;
    if (uname(&u) != 0) {
        puts("uname failed");
        return 1;
    }
    printf("%s\n", u.sysname);
    return 0;
}
