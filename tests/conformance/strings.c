// <string.h> functions and snprintf conversions.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char *s = "The quick brown fox jumps over the lazy dog";
    printf("strlen=%zu\n", strlen(s));
    printf("strcmp: %d %d %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0, strcmp("same", "same"));
    printf("strncmp: %d\n", strncmp("abcdef", "abcxyz", 3));
    printf("strcasecmp-free memcmp: %d %d\n", memcmp("abc", "abd", 3) < 0, memcmp("xyz", "xyz", 3));

    char buf[32];
    memset(buf, 'Z', sizeof buf);
    strncpy(buf, "hi", 5);
    printf("strncpy pads: %d %d %d %c\n", buf[2], buf[3], buf[4], buf[5]);
    strncpy(buf, "0123456789", 4);
    buf[4] = '\0';
    printf("strncpy truncates: %s\n", buf);

    printf("strchr: %s\n", strchr(s, 'q'));
    printf("strrchr: %s\n", strrchr(s, 'o'));
    printf("strchr nul: %d\n", strchr(s, '\0') == s + strlen(s));
    printf("strstr: %s\n", strstr(s, "fox"));
    printf("strstr missing: %d\n", strstr(s, "cat") == NULL);
    printf("strspn=%zu strcspn=%zu\n", strspn("aaabbbccc", "ab"), strcspn("hello, world", ",;"));
    printf("strpbrk: %s\n", strpbrk(s, "xyz"));

    char *d = strdup(s);
    d[0] = 't';
    printf("strdup: %s | original: %.3s\n", d, s);
    free(d);

    char mv[] = "0123456789";
    memmove(mv + 2, mv, 5);
    printf("memmove fwd: %s\n", mv);
    memmove(mv, mv + 3, 5);
    printf("memmove back: %s\n", mv);
    memcpy(buf, "copy", 5);
    printf("memcpy: %s\n", buf);
    printf("memchr: %s\n", (char *)memchr(s, 'j', strlen(s)));

    char cat[64] = "con";
    strcat(cat, "cat");
    strncat(cat, "enation!!!", 7);
    printf("strcat: %s\n", cat);

    char line[] = "alpha, beta,,gamma ;delta";
    char *save = NULL;
    int n = 0;
    for (char *tok = strtok_r(line, ", ;", &save); tok; tok = strtok_r(NULL, ", ;", &save))
        printf("tok[%d]=%s\n", n++, tok);

    char out[128];
    int len = snprintf(out, sizeof out, "[%d|%s|%x|%X|%o|%5.2f|%-10s|%lld|%zu|%c|%%]", -42, "str", 0xbeef,
                       0xbeef, 8, 3.14159, "left", -1234567890123LL, (size_t)99, 'c');
    printf("%s len=%d\n", out, len);
    len = snprintf(out, 8, "%s", "truncated output");
    printf("truncated: [%s] would-be len=%d\n", out, len);
    printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%.3d]\n", 42, 42, 42, 42, 42, 7);
    printf("[%10.3s] [%-*d] [%.*s]\n", "abcdef", 6, 1, 2, "xyz");
    printf("[%hhd] [%hd] [%ld] [%lu] [%llx]\n", (signed char)200, (short)70000, -1L, 4294967296UL,
           0xdeadbeefcafeULL);
    return 0;
}
