// #! scripts: one whose interpreter is this program (a Mach-O file under
// Calvados, so Calvados parses the #! line itself), one run by /bin/sh,
// an interpreter argument, a file without #! (ENOEXEC from execv, run by
// /bin/sh from execvp and execlp), and the PATH search of execvp, execlp
// and execvP.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void write_file(const char *path, const char *text, int mode) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    write(fd, text, strlen(text));
    close(fd);
}

static int wait_for(pid_t p) {
    int st;
    waitpid(p, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#define CHILD(label, body)                                                                         \
    do {                                                                                           \
        fflush(stdout);                                                                            \
        pid_t p_ = fork();                                                                         \
        if (p_ == 0) {                                                                             \
            body;                                                                                  \
            printf("%s: exec failed ENOENT=%d EACCES=%d ENOEXEC=%d\n", label, errno == ENOENT,     \
                   errno == EACCES, errno == ENOEXEC);                                             \
            fflush(stdout);                                                                        \
            _exit(99);                                                                             \
        }                                                                                          \
        printf("%s: status %d\n", label, wait_for(p_));                                           \
    } while (0)

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "interp-mode")) {
        // Run as an interpreter: argv = INTERP interp-mode SCRIPT ARGS...
        printf("interpreter argc=%d argv0-is-interp=%d\n", argc, strcmp(argv[0], "interp") != 0);
        for (int i = 1; i < argc; i++) printf("  argv[%d]=<%s>\n", i, argv[i]);
        FILE *f = fopen(argv[2], "r");
        char line[256];
        if (f && fgets(line, sizeof line, f) && fgets(line, sizeof line, f)) printf("  script body: %s", line);
        if (f) fclose(f);
        return 3;
    }
    umask(022);
    char text[4200];
    snprintf(text, sizeof text, "#!%s interp-mode\nbody line\n", argv[0]);
    write_file("byself", text, 0755);
    snprintf(text, sizeof text, "#!   %s   interp-mode  \t\nsecond form\n", argv[0]);
    write_file("spaced", text, 0755);
    write_file("shscript", "#!/bin/sh\necho \"sh script: $0 [$1] [$2] $#\"\nexit 5\n", 0755);
    write_file("shflag", "#!/bin/sh -e\necho \"with -e: $1\"\nfalse\necho not reached\n", 0755);
    write_file("noshebang", "echo \"no shebang: [$1] [$#]\"\nexit 6\n", 0755);
    write_file("noexec", "#!/bin/sh\necho never\n", 0644);
    write_file("missinginterp", "#!/nonexistent/interp\n", 0755);
    mkdir("bin", 0755);
    write_file("bin/found-in-path", "#!/bin/sh\necho \"found in PATH: $1\"\n", 0755);
    write_file("bin/plainscript", "echo \"plain in PATH: $1\"\n", 0755);
    write_file("bin/notexec", "#!/bin/sh\n", 0644);

    CHILD("byself", execl("./byself", "byself", "one", "two words", (char *)NULL));
    CHILD("spaced", execl("spaced", "spaced", (char *)NULL));
    CHILD("shscript", execl("./shscript", "ignored-argv0", "a", "b c", (char *)NULL));
    CHILD("shflag", execl("./shflag", "x", "arg", (char *)NULL));
    CHILD("noshebang execv", execl("./noshebang", "x", "arg", (char *)NULL));
    CHILD("noshebang execvp", execlp("./noshebang", "x", "arg", (char *)NULL));
    CHILD("noexec", execl("./noexec", "x", (char *)NULL));
    CHILD("missinginterp", execl("./missinginterp", "x", (char *)NULL));

    setenv("PATH", "/nonexistent:bin:/bin:/usr/bin", 1);
    CHILD("path script", execlp("found-in-path", "found-in-path", "p1", (char *)NULL));
    CHILD("path plain", execlp("plainscript", "plainscript", "p2", (char *)NULL));
    {
        char *av[] = {"echo", "echo from PATH", NULL};
        CHILD("path echo", execvp("echo", av));
    }
    CHILD("path notexec", execlp("notexec", "notexec", (char *)NULL));
    CHILD("path missing", execlp("no-such-command-here", "x", (char *)NULL));
    CHILD("path empty name", execlp("", "x", (char *)NULL));
    {
        char *av[] = {"found-in-path", "p3", NULL};
#ifdef __APPLE__
        CHILD("execvP", execvP("found-in-path", "/nonexistent:bin", av));
#else
        // glibc has no execvP; the same search through PATH.
        CHILD("execvP", (setenv("PATH", "/nonexistent:bin", 1), execvp("found-in-path", av)));
#endif
    }
    return 0;
}
