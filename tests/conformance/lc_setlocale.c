// Note: setlocale with the names both systems have: "C", "POSIX", "C.UTF-8",
// "" (from the environment), bad names and categories; localeconv in each.
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *show(const char *s) { return s ? s : "(null)"; }

static void conv(const char *tag) {
    struct lconv *l = localeconv();
    printf("%s: dp='%s' ts='%s' grouping=%zu ics='%s' cs='%s' mdp='%s' neg='%s' "
           "frac=%d p_cs=%d int_n_sign=%d\n",
           tag, l->decimal_point, l->thousands_sep, strlen(l->grouping), l->int_curr_symbol,
           l->currency_symbol, l->mon_decimal_point, l->negative_sign, l->frac_digits,
           l->p_cs_precedes, l->int_n_sign_posn);
}

int main(void) {
    printf("initial: %s\n", show(setlocale(LC_ALL, NULL)));
    printf("ctype: %s\n", show(setlocale(LC_CTYPE, NULL)));
    printf("MB_CUR_MAX C: %d\n", (int)MB_CUR_MAX);
    conv("C");

    printf("set ctype C.UTF-8: %s\n", show(setlocale(LC_CTYPE, "C.UTF-8")));
    printf("ctype now: %s\n", show(setlocale(LC_CTYPE, NULL)));
    printf("numeric still: %s\n", show(setlocale(LC_NUMERIC, NULL)));
    const char *all = setlocale(LC_ALL, NULL);
    printf("all mentions UTF-8: %d, mentions C: %d\n", strstr(all, "UTF-8") != NULL,
           strchr(all, 'C') != NULL);
    printf("MB_CUR_MAX UTF-8 >= 4: %d\n", MB_CUR_MAX >= 4);

    printf("set all C.UTF-8: %s\n", show(setlocale(LC_ALL, "C.UTF-8")));
    printf("all: %s\n", show(setlocale(LC_ALL, NULL)));
    printf("time: %s\n", show(setlocale(LC_TIME, NULL)));
    conv("C.UTF-8");

    errno = 0;
    printf("bogus: %s\n", show(setlocale(LC_ALL, "xx_NOWHERE.UTF-17")));
    printf("after bogus: %s\n", show(setlocale(LC_ALL, NULL)));
    printf("bad category: %s\n", show(setlocale(99, "C")));
    printf("negative category: %s\n", show(setlocale(-1, NULL)));

    printf("set all C: %s\n", show(setlocale(LC_ALL, "C")));
    printf("MB_CUR_MAX back: %d\n", (int)MB_CUR_MAX);
    printf("set messages POSIX ok: %d\n", setlocale(LC_MESSAGES, "POSIX") != NULL);
    printf("set all from env: %s\n", show(setlocale(LC_ALL, "")));
    printf("collate: %s\n", show(setlocale(LC_COLLATE, NULL)));
    printf("monetary: %s\n", show(setlocale(LC_MONETARY, NULL)));
    printf("strcoll: %d %d %d\n", strcoll("abc", "abd") < 0, strcoll("b", "a") > 0,
           strcoll("same", "same"));
    return 0;
}
