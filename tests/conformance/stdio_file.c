// <stdio.h> on real files: write, read back, binary I/O, seeking, ungetc,
// buffering modes, tmpfile and remove.  Runs in a fresh directory.
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long file_size(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int main(void) {
    FILE *f = fopen("text.txt", "w");
    if (!f) {
        puts("fopen w failed");
        return 1;
    }
    fprintf(f, "line %d\n", 1);
    fputs("line two\n", f);
    fputc('3', f);
    fputc('\n', f);
    fprintf(f, "%s:%05.1f\n", "last", 2.5);
    printf("fclose: %d\n", fclose(f));

    f = fopen("text.txt", "r");
    char line[64];
    int n = 0;
    while (fgets(line, sizeof line, f))
        printf("fgets[%d]: %s", n++, line);
    printf("feof=%d ferror=%d\n", feof(f) != 0, ferror(f) != 0);
    rewind(f);
    printf("after rewind feof=%d ftell=%ld\n", feof(f) != 0, ftell(f));
    int c, count = 0, newlines = 0;
    while ((c = getc(f)) != EOF) {
        count++;
        newlines += c == '\n';
    }
    printf("getc loop: %d chars, %d newlines\n", count, newlines);
    fseek(f, 5, SEEK_SET);
    c = fgetc(f);
    printf("fseek 5 -> '%c', ftell=%ld\n", c, ftell(f));
    printf("ungetc: '%c'\n", ungetc('X', f));
    c = getc(f);
    printf("after ungetc getc: '%c' ftell=%ld\n", c, ftell(f));
    fseek(f, -5, SEEK_END);
    printf("fseek -5 from end: ftell=%ld rest=", ftell(f));
    while ((c = fgetc(f)) != EOF)
        putchar(c == '\n' ? '$' : c);
    putchar('\n');
    printf("fileno is a valid fd: %d\n", fileno(f) > 2);
    fclose(f);

    // Binary round trip.
    unsigned int data[256];
    for (int i = 0; i < 256; i++)
        data[i] = (unsigned)i * 2654435761u;
    f = fopen("data.bin", "wb");
    printf("fwrite=%zu\n", fwrite(data, sizeof data[0], 256, f));
    fclose(f);
    unsigned int back[300];
    f = fopen("data.bin", "rb");
    size_t got = fread(back, sizeof back[0], 300, f);
    printf("fread=%zu feof=%d same=%d\n", got, feof(f) != 0, memcmp(data, back, sizeof data) == 0);
    fseek(f, 0, SEEK_END);
    printf("size=%ld\n", ftell(f));
    fclose(f);

    // Append mode.
    f = fopen("text.txt", "a");
    fputs("appended\n", f);
    fclose(f);
    f = fopen("text.txt", "r");
    fseek(f, 0, SEEK_END);
    printf("size after append=%ld\n", ftell(f));
    fclose(f);

    // "r+" update: overwrite in place.
    f = fopen("text.txt", "r+");
    fseek(f, 0, SEEK_SET);
    fputs("LINE", f);
    fflush(f);
    rewind(f);
    printf("after r+ write: %s", fgets(line, sizeof line, f));
    fclose(f);

    // Buffering modes, observed through the file's size on disk.
    static char fullbuf[4096]; // glibc writes through when a buffer is < 128 bytes
    const int modes[] = {_IOFBF, _IOLBF, _IONBF};
    const char *mode_names[] = {"full", "line", "none"};
    for (int m = 0; m < 3; m++) {
        f = fopen("buffered.txt", "w");
        int rc = setvbuf(f, m == 0 ? fullbuf : NULL, modes[m], m == 0 ? sizeof fullbuf : 0);
        fputs("abc", f);
        long s1 = file_size("buffered.txt");
        fputs("def\n", f);
        long s2 = file_size("buffered.txt");
        fclose(f);
        printf("setvbuf %s: rc=%d on disk after \"abc\": %ld, after \"def\\n\": %ld, after fclose: %ld\n",
               mode_names[m], rc, s1, s2, file_size("buffered.txt"));
    }
    remove("buffered.txt");

    FILE *t = tmpfile();
    printf("tmpfile: %d\n", t != NULL);
    if (t) {
        fputs("temporary contents", t);
        rewind(t);
        printf("tmpfile read: %s\n", fgets(line, sizeof line, t));
        fclose(t);
    }

    printf("remove text: %d\n", remove("text.txt"));
    printf("remove data: %d\n", remove("data.bin"));
    printf("remove again fails: %d\n", remove("data.bin") == -1);
    printf("file gone: %d\n", access("text.txt", F_OK) == -1);
    printf("fopen missing for read: %d\n", fopen("text.txt", "r") == NULL);
    return 0;
}
