// darwin-differs: macOS catopen reads the BSD catalog format of its gencat (<nl_types.h> _NLS_PRIVATE: magic 0xff88ff89, big-endian _nls_cat_hdr/_nls_set_hdr/_nls_msg_hdr) and finds it through NLSPATH with %N %L %l %t %c (man 3 catopen); glibc reads only its own gencat format, so the Linux twin gets the defaults
#include <errno.h>
#include <locale.h>
#include <nl_types.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned char buf[4096];
static size_t len;
static void put32(int32_t v) {
    buf[len++] = (unsigned char)(v >> 24);
    buf[len++] = (unsigned char)(v >> 16);
    buf[len++] = (unsigned char)(v >> 8);
    buf[len++] = (unsigned char)v;
}

/* Set 1: messages 1, 3, 7; set 2: message 1; set 5: message 2. */
static void write_catalog(const char *path, const char *tag) {
    struct { int set, msg; const char *text; } msgs[] = {
        {1, 1, "hello"}, {1, 3, "three"}, {1, 7, "seven"}, {2, 1, "deux"}, {5, 2, NULL},
    };
    int nmsgs = 5, nsets = 3;
    char texts[512];
    size_t tl = 0;
    int offs[5];
    for (int i = 0; i < nmsgs; i++) {
        char t[64];
        snprintf(t, sizeof t, "%s", msgs[i].text ? msgs[i].text : tag);
        offs[i] = (int)tl;
        memcpy(texts + tl, t, strlen(t) + 1);
        tl += strlen(t) + 1;
    }
    len = 0;
    int msg_hdr = 20 + nsets * 12, txt = msg_hdr + nmsgs * 12;
    put32((int32_t)0xff88ff89);
    put32(nsets);
    put32(txt + (int)tl);
    put32(msg_hdr);
    put32(txt);
    put32(1); put32(3); put32(0);
    put32(2); put32(1); put32(3);
    put32(5); put32(1); put32(4);
    for (int i = 0; i < nmsgs; i++) {
        put32(msgs[i].msg);
        put32((int32_t)strlen(texts + offs[i]) + 1);
        put32(offs[i]);
    }
    memcpy(buf + len, texts, tl);
    len += tl;
    FILE *f = fopen(path, "wb");
    fwrite(buf, 1, len, f);
    fclose(f);
}

static void show(nl_catd c) {
    int sets[] = {1, 1, 1, 1, 2, 2, 5, 3, 0};
    int ids[] = {1, 3, 7, 2, 1, 2, 2, 1, 1};
    for (int i = 0; i < 9; i++) {
        errno = 0;
        const char *def = "(default)";
        const char *m = catgets(c, sets[i], ids[i], def);
        printf("  %d.%d: %s%s\n", sets[i], ids[i], m, m == def && errno == 0 ? " [errno 0]" : "");
    }
}

int main(void) {
    mkdir("fr", 0755);
    mkdir("fr/FR", 0755);
    mkdir("fr/FR/UTF-8", 0755);
    mkdir("C", 0755);
    write_catalog("demo.cat", "plain");
    write_catalog("fr/FR/UTF-8/demo", "by parts");
    write_catalog("fr_FR.UTF-8@euro.demo", "by %L");
    write_catalog("C/demo", "C locale");

    nl_catd c = catopen("./demo.cat", 0);
    printf("by path: %d\n", c != (nl_catd)-1);
    show(c);
    printf("catclose: %d\n", catclose(c));

    setenv("NLSPATH", "/nonexistent/%N:./%l/%t/%c/%N", 1);
    setenv("LANG", "fr_FR.UTF-8@euro", 1);
    c = catopen("demo", 0);
    printf("NLSPATH %%l/%%t/%%c: %d\n", c != (nl_catd)-1);
    printf("  5.2: %s\n", catgets(c, 5, 2, "(default)"));
    catclose(c);

    setenv("NLSPATH", "./%L.%N", 1);
    c = catopen("demo", 0);
    printf("NLSPATH %%L: %d\n", c != (nl_catd)-1);
    printf("  5.2: %s\n", catgets(c, 5, 2, "(default)"));
    catclose(c);

    /* NL_CAT_LOCALE: LC_MESSAGES (C here), not LANG. */
    setenv("NLSPATH", "./%L/%N", 1);
    c = catopen("demo", NL_CAT_LOCALE);
    printf("NL_CAT_LOCALE: %d\n", c != (nl_catd)-1);
    printf("  5.2: %s\n", catgets(c, 5, 2, "(default)"));
    catclose(c);

    /* Unset LANG: the language is "C". */
    unsetenv("LANG");
    c = catopen("demo", 0);
    printf("no LANG: %d\n", c != (nl_catd)-1);
    printf("  5.2: %s\n", catgets(c, 5, 2, "(default)"));
    catclose(c);
    return 0;
}
