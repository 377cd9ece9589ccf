// Note: the group database: group 0 by number and name, the _r forms,
// members, getgrent walks, getgrouplist for root, getgroups.
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    struct group *g = getgrgid(0);
    printf("gid 0: %d\n", g != NULL);
    char name0[256] = "";
    if (g) {
        snprintf(name0, sizeof name0, "%s", g->gr_name);
        printf("gid=%u members-array=%d\n", (unsigned)g->gr_gid, g->gr_mem != NULL);
        struct group *h = getgrnam(name0);
        printf("by name: %d gid=%u\n", h != NULL, h ? (unsigned)h->gr_gid : 99);
    }
    printf("missing: %d %d\n", getgrnam("no-such-group-calvados") == NULL,
           getgrgid(3999999) == NULL);

    struct group gr, *res = (struct group *)1;
    char buf[4096];
    int r = getgrgid_r(0, &gr, buf, sizeof buf, &res);
    printf("getgrgid_r: %d res=%d same name=%d\n", r, res == &gr, res && strcmp(gr.gr_name, name0) == 0);
    res = (struct group *)1;
    r = getgrnam_r(name0, &gr, buf, sizeof buf, &res);
    printf("getgrnam_r: %d gid=%u\n", r, res ? (unsigned)gr.gr_gid : 99);
    res = (struct group *)1;
    r = getgrnam_r("no-such-group-calvados", &gr, buf, sizeof buf, &res);
    printf("getgrnam_r missing: %d NULL=%d\n", r, res == NULL);
    char tiny[2];
    r = getgrgid_r(0, &gr, tiny, sizeof tiny, &res);
    printf("tiny: ERANGE=%d NULL=%d\n", r == ERANGE, res == NULL);

    setgrent();
    int n = 0, members = 0, saw0 = 0;
    while ((g = getgrent()) != NULL) {
        n++;
        saw0 |= g->gr_gid == 0;
        for (char **m = g->gr_mem; *m; m++)
            members++;
    }
    endgrent();
    printf("getgrent: some=%d gid0=%d members=%d\n", n > 0, saw0, members);

    /* The same member lists through getgrgid for every group. */
    setgrent();
    int consistent = 1;
    while ((g = getgrent()) != NULL) {
        gid_t gid = g->gr_gid;
        int cnt = 0;
        for (char **m = g->gr_mem; *m; m++)
            cnt++;
        struct group byid;
        struct group *out;
        char b2[4096];
        if (getgrgid_r(gid, &byid, b2, sizeof b2, &out) != 0 || !out)
            consistent = 0;
    }
    endgrent();
    printf("every gid found again: %d\n", consistent);

    int groups[256];
    int ng = 256;
    r = getgrouplist("root", 0, groups, &ng);
    /* glibc returns the count, darwin 0 (getgrouplist(3)): both >= 0. */
    printf("getgrouplist root: ok=%d n>=1:%d first=%d\n", r >= 0, ng >= 1, groups[0]);
    printf("groups:");
    for (int i = 0; i < ng; i++)
        printf(" %d", groups[i]);
    printf("\n");

    int cnt = getgroups(0, NULL);
    gid_t list[512];
    int got = getgroups(512, list);
    printf("getgroups: count matches=%d nonneg=%d\n", cnt == got, got >= 0);
    errno = 0;
    if (cnt > 0) {
        r = getgroups(cnt > 0 ? 0 : 1, list);
        printf("getgroups(0) again: %d\n", r == cnt);
    } else {
        printf("getgroups(0) again: 1\n");
    }
    return 0;
}
