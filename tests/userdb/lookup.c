// Prints what libSystem's user database says about a user and a group,
// for crates/calvados/tests/userdb.rs (after dscl/dseditgroup changes).
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 3) return 2;
    struct passwd *pw = getpwnam(argv[1]);
    if (pw) {
        printf("user %s uid %u gid %u home %s shell %s gecos %s\n", pw->pw_name, pw->pw_uid, pw->pw_gid,
               pw->pw_dir, pw->pw_shell, pw->pw_gecos);
        struct passwd *by_uid = getpwuid(pw->pw_uid);
        printf("by uid: %s\n", by_uid ? by_uid->pw_name : "(none)");
        int groups[32], n = 32;
        getgrouplist(argv[1], (int)pw->pw_gid, groups, &n);
        printf("groups:");
        for (int i = 0; i < n; i++) printf(" %d", groups[i]);
        printf("\n");
    } else {
        printf("user %s: none\n", argv[1]);
    }
    struct group *gr = getgrnam(argv[2]);
    if (gr) {
        printf("group %s gid %u members:", gr->gr_name, gr->gr_gid);
        for (char **m = gr->gr_mem; *m; m++) printf(" %s", *m);
        printf("\n");
    } else {
        printf("group %s: none\n", argv[2]);
    }
    return 0;
}
