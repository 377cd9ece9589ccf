// Message catalogs that are not there: catopen fails with (nl_catd)-1 and
// catgets hands back the default string (POSIX catgets; man 3 catgets).
#include <errno.h>
#include <locale.h>
#include <nl_types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char *def = "default text";
    nl_catd c = catopen("calvados_no_such_catalog", 0);
    printf("catopen missing: %d\n", c == (nl_catd)-1);
    const char *m = catgets(c, 1, 1, def);
    printf("catgets on -1: same pointer %d, text %s\n", m == def, m);
    errno = 0;
    printf("catclose(-1): %d errno==EBADF: %d\n", catclose(c), errno == EBADF);

    c = catopen("calvados_no_such_catalog", NL_CAT_LOCALE);
    printf("catopen missing, NL_CAT_LOCALE: %d\n", c == (nl_catd)-1);
    errno = 0;
    c = catopen("/nonexistent/dir/x.cat", 0);
    printf("catopen missing path: %d errno==ENOENT: %d\n", c == (nl_catd)-1, errno == ENOENT);

    /* NLSPATH pointing at files that do not exist, in several shapes. */
    setenv("NLSPATH", "./%N.cat:./%L/%N:/nonexistent/%l/%t/%c/%N:%%N", 1);
    setenv("LANG", "fr_FR.UTF-8", 1);
    c = catopen("nothere", 0);
    printf("catopen via NLSPATH: %d\n", c == (nl_catd)-1);
    printf("catgets default: %s\n", catgets(c, 2, 7, "second default"));

    /* A file that is no catalog. */
    FILE *f = fopen("junk.cat", "w");
    fputs("this is not a message catalog, just some text that is long enough\n", f);
    fclose(f);
    setenv("NLSPATH", "./%N.cat", 1);
    c = catopen("junk", 0);
    printf("catopen junk: %d\n", c == (nl_catd)-1);
    printf("catgets junk default: %s\n", catgets(c, 1, 1, "third default"));
    return 0;
}
