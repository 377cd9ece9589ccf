// Local time in several zones chosen with setenv("TZ") + tzset: the zone
// database, DST transitions, mktime's normalisation and DST guess,
// strftime's %Z/%z, and the tzname/timezone/daylight variables.
// env: TZ=Europe/Berlin
#define _GNU_SOURCE 1
#define _DARWIN_C_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void show(time_t t) {
    struct tm tm;
    char buf[128];
    localtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %Z %z %a %j", &tm);
    printf("  %lld -> %s isdst=%d gmtoff=%ld yday=%d\n", (long long)t, buf, tm.tm_isdst, tm.tm_gmtoff, tm.tm_yday);
}

// Zones with a history of other offsets (Asia/Kolkata) leave `timezone` and
// `daylight` to implementation details of the tz code; those are not printed.
#define DST 1       // has daylight time now: print tzname[1]
#define SIMPLE 2    // print timezone and daylight
static void zone(const char *tz, int flags) {
    setenv("TZ", tz, 1);
    tzset();
    printf("TZ=%s tzname[0]=%s", tz, tzname[0]);
    if (flags & DST)
        printf(" tzname[1]=%s", tzname[1]);
    if (flags & SIMPLE)
        printf(" timezone=%ld daylight=%d", timezone, daylight != 0);
    printf("\n");
    // Epoch, a northern summer, a southern summer, around a 2024 US DST start.
    const time_t stamps[] = {0, 1719835200, 1705320000, 1710054000, 1710054000 + 3600 * 3, 2147483647};
    for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++)
        show(stamps[i]);

    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 2024 - 1900;
    tm.tm_mon = 6; // July
    tm.tm_mday = 4;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    printf("  mktime(2024-07-04 12:00, isdst=-1)=%lld isdst=%d zone=%s\n", (long long)t, tm.tm_isdst, tm.tm_zone);
    tm.tm_mon = 0;
    tm.tm_mday = 45; // Feb 14 after normalisation
    tm.tm_hour = 30;
    tm.tm_isdst = -1;
    t = mktime(&tm);
    printf("  normalised: %04d-%02d-%02d %02d:%02d isdst=%d t=%lld\n", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
           tm.tm_hour, tm.tm_min, tm.tm_isdst, (long long)t);
    char buf[32];
    printf("  ctime_r: %s", ctime_r(&t, buf));
    printf("  timegm check: %d\n", timegm(&tm) - t == tm.tm_gmtoff);
}

int main(void) {
    // The initial TZ comes from the environment (the env: directive).
    time_t t0 = 1719835200;
    struct tm *lt = localtime(&t0);
    printf("initial: %02d:%02d %s\n", lt->tm_hour, lt->tm_min, lt->tm_zone);

    zone("UTC", SIMPLE);
    zone("America/New_York", DST | SIMPLE);
    zone("Europe/Berlin", DST | SIMPLE);
    zone("Australia/Sydney", DST | SIMPLE);
    zone("Asia/Kolkata", 0);
    zone("EST5EDT,M3.2.0,M11.1.0", DST | SIMPLE);
    zone("JST-9", SIMPLE);

    char buf[64];
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *rest = strptime("2023-10-05 17:45:09", "%Y-%m-%d %H:%M:%S", &tm);
    strftime(buf, sizeof buf, "%A %d %B %Y %I:%M:%S %p", &tm);
    printf("strptime rest=\"%s\" -> %s\n", rest ? rest : "(null)", buf);
    time_t e = 86400 * 365;
    printf("asctime: %s", asctime(gmtime(&e)));
    return 0;
}
