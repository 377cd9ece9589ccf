/* SQLite under two processes at once: locks held and waited for, concurrent
 * writers in rollback-journal and WAL mode, then an integrity check.
 * Deterministic output: every step is ordered through pipes.
 *
 *   lockdriver DIR      (creates DIR/rollback.db and DIR/wal.db)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sqlite3.h"

static void die(sqlite3 *db, const char *what) {
    fprintf(stderr, "%s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    exit(1);
}

static sqlite3 *open_db(const char *path) {
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) die(db, "open");
    return db;
}

static int exec(sqlite3 *db, const char *sql) {
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    sqlite3_free(err);
    return rc;
}

static void must(sqlite3 *db, const char *sql) {
    if (exec(db, sql) != SQLITE_OK) die(db, sql);
}

static long long scalar(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) die(db, sql);
    long long v = -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void print_text(sqlite3 *db, const char *label, const char *sql) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) die(db, sql);
    while (sqlite3_step(st) == SQLITE_ROW) printf("%s: %s\n", label, sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static pid_t fork_flushed(void) { fflush(stdout); fflush(stderr); return fork(); }

static void put(int fd) { char c = 'x'; if (write(fd, &c, 1) != 1) exit(2); }
static void take(int fd) { char c; if (read(fd, &c, 1) != 1) exit(2); }

static int wait_child(pid_t pid) {
    int st;
    if (waitpid(pid, &st, 0) != pid) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

/* One process holds an exclusive lock; the other is refused, then waits. */
static void lock_handoff(const char *path) {
    int to_child[2], to_parent[2];
    if (pipe(to_child) || pipe(to_parent)) exit(2);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        sqlite3 *db = open_db(path);
        take(to_child[0]);
        sqlite3_busy_timeout(db, 0);
        int rc = exec(db, "INSERT INTO t(v) VALUES('child-early')");
        printf("child: write while parent holds the lock -> %s\n",
               rc == SQLITE_BUSY ? "SQLITE_BUSY" : sqlite3_errstr(rc));
        rc = exec(db, "SELECT count(*) FROM t");
        printf("child: read while parent holds the lock -> %s\n",
               rc == SQLITE_BUSY ? "SQLITE_BUSY" : sqlite3_errstr(rc));
        fflush(stdout);
        put(to_parent[1]);
        sqlite3_busy_timeout(db, 20000);
        rc = exec(db, "INSERT INTO t(v) VALUES('child-late')");
        printf("child: write after waiting -> %s\n", sqlite3_errstr(rc));
        sqlite3_close(db);
        fflush(stdout);
        _exit(rc == SQLITE_OK ? 0 : 1);
    }
    sqlite3 *db = open_db(path);
    must(db, "BEGIN EXCLUSIVE");
    must(db, "INSERT INTO t(v) VALUES('parent')");
    printf("parent: holds an exclusive lock\n");
    fflush(stdout);
    put(to_child[1]);
    take(to_parent[0]);
    usleep(100000);
    must(db, "COMMIT");
    printf("parent: committed\n");
    fflush(stdout);
    printf("child exit: %d\n", wait_child(pid));
    print_text(db, "order", "SELECT v FROM t WHERE v NOT LIKE 'row%' ORDER BY id");
    sqlite3_close(db);
    close(to_child[0]); close(to_child[1]); close(to_parent[0]); close(to_parent[1]);
}

/* Two processes insert at the same time, each in many small transactions. */
static void concurrent_writers(const char *path, int per_writer) {
    int go[2];
    if (pipe(go)) exit(2);
    pid_t pids[2];
    for (int w = 0; w < 2; w++) {
        pids[w] = fork_flushed();
        if (pids[w] == 0) {
            close(go[1]);
            sqlite3 *db = open_db(path);
            sqlite3_busy_timeout(db, 30000);
            take(go[0]);
            for (int i = 0; i < per_writer; i++) {
                char sql[128];
                snprintf(sql, sizeof sql, "INSERT INTO t(v) VALUES('w%d-%04d')", w, i);
                int rc;
                while ((rc = exec(db, sql)) == SQLITE_BUSY) usleep(1000);
                if (rc != SQLITE_OK) { fprintf(stderr, "writer %d: %s\n", w, sqlite3_errstr(rc)); _exit(1); }
            }
            sqlite3_close(db);
            _exit(0);
        }
    }
    close(go[0]);
    put(go[1]);
    put(go[1]);
    close(go[1]);
    for (int w = 0; w < 2; w++) printf("writer %d exit: %d\n", w, wait_child(pids[w]));
    sqlite3 *db = open_db(path);
    printf("rows from writer 0: %lld\n", scalar(db, "SELECT count(*) FROM t WHERE v LIKE 'w0-%'"));
    printf("rows from writer 1: %lld\n", scalar(db, "SELECT count(*) FROM t WHERE v LIKE 'w1-%'"));
    printf("distinct: %lld\n", scalar(db, "SELECT count(DISTINCT v) FROM t"));
    print_text(db, "integrity_check", "PRAGMA integrity_check");
    sqlite3_close(db);
}

static void fresh(const char *path, const char *journal) {
    sqlite3 *db = open_db(path);
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA journal_mode=%s", journal);
    print_text(db, "journal_mode", sql);
    must(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    must(db, "CREATE INDEX t_v ON t(v)");
    must(db, "BEGIN");
    for (int i = 0; i < 1000; i++) {
        char ins[96];
        snprintf(ins, sizeof ins, "INSERT INTO t(v) VALUES('row%04d')", i);
        must(db, ins);
    }
    must(db, "COMMIT");
    printf("rows: %lld\n", scalar(db, "SELECT count(*) FROM t"));
    sqlite3_close(db);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: lockdriver DIR\n"); return 2; }
    char path[4096];
    printf("sqlite %s\n", sqlite3_libversion());
    const char *modes[] = {"delete", "wal"};
    for (int m = 0; m < 2; m++) {
        snprintf(path, sizeof path, "%s/%s.db", argv[1], modes[m]);
        printf("== %s\n", modes[m]);
        fresh(path, modes[m]);
        if (m == 0) lock_handoff(path);
        concurrent_writers(path, 150);
    }
    return 0;
}
