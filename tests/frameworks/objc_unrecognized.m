// A message nobody implements, with no forward handler installed (no
// Foundation): objc4's default handler is fatal, printing
// "objc[PID]: -[Class sel]: unrecognized selector sent to instance 0x...
// (no message forward handler is installed)" (the '+' form for a class
// receiver, still "instance") and aborting (SIGABRT). Each case runs in a
// child; the parent prints the child's stderr with the pid and address
// masked, and how it ended. +resolveInstanceMethod: is asked first.
#include <objc/runtime.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((objc_root_class))
@interface Thing {
  Class isa;
}
+ (void)initialize;
+ (id)make;
@end

@interface Thing (Missing)
- (void)frobnicate:(int)x;
+ (int)classFrob;
@end

@implementation Thing
+ (void)initialize {}
+ (id)make { return class_createInstance(self, 0); }
+ (BOOL)resolveInstanceMethod:(SEL)sel {
  printf("resolveInstanceMethod: %s\n", sel_getName(sel));
  fflush(stdout);
  return NO;
}
@end

static void mask(char *s) {
  char out[1024];
  size_t o = 0;
  for (size_t i = 0; s[i] && o < sizeof out - 8;) {
    if (strncmp(s + i, "objc[", 5) == 0) {
      memcpy(out + o, "objc[PID]", 9);
      o += 9;
      i += 5;
      while (s[i] && s[i] != ']') i++;
      if (s[i]) i++;
    } else if (strncmp(s + i, "0x", 2) == 0) {
      memcpy(out + o, "0xADDR", 6);
      o += 6;
      i += 2;
      while ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')) i++;
    } else {
      out[o++] = s[i++];
    }
  }
  out[o] = 0;
  strcpy(s, out);
}

static void run(int which) {
  int fds[2];
  pipe(fds);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    if (which == 0)
      [[Thing make] frobnicate:1];
    else
      [Thing classFrob];
    printf("not reached\n");
    _exit(0);
  }
  close(fds[1]);
  char buf[1024];
  size_t n = 0;
  ssize_t r;
  while (n < sizeof buf - 1 && (r = read(fds[0], buf + n, sizeof buf - 1 - n)) > 0) n += r;
  buf[n] = 0;
  close(fds[0]);
  int st;
  waitpid(pid, &st, 0);
  mask(buf);
  printf("stderr: %s", buf);
  printf("signaled: %d, SIGABRT: %d\n", WIFSIGNALED(st), WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
}

int main(void) {
  run(0);
  run(1);
  return 0;
}
