// Benchmark and test: 200 rounds of fork, exec of this program (a Mach-O
// file under Calvados, so each round starts Calvados again), and wait.
// Prints only a deterministic summary.
// timeout: 120
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc > 2 && !strcmp(argv[1], "child")) return atoi(argv[2]) % 7;
    int rounds = 200, sum = 0, ok = 0;
    for (int i = 0; i < rounds; i++) {
        char n[16];
        snprintf(n, sizeof n, "%d", i);
        pid_t p = fork();
        if (p == 0) {
            execl(argv[0], argv[0], "child", n, (char *)NULL);
            _exit(100);
        }
        int st;
        if (waitpid(p, &st, 0) == p && WIFEXITED(st)) {
            ok++;
            sum += WEXITSTATUS(st);
        }
    }
    printf("rounds=%d exited=%d status-sum=%d\n", rounds, ok, sum);
    return 0;
}
