// scanf on stdin until EOF, mixed with getchar and fgets, then stdin
// reopened on a file with freopen.
// stdin: 3 apples 2.5
// stdin: 10 pears 0.75
// stdin: x bad line
// stdin: 7 plums 1
// stdin: the remaining line
#include <stdio.h>
#include <string.h>

int main(void) {
    int qty;
    char name[32];
    double price, total = 0;
    int r;
    while ((r = scanf("%d %31s %lf", &qty, name, &price)) == 3) {
        printf("%-6s x%2d at %.2f\n", name, qty, price);
        total += qty * price;
    }
    printf("stopped with %d, total %.2f\n", r, total);
    int c = getchar();
    printf("next char '%c'\n", c);
    char line[64];
    if (fgets(line, sizeof line, stdin))
        printf("rest of line: %s", line);
    r = scanf("%d %31s %lf", &qty, name, &price);
    printf("again: %d %d %s %.1f\n", r, qty, name, price);
    r = scanf("%31s", name);
    printf("word: %d %s\n", r, name);
    r = scanf("%31[^\n]", name);
    printf("scanset: %d '%s'\n", r, name);
    r = scanf("%d", &qty);
    printf("at EOF: %d feof=%d\n", r, feof(stdin) != 0);

    FILE *f = fopen("more.txt", "w");
    fprintf(f, "1 2 3\n4 5 6\n");
    fclose(f);
    if (freopen("more.txt", "r", stdin) != stdin)
        puts("freopen returned another stream");
    int sum = 0, v;
    while (scanf("%d", &v) == 1)
        sum += v;
    printf("sum from reopened stdin: %d feof=%d\n", sum, feof(stdin) != 0);
    return 0;
}
