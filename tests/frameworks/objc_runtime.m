// The runtime API on our libobjc: classes built at run time
// (objc_allocateClassPair, class_addIvar, class_addMethod, super sends
// through objc_msgSendSuper), swizzling, +resolveInstanceMethod:,
// non-fragile ivars (a superclass whose size the subclass's compiler did
// not know), associated objects, autorelease pools and objc_storeStrong
// with a root class's own retain/release/autorelease, @synchronized.
#include <objc/message.h>
#include <objc/runtime.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Exported by libobjc but not in the public headers zig ships: objc4's
// objc-internal.h and objc-sync.h (OBJC_SYNC_SUCCESS is 0,
// OBJC_SYNC_NOT_OWNING_THREAD_ERROR is -1).
extern id _objc_rootAutorelease(id obj);
extern id objc_autorelease(id obj);
extern void objc_storeStrong(id *location, id obj);
extern void *objc_autoreleasePoolPush(void);
extern void objc_autoreleasePoolPop(void *pool);
extern int objc_sync_enter(id obj);
extern int objc_sync_exit(id obj);
#define OBJC_SYNC_NOT_OWNING_THREAD_ERROR (-1)

__attribute__((objc_root_class))
@interface Counted {
  Class isa;
  int refs;
  char label[16];
}
+ (void)initialize;
+ (id)named:(const char *)l;
- (id)retain;
- (void)release;
- (id)autorelease;
- (id)copy;
- (void)dealloc;
@end

@implementation Counted
+ (void)initialize {}
+ (id)named:(const char *)l {
  Counted *c = class_createInstance(self, 0);
  c->refs = 1;
  snprintf(c->label, sizeof c->label, "%s", l);
  return c;
}
- (id)retain {
  printf("retain %s -> %d\n", label, ++refs);
  return self;
}
- (void)release {
  printf("release %s -> %d\n", label, --refs);
  if (refs == 0) [self dealloc];
}
- (id)autorelease {
  printf("autorelease %s\n", label);
  return _objc_rootAutorelease(self);
}
- (id)copy {
  char l[16];
  snprintf(l, sizeof l, "%s'", label);
  printf("copy %s\n", label);
  return [Counted named:l];
}
- (void)dealloc {
  printf("dealloc %s\n", label);
  object_dispose(self);
}
@end

__attribute__((objc_root_class))
@interface Plain {
  Class isa;
@public
  int tag;
}
+ (void)initialize;
+ (id)make:(int)t;
- (int)tag;
- (const char *)hello;
- (const char *)bye;
@end

@interface Plain (Dynamic)
- (int)dynamicTag;
@end

static int dynamic_tag(id self, SEL _cmd) { return ((Plain *)self)->tag * 2; }

@implementation Plain
+ (void)initialize {}
+ (id)make:(int)t {
  Plain *p = class_createInstance(self, 0);
  p->tag = t;
  return p;
}
- (int)tag { return tag; }
- (const char *)hello { return "hello"; }
- (const char *)bye { return "bye"; }
+ (BOOL)resolveInstanceMethod:(SEL)sel {
  if (sel == @selector(dynamicTag)) {
    printf("resolving %s\n", sel_getName(sel));
    return class_addMethod(self, sel, (IMP)dynamic_tag, "i@:");
  }
  return NO;
}
@end

// Child is compiled before Grow's implementation adds ivars, so its
// compiled ivar offsets assume Grow is only an isa: the runtime must move
// them (the non-fragile ABI).
__attribute__((objc_root_class))
@interface Grow {
  Class isa;
}
+ (void)initialize;
+ (id)make;
- (long)hiddenSum;
@end
@interface Child : Grow {
@public
  int mine;
}
- (void)set;
@end
@implementation Child
- (void)set { mine = 42; }
@end
@implementation Grow {
@public
  long hidden[4];
}
+ (void)initialize {}
+ (id)make {
  Grow *g = class_createInstance(self, 0);
  for (int i = 0; i < 4; i++) g->hidden[i] = i + 1;
  return g;
}
- (long)hiddenSum { return hidden[0] + hidden[1] + hidden[2] + hidden[3]; }
@end

static Ivar counter_ivar(id self) { return class_getInstanceVariable(object_getClass(self), "counter"); }
static int counter_get(id self, SEL _cmd) { return *(int *)((char *)self + ivar_getOffset(counter_ivar(self))); }
static void counter_inc(id self, SEL _cmd) { *(int *)((char *)self + ivar_getOffset(counter_ivar(self))) += 1; }
static const char *dyn_hello(id self, SEL _cmd) {
  static char buf[64];
  struct objc_super sup = {self, class_getSuperclass(object_getClass(self))};
  const char *(*send)(struct objc_super *, SEL) = (void *)objc_msgSendSuper;
  snprintf(buf, sizeof buf, "dynamic %s", send(&sup, _cmd));
  return buf;
}
static const char *other_hello(id self, SEL _cmd) { return "replaced"; }

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static long shared;
static id lock_obj;
static void *worker(void *arg) {
  for (int i = 0; i < 100000; i++) {
    @synchronized(lock_obj) { shared++; }
  }
  return NULL;
}

#define SEND(ret, obj, sel) ((ret(*)(id, SEL))objc_msgSend)((id)(obj), sel_registerName(sel))

int main(void) {
  Class P = objc_getClass("Plain");
  puts("-- dynamic class");
  printf("existing name: %d\n", objc_allocateClassPair(P, "Plain", 0) == Nil);
  Class D = objc_allocateClassPair(P, "Dyn", 0);
  int r1 = class_addIvar(D, "counter", sizeof(int), 2, "i");
  int r2 = class_addIvar(D, "counter", sizeof(int), 2, "i");
  printf("addIvar: %d %d\n", r1, r2);
  r1 = class_addMethod(D, sel_registerName("counter"), (IMP)counter_get, "i@:");
  r2 = class_addMethod(D, sel_registerName("inc"), (IMP)counter_inc, "v@:");
  int r3 = class_addMethod(D, @selector(hello), (IMP)dyn_hello, "r*@:");
  int r4 = class_addMethod(D, sel_registerName("counter"), (IMP)counter_get, "i@:");
  printf("addMethod: %d %d %d %d\n", r1, r2, r3, r4);
  objc_registerClassPair(D);
  r1 = class_addIvar(D, "late", 4, 2, "i");
  printf("after register: addIvar %d, lookup %d\n", r1, objc_getClass("Dyn") == D);
  printf("sizes: Plain %zu Dyn %zu, counter at %td\n", class_getInstanceSize(P), class_getInstanceSize(D),
         ivar_getOffset(class_getInstanceVariable(D, "counter")));
  id d = class_createInstance(D, 0);
  ((Plain *)d)->tag = 7;
  SEND(void, d, "inc");
  SEND(void, d, "inc");
  printf("counter %d, tag %d, hello '%s', class %s < %s\n", SEND(int, d, "counter"), SEND(int, d, "tag"),
         SEND(const char *, d, "hello"), object_getClassName(d), class_getName(class_getSuperclass(D)));
  unsigned n = 0;
  Method *ms = class_copyMethodList(D, &n);
  const char *names[8];
  for (unsigned i = 0; i < n && i < 8; i++) names[i] = sel_getName(method_getName(ms[i]));
  qsort(names, n, sizeof *names, cmp);
  printf("methods (%u):", n);
  for (unsigned i = 0; i < n; i++) printf(" %s", names[i]);
  printf("\n");
  free(ms);
  int total = objc_getClassList(NULL, 0);
  Class *all = malloc(sizeof(Class) * total);
  objc_getClassList(all, total);
  int found = 0;
  for (int i = 0; i < total; i++) found += all[i] == D;
  printf("class list has Dyn: %d\n", found);
  free(all);
  object_dispose(d);

  puts("-- swizzling");
  Plain *p = [Plain make:3];
  Method mh = class_getInstanceMethod(P, @selector(hello)), mb = class_getInstanceMethod(P, @selector(bye));
  IMP orig = method_getImplementation(mh);
  printf("types: %s, name: %s\n", method_getTypeEncoding(mh), sel_getName(method_getName(mh)));
  method_exchangeImplementations(mh, mb);
  printf("swapped: %s %s\n", [p hello], [p bye]);
  method_exchangeImplementations(mh, mb);
  IMP old = class_replaceMethod(P, @selector(hello), (IMP)other_hello, "r*@:");
  printf("replaced: %s, old imp is the original: %d\n", [p hello], old == orig);
  method_setImplementation(mh, old);
  printf("restored: %s, sel_getUid same: %d\n", [p hello], sel_getUid("hello") == @selector(hello));

  puts("-- resolveInstanceMethod");
  printf("dynamicTag %d\n", [p dynamicTag]);
  printf("dynamicTag %d\n", [p dynamicTag]);
  printf("responds: %d %d\n", class_respondsToSelector(P, @selector(dynamicTag)),
         class_respondsToSelector(P, sel_registerName("nothing")));
  object_dispose(p);

  puts("-- non-fragile ivars");
  Class G = objc_getClass("Grow"), C = objc_getClass("Child");
  printf("sizes: Grow %zu Child %zu, mine at %td\n", class_getInstanceSize(G), class_getInstanceSize(C),
         ivar_getOffset(class_getInstanceVariable(C, "mine")));
  Child *c = [Child make];
  [c set];
  printf("mine %d, hidden sum %ld\n", c->mine, [c hiddenSum]);
  object_dispose(c);

  puts("-- associated objects");
  static char k1, k2, k3;
  Counted *owner = [Counted named:"owner"], *val = [Counted named:"val"];
  objc_setAssociatedObject(owner, &k1, val, OBJC_ASSOCIATION_RETAIN_NONATOMIC);
  objc_setAssociatedObject(owner, &k2, val, OBJC_ASSOCIATION_ASSIGN);
  printf("get: %d %d %d\n", objc_getAssociatedObject(owner, &k1) == val, objc_getAssociatedObject(owner, &k2) == val,
         objc_getAssociatedObject(owner, &k3) == nil);
  objc_setAssociatedObject(owner, &k1, nil, OBJC_ASSOCIATION_RETAIN_NONATOMIC);
  objc_setAssociatedObject(owner, &k1, val, OBJC_ASSOCIATION_COPY_NONATOMIC);
  objc_removeAssociatedObjects(owner);
  printf("after remove: %d\n", objc_getAssociatedObject(owner, &k2) == nil);

  puts("-- autorelease pools");
  void *pool = objc_autoreleasePoolPush();
  Counted *a = [Counted named:"a"];
  objc_autorelease(a);
  void *inner = objc_autoreleasePoolPush();
  [[Counted named:"b"] autorelease];
  objc_autoreleasePoolPop(inner);
  puts("inner popped");
  id strong = nil;
  objc_storeStrong(&strong, val);
  objc_storeStrong(&strong, owner);
  objc_storeStrong(&strong, nil);
  objc_autoreleasePoolPop(pool);
  puts("outer popped");
  [val release];
  [owner release];

  puts("-- @synchronized");
  lock_obj = [Plain make:0];
  r1 = objc_sync_enter(lock_obj);
  r2 = objc_sync_enter(lock_obj);
  r3 = objc_sync_exit(lock_obj);
  r4 = objc_sync_exit(lock_obj);
  int r5 = objc_sync_exit(lock_obj) == OBJC_SYNC_NOT_OWNING_THREAD_ERROR;
  printf("enter %d %d, exit %d %d, unowned %d, nil %d\n", r1, r2, r3, r4, r5, objc_sync_enter(nil));
  pthread_t t1, t2;
  pthread_create(&t1, NULL, worker, NULL);
  pthread_create(&t2, NULL, worker, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("shared %ld\n", shared);
  return 0;
}
