// darwin-only regex behaviour: regerror messages, REG_ITOA/REG_ATOI, REG_NOSPEC, REG_ENHANCED,
// [[:<:]]/[[:>:]], literal \+ in basic REs, REG_STARTEND without implied REG_NOTBOL, 16-byte regmatch_t.
// darwin-differs: macOS regex(3) documents the REG_NOSPEC, REG_PEND and REG_ENHANCED flags, REG_ITOA/REG_ATOI in regerror, and that with REG_STARTEND "a non-zero rm_so does not imply REG_NOTBOL"; re_format(7) documents the enhanced features (\d \w \s \b \Q...\E \xHH, basic-RE \+) and [[:<:]] [[:>:]]; <_regex.h> gives a 32-byte regex_t and off_t regmatch_t offsets. glibc has none of these flags; its regerror texts differ.
#include <regex.h>
#include <stdio.h>
#include <string.h>

#ifdef __APPLE__
static void run(const char *pat, int cflags, const char *s) {
    regex_t re;
    int rc = regcomp(&re, pat, cflags);
    if (rc != 0) {
        printf("%-18s comp error %d\n", pat, rc);
        return;
    }
    regmatch_t m[3];
    rc = regexec(&re, s, 3, m, 0);
    printf("%-18s %-10s nsub=%zu rc=%d", pat, s, re.re_nsub, rc);
    if (rc == 0)
        for (size_t i = 0; i <= re.re_nsub && i < 3; i++) printf(" [%lld,%lld)", (long long)m[i].rm_so, (long long)m[i].rm_eo);
    printf("\n");
    regfree(&re);
}

int main(void) {
    printf("sizeof regex_t=%zu regmatch_t=%zu\n", sizeof(regex_t), sizeof(regmatch_t));
    char buf[128];
    for (int code = 1; code <= 18; code++) {
        size_t n = regerror(code, NULL, buf, sizeof buf);
        printf("regerror(%d) = %zu \"%s\"\n", code, n, buf);
    }
    regerror(REG_ITOA | REG_NOMATCH, NULL, buf, sizeof buf);
    printf("ITOA NOMATCH: %s\n", buf);
    regerror(REG_ITOA | REG_BADRPT, NULL, buf, sizeof buf);
    printf("ITOA BADRPT: %s\n", buf);
    regerror(REG_ITOA | 99, NULL, buf, sizeof buf);
    printf("ITOA 99: %s\n", buf);
    regex_t named;
    named.re_endp = "REG_EPAREN";
    regerror(REG_ATOI, &named, buf, sizeof buf);
    printf("ATOI REG_EPAREN: %s\n", buf);
    named.re_endp = "REG_NOPE";
    regerror(REG_ATOI, &named, buf, sizeof buf);
    printf("ATOI REG_NOPE: %s\n", buf);
    size_t n = regerror(REG_BADPAT, NULL, buf, 8);
    printf("truncated: %zu \"%s\" size0=%zu\n", n, buf, regerror(REG_BADPAT, NULL, NULL, 0));

    run("a.b*", REG_NOSPEC, "xa.b*y");
    run("a.b*", REG_NOSPEC, "xaabby");
    run("A.B", REG_NOSPEC | REG_ICASE, "xa.b");
    run("\\d+", REG_EXTENDED | REG_ENHANCED, "ab123c");
    run("(\\w+)\\s(\\w+)", REG_EXTENDED | REG_ENHANCED, "hi there!");
    run("a\\+b", REG_ENHANCED, "xaaab");
    run("\\Qa.b\\E", REG_EXTENDED | REG_ENHANCED, "xa.b");
    run("\\Qa.b\\E", REG_EXTENDED | REG_ENHANCED, "axb");
    run("\\x41\\t", REG_EXTENDED | REG_ENHANCED, "zA\tz");
    run("\\bis\\b", REG_EXTENDED | REG_ENHANCED, "this is");
    run("\\D\\S", REG_EXTENDED | REG_ENHANCED, "12ab");
    run("a\\+", 0, "a+");
    run("a\\+", 0, "aa");
    run("\\d", REG_EXTENDED, "d1");
    run("[[:<:]]is[[:>:]]", REG_EXTENDED, "this is");

    regex_t re;
    const char *p = "ab*cd";
    re.re_endp = p + 3;
    int rc = regcomp(&re, p, REG_PEND);
    regmatch_t m[1];
    printf("REG_PEND \"ab*\": rc=%d exec=%d", rc, regexec(&re, "xabbc", 1, m, 0));
    printf(" [%lld,%lld)\n", (long long)m[0].rm_so, (long long)m[0].rm_eo);
    regfree(&re);

    regcomp(&re, "^b", 0);
    m[0].rm_so = 1;
    m[0].rm_eo = 2;
    rc = regexec(&re, "ab", 1, m, REG_STARTEND);
    printf("STARTEND ^ at rm_so: rc=%d [%lld,%lld)\n", rc, (long long)m[0].rm_so, (long long)m[0].rm_eo);
    m[0].rm_so = 1;
    m[0].rm_eo = 2;
    printf("STARTEND + NOTBOL: rc=%d\n", regexec(&re, "ab", 1, m, REG_STARTEND | REG_NOTBOL));
    m[0].rm_so = 2;
    m[0].rm_eo = 1;
    printf("STARTEND reversed: rc=%d\n", regexec(&re, "ab", 1, m, REG_STARTEND));
    regfree(&re);
    printf("after regfree: magic=%d exec=%d\n", re.re_magic, regexec(&re, "b", 0, NULL, 0));
    return 0;
}
#else
int main(void) {
    puts("no darwin regex extensions here");
    return 0;
}
#endif
