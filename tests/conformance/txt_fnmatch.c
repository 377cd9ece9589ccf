// fnmatch(3): wildcards, bracket expressions and classes, escapes, and every flag
// (FNM_NOESCAPE, FNM_PATHNAME, FNM_PERIOD, FNM_LEADING_DIR, FNM_CASEFOLD).
#include <fnmatch.h>
#include <stdio.h>

struct t {
    const char *pat, *str;
    int flags;
};

static const char *fl(int f) {
    static char b[64];
    snprintf(b, sizeof b, "%s%s%s%s%s", f & FNM_NOESCAPE ? "E" : "", f & FNM_PATHNAME ? "P" : "",
             f & FNM_PERIOD ? "D" : "", f & FNM_LEADING_DIR ? "L" : "", f & FNM_CASEFOLD ? "C" : "");
    return b[0] ? b : "-";
}

int main(void) {
    static const struct t cases[] = {
        {"*", "", 0}, {"*", "abc", 0}, {"a*", "a", 0}, {"a*c", "abbbc", 0}, {"a*c", "abbbd", 0},
        {"*.c", "main.c", 0}, {"*.c", "main.cc", 0}, {"a?c", "abc", 0}, {"a?c", "ac", 0},
        {"a*b*c", "aXbYbZc", 0}, {"*a*a*a", "aaaa", 0}, {"*ab", "aab", 0}, {"**x", "abx", 0},
        {"[abc]", "b", 0}, {"[abc]", "d", 0}, {"[a-c]x", "bx", 0}, {"[!a-c]x", "bx", 0},
        {"[!a-c]x", "dx", 0}, {"[^a-c]x", "dx", 0}, {"[]]", "]", 0}, {"[]a]", "a", 0},
        {"[!]]", "]", 0}, {"[!]]", "x", 0}, {"[a-]", "-", 0}, {"[-a]", "-", 0}, {"[z-a]", "m", 0},
        {"[[:digit:]]*", "7up", 0}, {"[[:alpha:]][[:alnum:]]", "a1", 0}, {"[[:upper:]]", "a", 0},
        {"[[:space:]]", " ", 0}, {"[[:punct:]]", "!", 0}, {"[[:xdigit:]]", "F", 0},
        {"[![:digit:]]", "5", 0}, {"[[.a.]]", "a", 0}, {"[[=b=]]", "b", 0},
        {"\\*", "*", 0}, {"\\*", "a", 0}, {"\\*", "\\*", FNM_NOESCAPE}, {"\\a", "a", 0},
        {"[\\]]", "]", 0}, {"a\\?", "a?", 0}, {"a\\?", "ab", 0},
        {"a*b", "a/b", 0}, {"a*b", "a/b", FNM_PATHNAME}, {"a?b", "a/b", FNM_PATHNAME},
        {"a[/]b", "a/b", FNM_PATHNAME}, {"a/*", "a/b", FNM_PATHNAME}, {"*/b", "a/b", FNM_PATHNAME},
        {"*", "a/b", FNM_PATHNAME}, {"*/*", "a/b/c", FNM_PATHNAME},
        {"*", ".x", 0}, {"*", ".x", FNM_PERIOD}, {"?x", ".x", FNM_PERIOD}, {"[.]x", ".x", FNM_PERIOD},
        {".*", ".x", FNM_PERIOD}, {"a/*", "a/.x", FNM_PERIOD}, {"a/*", "a/.x", FNM_PERIOD | FNM_PATHNAME},
        {"a/.*", "a/.x", FNM_PERIOD | FNM_PATHNAME}, {"a*", "a.x", FNM_PERIOD},
        {"abc", "ABC", 0}, {"abc", "ABC", FNM_CASEFOLD}, {"[a-c]", "B", FNM_CASEFOLD},
        {"[A-C]", "b", FNM_CASEFOLD}, {"*.TXT", "notes.txt", FNM_CASEFOLD},
        {"ab", "ab/cd", 0}, {"ab", "ab/cd", FNM_LEADING_DIR}, {"a*", "ab/cd", FNM_PATHNAME | FNM_LEADING_DIR},
        {"a?", "ab/cd/ef", FNM_LEADING_DIR}, {"ab/c", "ab/cd", FNM_LEADING_DIR},
        {"", "", 0}, {"", "a", 0}, {"a", "", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int r = fnmatch(cases[i].pat, cases[i].str, cases[i].flags);
        printf("%-22s %-10s %-3s -> %s\n", cases[i].pat, cases[i].str, fl(cases[i].flags),
               r == 0 ? "match" : r == FNM_NOMATCH ? "NOMATCH" : "error");
    }
    return 0;
}
