// POSIX regcomp/regexec/regfree: basic and extended syntax, submatches (regmatch_t offsets),
// REG_ICASE, REG_NEWLINE, REG_NOSUB, REG_NOTBOL/REG_NOTEOL, REG_STARTEND, re_nsub, error codes.
#include <regex.h>
#include <stdio.h>
#include <string.h>

static const char *vis(const char *s) {
    static char b[4][64];
    static int n;
    char *o = b[n++ % 4];
    size_t k = 0;
    for (; *s && k < 60; s++) {
        if (*s == '\n') {
            o[k++] = '\\';
            o[k++] = 'n';
        } else
            o[k++] = *s;
    }
    o[k] = 0;
    return o;
}

static void run(const char *pat, int cflags, const char *s, int eflags) {
    regex_t re;
    int rc = regcomp(&re, pat, cflags);
    if (rc != 0) {
        printf("%-22s comp error\n", pat);
        return;
    }
    regmatch_t m[5];
    memset(m, 0x55, sizeof m);
    rc = regexec(&re, s, 5, m, eflags);
    printf("%-22s %-16s nsub=%zu %s", pat, vis(s), re.re_nsub, rc == 0 ? "match" : rc == REG_NOMATCH ? "NOMATCH" : "error");
    if (rc == 0 && !(cflags & REG_NOSUB))
        for (int i = 0; i <= (int)re.re_nsub && i < 5; i++) printf(" [%lld,%lld)", (long long)m[i].rm_so, (long long)m[i].rm_eo);
    if (rc == 0 && (cflags & REG_NOSUB)) printf(" untouched=%d", m[0].rm_so == m[1].rm_so);
    printf("\n");
    regfree(&re);
}

static const char *errname(int rc) {
    switch (rc) {
    case 0: return "ok";
    case REG_BADPAT: return "BADPAT";
    case REG_ECOLLATE: return "ECOLLATE";
    case REG_ECTYPE: return "ECTYPE";
    case REG_EESCAPE: return "EESCAPE";
    case REG_ESUBREG: return "ESUBREG";
    case REG_EBRACK: return "EBRACK";
    case REG_EPAREN: return "EPAREN";
    case REG_EBRACE: return "EBRACE";
    case REG_BADBR: return "BADBR";
    case REG_ERANGE: return "ERANGE";
    case REG_BADRPT: return "BADRPT";
    default: return "other";
    }
}

int main(void) {
    printf("sizeof(regmatch_t) == 2*sizeof(regoff_t): %d\n", sizeof(regmatch_t) == 2 * sizeof(regoff_t));
    run("abc", 0, "xxabcxx", 0);
    run("a.c", 0, "a-c", 0);
    run("a*b", 0, "caaab", 0);
    run("^abc$", 0, "abc", 0);
    run("^abc$", 0, "abcd", 0);
    run("\\(ab\\)*c", 0, "ababc", 0);
    run("\\([a-z]*\\)-\\([0-9]*\\)", 0, "key-42!", 0);
    run("\\(a\\)\\1", 0, "xaay", 0);
    run("a\\{2,3\\}", 0, "caaaa", 0);
    run("(ab|cd)+e", REG_EXTENDED, "xcdabe", 0);
    run("([0-9]+)\\.([0-9]+)", REG_EXTENDED, "v12.345", 0);
    run("(a)|(b)", REG_EXTENDED, "b", 0);
    run("colou?r", REG_EXTENDED, "color", 0);
    run("x{2}", REG_EXTENDED, "xxx", 0);
    run("[[:upper:]][[:digit:]]+", REG_EXTENDED, "aB12c", 0);
    run("[^a-c]+", REG_EXTENDED, "abcxyzabc", 0);
    run("HeLLo", REG_ICASE, "say hello", 0);
    run("[a-c]+", REG_EXTENDED | REG_ICASE, "xABCx", 0);
    run("^b", 0, "a\nb", 0);
    run("^b", REG_NEWLINE, "a\nb", 0);
    run("a$", REG_NEWLINE, "a\nb", 0);
    run("a.b", 0, "a\nb", 0);
    run("a.b", REG_NEWLINE, "a\nb", 0);
    run("[^x]", REG_NEWLINE, "\n", 0);
    run("^a", 0, "abc", REG_NOTBOL);
    run("c$", 0, "abc", REG_NOTEOL);
    run("b+", REG_EXTENDED | REG_NOSUB, "abbbc", 0);
    run("z", REG_NOSUB, "abc", 0);
    run("", 0, "abc", 0);
    run("(a|ab)(c|bcd)", REG_EXTENDED, "abcd", 0);

    regex_t re;
    regmatch_t m[2];
    regcomp(&re, "b+", REG_EXTENDED);
    m[0].rm_so = 3;
    m[0].rm_eo = 7;
    int rc = regexec(&re, "abbbbbbbb", 2, m, REG_STARTEND);
    printf("startend: rc=%d [%lld,%lld)\n", rc, (long long)m[0].rm_so, (long long)m[0].rm_eo);
    m[0].rm_so = 1;
    m[0].rm_eo = 1;
    rc = regexec(&re, "abbb", 2, m, REG_STARTEND);
    printf("startend empty: %s\n", rc == REG_NOMATCH ? "NOMATCH" : "match");
    m[0].rm_so = 0;
    m[0].rm_eo = 6;
    rc = regexec(&re, "aa\0bbb", 2, m, REG_STARTEND);
    printf("startend past NUL: rc=%d [%lld,%lld)\n", rc, (long long)m[0].rm_so, (long long)m[0].rm_eo);
    regfree(&re);

    const char *bad[][2] = {{"a\\", "0"}, {"[abc", "0"}, {"\\(a", "0"}, {"a\\{1", "0"}, {"(a", "E"}, {"a{1", "E"},
                            {"[[:nope:]]", "E"}, {"[z-a]", "E"}, {"\\(a\\)\\2", "0"}, {"a{2,1}", "E"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        rc = regcomp(&re, bad[i][0], bad[i][1][0] == 'E' ? REG_EXTENDED : 0);
        printf("regcomp(%s) -> %s\n", bad[i][0], errname(rc));
        if (rc == 0) regfree(&re);
    }
    return 0;
}
