// Calendar time across zones and edges: Europe/Paris, America/Los_Angeles,
// Asia/Kolkata, Pacific/Auckland and America/Sao_Paulo (tzset, tzname,
// timezone, daylight), both sides of a DST change, mktime with an
// explicit isdst in the repeated autumn hour, times before 1970 and after
// 2038, leap days, difftime, asctime/asctime_r/ctime, strptime formats
// (only the fields they name are printed) and strftime conversions both
// systems share.
// env: TZ=Europe/Paris
#define _GNU_SOURCE 1
#define _DARWIN_C_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void fmt(const char *label, const struct tm *tm) {
    char buf[256];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %Z %z | %a %A %b %B %C %g %G %V %U %W %u %w %j %e %k %l %I %p %y %D %R %T %F %h %n%t%%", tm);
    printf("  %s: %s\n", label, buf);
}

static void at(time_t t) {
    struct tm tm;
    localtime_r(&t, &tm);
    char label[32];
    snprintf(label, sizeof label, "%lld", (long long)t);
    fmt(label, &tm);
}

static void zone(const char *tz, int dst) {
    setenv("TZ", tz, 1);
    tzset();
    printf("TZ=%s std=%s", tz, tzname[0]);
    if (dst)
        printf(" dst=%s timezone=%ld daylight=%d", tzname[1], timezone, daylight != 0);
    printf("\n");
}

int main(void) {
    tzset();
    printf("from environment: %s\n", tzname[0]);
    time_t summer = 1719835200; // 2024-07-01 12:00 UTC
    time_t winter = 1705320000; // 2024-01-15 12:00 UTC

    zone("Europe/Paris", 1);
    at(summer);
    at(winter);
    // 2024-03-31 00:59:59 UTC and one second later (02:00 -> 03:00 local).
    at(1711846799);
    at(1711846800);
    // The repeated hour of 2024-10-27: 02:30 local exists twice.
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 124;
    tm.tm_mon = 9;
    tm.tm_mday = 27;
    tm.tm_hour = 2;
    tm.tm_min = 30;
    tm.tm_isdst = 1;
    time_t first = mktime(&tm);
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 124;
    tm.tm_mon = 9;
    tm.tm_mday = 27;
    tm.tm_hour = 2;
    tm.tm_min = 30;
    tm.tm_isdst = 0;
    time_t second = mktime(&tm);
    printf("  02:30 as summer time %lld, as winter time %lld, apart %.0f s\n", (long long)first,
           (long long)second, difftime(second, first));

    zone("America/Los_Angeles", 1);
    at(summer);
    at(winter);
    at(1710064799); // 2024-03-10 01:59:59 PST
    at(1710064800); // 03:00 PDT
    at(-1);
    at(-86400 * 365L * 30);

    zone("Asia/Kolkata", 0);
    at(summer);
    at(0);

    zone("Pacific/Auckland", 1);
    at(summer);
    at(winter);

    zone("America/Sao_Paulo", 0);
    at(summer);
    at(1550372400); // 2019-02-17, the last DST change there

    setenv("TZ", "UTC", 1);
    tzset();
    printf("TZ=UTC\n");
    at(951782400);        // 2000-02-29
    at(4107542400LL);     // 2100-03-01 (2100 is not a leap year)
    at(32503680000LL);    // 3000-01-01
    at(-2208988800LL);    // 1900-01-01
    at(2147483648LL);     // just past 2^31

    time_t e = 1234567890;
    char buf[64];
    printf("asctime: %s", asctime(gmtime(&e)));
    struct tm g;
    gmtime_r(&e, &g);
    printf("asctime_r: %s", asctime_r(&g, buf));
    printf("ctime: %s", ctime(&e));
    printf("difftime: %.1f %.1f\n", difftime(e, 0), difftime(0, e));
    printf("timegm round trip: %d\n", timegm(&g) == e);

    const char *inputs[][2] = {
        {"2024-02-29T23:59:58", "%Y-%m-%dT%H:%M:%S"},
        {"Thu Mar 14 15:09:26 2024", "%a %b %d %H:%M:%S %Y"},
        {"14/03/24 3:09 PM", "%d/%m/%y %I:%M %p"},
        {"  7 July 1969, 20:17", "%e %B %Y, %H:%M"},
        {"12:34:56 trailing", "%T"},
        {"not a date", "%Y-%m-%d"},
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        memset(&tm, 0, sizeof tm);
        const char *rest = strptime(inputs[i][0], inputs[i][1], &tm);
        if (!rest) {
            printf("strptime(\"%s\") failed\n", inputs[i][0]);
            continue;
        }
        printf("strptime(\"%s\") rest=\"%s\" -> %04d-%02d-%02d %02d:%02d:%02d\n", inputs[i][0], rest,
               tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    printf("strftime too small: %zu\n", strftime(buf, 5, "%Y-%m-%d", &g));
    printf("strftime empty: %zu\n", strftime(buf, sizeof buf, "", &g));
    return 0;
}
