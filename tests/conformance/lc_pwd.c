// Note: the passwd database: root's entry and the current user's, by name and
// by uid, the _r forms with a too-small buffer, missing users, and a walk
// with getpwent (compared by count and by finding root, not by order).
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    struct passwd *p = getpwnam("root");
    printf("root: %d\n", p != NULL);
    if (p)
        printf("name=%s uid=%u gid=%u dir=%s shell-set=%d\n", p->pw_name, (unsigned)p->pw_uid,
               (unsigned)p->pw_gid, p->pw_dir, p->pw_shell[0] != 0);
    p = getpwuid(0);
    printf("uid 0 is root: %d\n", p && strcmp(p->pw_name, "root") == 0);

    uid_t me = getuid();
    p = getpwuid(me);
    char myname[256] = "";
    if (p) {
        snprintf(myname, sizeof myname, "%s", p->pw_name);
        printf("me found: 1 uid matches: %d\n", p->pw_uid == me);
        struct passwd *q = getpwnam(myname);
        printf("by name same uid: %d same dir: %d\n", q && q->pw_uid == me,
               q && strcmp(q->pw_dir, p->pw_dir) == 0);
    } else {
        printf("me found: 0\n");
    }

    printf("missing name: %d\n", getpwnam("no-such-user-calvados") == NULL);
    printf("missing uid: %d\n", getpwuid(3999999) == NULL);

    struct passwd pw, *res = (struct passwd *)1;
    char buf[1024];
    int r = getpwnam_r("root", &pw, buf, sizeof buf, &res);
    printf("getpwnam_r: %d res=%d name=%s uid=%u\n", r, res == &pw, res ? pw.pw_name : "-",
           (unsigned)pw.pw_uid);
    res = (struct passwd *)1;
    r = getpwuid_r(0, &pw, buf, sizeof buf, &res);
    printf("getpwuid_r: %d res=%d dir=%s\n", r, res == &pw, res ? pw.pw_dir : "-");
    res = (struct passwd *)1;
    r = getpwnam_r("no-such-user-calvados", &pw, buf, sizeof buf, &res);
    printf("getpwnam_r missing: %d res=NULL:%d\n", r, res == NULL);
    char tiny[4];
    res = (struct passwd *)1;
    r = getpwnam_r("root", &pw, tiny, sizeof tiny, &res);
    printf("tiny buffer: ERANGE=%d res=NULL:%d\n", r == ERANGE, res == NULL);

    setpwent();
    int n = 0, saw_root = 0, saw_me = 0;
    while ((p = getpwent()) != NULL) {
        n++;
        saw_root |= p->pw_uid == 0 && strcmp(p->pw_name, "root") == 0;
        saw_me |= strcmp(p->pw_name, myname) == 0;
    }
    endpwent();
    printf("getpwent: some=%d root=%d me=%d\n", n > 0, saw_root, saw_me);
    setpwent();
    int again = 0;
    while (getpwent())
        again++;
    endpwent();
    printf("rewind gives same count: %d\n", again == n);
    return 0;
}
