package main

// The C half of the cgo test: plain C functions, C threads that call
// exported Go functions, a qsort whose comparator is Go.

/*
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

extern int goAdd(int a, int b);
extern void goRecord(int id, char *s);
extern int goCompare(void *a, void *b);

int c_printf(const char *s, int n) {
	int r = printf("C printf: %s %d %5.2f %x\n", s, n, n / 4.0, n);
	fflush(stdout);
	return r;
}

int c_call_back(int a, int b) { return goAdd(a, b) * 10; }

static void *worker(void *arg) {
	int id = (int)(intptr_t)arg;
	char buf[32];
	for (int i = 0; i < 50; i++) {
		snprintf(buf, sizeof buf, "t%d-%d", id, i);
		goRecord(id, buf);
	}
	return NULL;
}

int c_run_threads(int n) {
	pthread_t t[16];
	if (n > 16) n = 16;
	for (int i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i) != 0) return -1;
	for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
	return n;
}

char *c_upper(const char *s) {
	size_t n = strlen(s);
	char *r = malloc(n + 1);
	for (size_t i = 0; i <= n; i++) r[i] = (char)toupper((unsigned char)s[i]);
	return r;
}

uint64_t c_sum(const uint64_t *a, int n) {
	uint64_t s = 0;
	for (int i = 0; i < n; i++) s += a[i];
	return s;
}

static int cmp(const void *a, const void *b) { return goCompare((void *)a, (void *)b); }
void c_sort(int *a, int n) { qsort(a, n, sizeof(int), cmp); }

int c_open_missing(void) { return open("/nonexistent/cgo-test", O_RDONLY); }

struct pair { int32_t a; double b; char name[8]; };
double c_pair(struct pair *p) { p->a *= 2; strcpy(p->name, "set"); return p->a + p->b; }
*/
import "C"
