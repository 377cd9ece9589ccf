// File-system benchmark (also a differential test): creates 10 000 files
// in a subdirectory, writes, stats, reads them back, lists the directory
// and unlinks everything; prints only a checksum of what it saw.
// timeout: 120
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N 10000

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ULL; }

int main(void) {
    uint64_t h = 0xcbf29ce484222325ULL;
    char name[64], buf[128];
    mkdir("bench", 0755);
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "bench/f%05d", i);
        int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        int len = snprintf(buf, sizeof buf, "file %d says %x\n", i, i * 2654435761u);
        if (fd < 0 || write(fd, buf, (size_t)len) != len)
            return 1;
        close(fd);
    }
    for (int i = 0; i < N; i++) {
        struct stat st;
        snprintf(name, sizeof name, "bench/f%05d", i);
        if (stat(name, &st) != 0)
            return 2;
        h = mix(h, (uint64_t)st.st_size);
        h = mix(h, S_ISREG(st.st_mode));
        int fd = open(name, O_RDONLY);
        ssize_t n = read(fd, buf, sizeof buf);
        close(fd);
        for (ssize_t k = 0; k < n; k++)
            h = mix(h, (unsigned char)buf[k]);
    }
    DIR *d = opendir("bench");
    struct dirent *e;
    uint64_t names = 0;
    int count = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        uint64_t x = 0;
        for (const char *p = e->d_name; *p; p++)
            x = x * 31 + (unsigned char)*p;
        names += x; /* order-independent */
        count++;
    }
    closedir(d);
    h = mix(h, names);
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "bench/f%05d", i);
        if (unlink(name) != 0)
            return 3;
    }
    if (rmdir("bench") != 0)
        return 4;
    printf("files=%d checksum=%016llx\n", count, (unsigned long long)h);
    return 0;
}
