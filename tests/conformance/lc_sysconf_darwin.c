// darwin-differs: macOS fixes these limits in its SDK headers: <unistd.h> _POSIX_VERSION/_POSIX2_VERSION 200112L and _XOPEN_VERSION 600, <limits.h> NGROUPS_MAX 16, RE_DUP_MAX 255, COLL_WEIGHTS_MAX 2, <sys/param.h> MAXHOSTNAMELEN 256 and MAXLOGNAME 255, <pthread.h> PTHREAD_KEYS_MAX 512 and PTHREAD_STACK_MIN 8192, kern.argmax 1 MiB; confstr(_CS_PATH) is _PATH_STDPATH from <paths.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("ARG_MAX=%ld\n", sysconf(_SC_ARG_MAX));
    printf("VERSION=%ld 2_VERSION=%ld XOPEN_VERSION=%ld\n", sysconf(_SC_VERSION),
           sysconf(_SC_2_VERSION), sysconf(_SC_XOPEN_VERSION));
    printf("NGROUPS_MAX=%ld RE_DUP_MAX=%ld COLL_WEIGHTS_MAX=%ld\n", sysconf(_SC_NGROUPS_MAX),
           sysconf(_SC_RE_DUP_MAX), sysconf(_SC_COLL_WEIGHTS_MAX));
    printf("HOST_NAME_MAX=%ld LOGIN_NAME_MAX=%ld\n", sysconf(_SC_HOST_NAME_MAX),
           sysconf(_SC_LOGIN_NAME_MAX));
    printf("THREAD_KEYS_MAX=%ld THREAD_STACK_MIN=%ld\n", sysconf(_SC_THREAD_KEYS_MAX),
           sysconf(_SC_THREAD_STACK_MIN));
    printf("GETPW_R_SIZE_MAX=%ld GETGR_R_SIZE_MAX=%ld\n", sysconf(_SC_GETPW_R_SIZE_MAX),
           sysconf(_SC_GETGR_R_SIZE_MAX));
    char buf[128];
    confstr(_CS_PATH, buf, sizeof buf);
    printf("CS_PATH=%s\n", buf);
    return 0;
}
