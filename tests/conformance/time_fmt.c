// Calendar time: gmtime_r, localtime_r with TZ=UTC, mktime, timegm-free
// round trip, strftime in the C locale.
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(void) {
    const time_t stamps[] = {0, 951782400, 1234567890, 1700000000, 2147483647, 4102444800};
    char buf[128];
    for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++) {
        struct tm tm;
        gmtime_r(&stamps[i], &tm);
        strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %A %b %B %j %u %w %p %y %e|%D|%T|%F", &tm);
        printf("%lld: %s yday=%d wday=%d\n", (long long)stamps[i], buf, tm.tm_yday, tm.tm_wday);
    }
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 2024 - 1900;
    tm.tm_mon = 1;
    tm.tm_mday = 29;
    tm.tm_hour = 12;
    tm.tm_isdst = 0;
    time_t t = mktime(&tm);
    printf("mktime(2024-02-29 12:00 UTC)=%lld wday=%d yday=%d\n", (long long)t, tm.tm_wday, tm.tm_yday);
    tm.tm_mday += 1; // normalisation: Feb 30 -> Mar 1
    t = mktime(&tm);
    printf("normalised: %04d-%02d-%02d t=%lld\n", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, (long long)t);
    struct tm lt;
    localtime_r(&t, &lt);
    printf("localtime (TZ=UTC) hour=%d isdst=%d\n", lt.tm_hour, lt.tm_isdst);
    gmtime_r(&t, &lt);
    printf("asctime-free: %s", strftime(buf, sizeof buf, "%c\n", &lt) ? buf : "strftime failed\n");
    printf("difftime=%.1f\n", difftime(100, 40));
    return 0;
}
