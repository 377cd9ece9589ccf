// Note: nl_langinfo items on which macOS and glibc agree, in C and C.UTF-8.
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>

static void dump(const char *tag) {
    printf("[%s]\n", tag);
    printf("D_T_FMT=%s\nD_FMT=%s\nT_FMT=%s\nT_FMT_AMPM=%s\n", nl_langinfo(D_T_FMT),
           nl_langinfo(D_FMT), nl_langinfo(T_FMT), nl_langinfo(T_FMT_AMPM));
    printf("AM=%s PM=%s\n", nl_langinfo(AM_STR), nl_langinfo(PM_STR));
    int days[] = {DAY_1, DAY_2, DAY_3, DAY_4, DAY_5, DAY_6, DAY_7};
    int abdays[] = {ABDAY_1, ABDAY_2, ABDAY_3, ABDAY_4, ABDAY_5, ABDAY_6, ABDAY_7};
    for (int i = 0; i < 7; i++)
        printf("%s/%s ", nl_langinfo(days[i]), nl_langinfo(abdays[i]));
    printf("\n");
    int mons[] = {MON_1, MON_2, MON_3, MON_4, MON_5, MON_6,
                  MON_7, MON_8, MON_9, MON_10, MON_11, MON_12};
    int abmons[] = {ABMON_1, ABMON_2, ABMON_3, ABMON_4, ABMON_5, ABMON_6,
                    ABMON_7, ABMON_8, ABMON_9, ABMON_10, ABMON_11, ABMON_12};
    for (int i = 0; i < 12; i++)
        printf("%s/%s ", nl_langinfo(mons[i]), nl_langinfo(abmons[i]));
    printf("\n");
    printf("RADIXCHAR=%s THOUSEP='%s'\n", nl_langinfo(RADIXCHAR), nl_langinfo(THOUSEP));
    printf("YESEXPR=%s NOEXPR=%s\n", nl_langinfo(YESEXPR), nl_langinfo(NOEXPR));
    printf("ERA='%s' ALT_DIGITS='%s'\n", nl_langinfo(ERA), nl_langinfo(ALT_DIGITS));
}

int main(void) {
    dump("C");
    setlocale(LC_ALL, "C.UTF-8");
    dump("C.UTF-8");
    printf("CODESET=%s\n", nl_langinfo(CODESET));
    return 0;
}
