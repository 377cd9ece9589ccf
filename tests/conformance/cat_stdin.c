// Copy standard input (from the file given by `stdin-file:`) to standard
// output with read(2)/write(2), then report a checksum.
// stdin-file: cat_stdin.in
#include <stdio.h>
#include <unistd.h>

int main(void) {
    char buf[7]; // small, to exercise many reads
    unsigned long sum = 0, total = 0;
    ssize_t n;
    while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            sum = sum * 31 + (unsigned char)buf[i];
        total += (unsigned long)n;
        if (write(STDOUT_FILENO, buf, (size_t)n) != n)
            return 1;
    }
    printf("\n--\nbytes=%lu checksum=%lu last read=%zd\n", total, sum, n);
    return 0;
}
