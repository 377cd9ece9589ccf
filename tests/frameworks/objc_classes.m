// Objective-C root classes on our libobjc: inheritance, super calls (instance
// and class methods), categories (overriding a method), +load order (classes
// superclass first, then categories, all before the image's constructors),
// +initialize once per class (a subclass without one inherits its
// superclass's), ivars, synthesized properties, protocols, double, struct
// (in registers and stret) and nil-receiver returns, the class's own
// retain/release.
#include <objc/runtime.h>
#include <stdio.h>

#pragma clang diagnostic ignored "-Wobjc-protocol-method-implementation"

struct Vec3 { double x, y, z; };
struct Pair { long a, b; };

@protocol Named
- (const char *)name;
@end
@protocol Greeter <Named>
- (void)greet;
@end

static int deallocs;

__attribute__((objc_root_class))
@interface Base <Greeter> {
  Class isa;
  int refs;
@public
  int base_val;
}
+ (id)alloc;
+ (id)new;
+ (Class)class;
- (Class)class;
- (id)init;
- (id)retain;
- (void)release;
- (void)dealloc;
- (int)refs;
+ (const char *)kind;
- (int)value;
- (double)half;
- (struct Vec3)vec;
- (struct Pair)pair;
@end

@implementation Base
+ (void)load { printf("+load %s\n", class_getName(self)); }
+ (void)initialize { printf("+initialize %s\n", class_getName(self)); }
+ (id)alloc {
  Base *b = class_createInstance(self, 0);
  b->refs = 1;
  return b;
}
+ (id)new { return [[self alloc] init]; }
+ (Class)class { return self; }
- (Class)class { return object_getClass(self); }
- (id)init {
  base_val = 10;
  return self;
}
- (id)retain {
  refs++;
  return self;
}
- (void)release {
  if (--refs == 0) [self dealloc];
}
- (void)dealloc {
  deallocs++;
  printf("dealloc %s\n", object_getClassName(self));
  object_dispose(self);
}
- (int)refs { return refs; }
+ (const char *)kind { return "base"; }
- (const char *)name { return "Base"; }
- (void)greet { printf("hello from %s (%s)\n", [self name], [[self class] kind]); }
- (int)value { return base_val; }
- (double)half { return base_val / 2.0; }
- (struct Vec3)vec {
  struct Vec3 v = {1, 2, base_val};
  return v;
}
- (struct Pair)pair {
  struct Pair p = {base_val, -base_val};
  return p;
}
@end

@interface Sub : Base {
@public
  int sub_val;
}
@property int count;
@property(nonatomic) double ratio;
@end

@implementation Sub
+ (void)load { printf("+load %s\n", class_getName(self)); }
+ (const char *)kind { return [super kind][0] == 'b' ? "sub of base" : "?"; }
- (id)init {
  self = [super init];
  sub_val = 5;
  return self;
}
- (const char *)name { return "Sub"; }
- (int)value { return [super value] + sub_val; }
@end

@interface Leaf : Sub
@end

@implementation Leaf
+ (void)initialize { printf("+initialize %s (its own)\n", class_getName(self)); }
- (const char *)name { return "Leaf"; }
@end

@interface Base (Extras)
- (int)twice;
@end

@implementation Base (Extras)
+ (void)load { printf("+load %s(Extras)\n", class_getName(self)); }
- (int)twice { return [self value] * 2; }
- (const char *)name { return "Base(Extras)"; }
@end

__attribute__((constructor)) static void ctor(void) { puts("constructor"); }

int main(void) {
  puts("main");
  Class B = objc_getClass("Base"), S = objc_getClass("Sub"), L = objc_getClass("Leaf");
  printf("classes: %s %s %s\n", class_getName(B), class_getName(S), class_getName(L));
  Base *b = [Base new];
  Sub *s = [[Sub alloc] init];
  Leaf *l = [Leaf new];
  printf("names: %s %s %s\n", [b name], [s name], [l name]);
  printf("kinds: %s %s %s\n", [Base kind], [Sub kind], [Leaf kind]);
  printf("values: %d %d %d\n", [b value], [s value], [l value]);
  printf("twice: %d %d\n", [b twice], [l twice]);
  [s greet];
  printf("half: %.2f %.2f\n", [b half], [l half]);
  struct Vec3 v = [l vec];
  printf("vec (stret): %g %g %g\n", v.x, v.y, v.z);
  struct Pair p = [s pair];
  printf("pair: %ld %ld\n", p.a, p.b);
  Base *nobody = nil;
  struct Pair np = [nobody pair];
  printf("nil: %d %g %d %ld %ld\n", [nobody value], [nobody half], [nobody name] == NULL, np.a, np.b);

  s.count = 7;
  s.ratio = 0.25;
  printf("properties: %d %.2f\n", s.count, s.ratio);
  objc_property_t prop = class_getProperty(S, "ratio");
  printf("property: %s %s\n", property_getName(prop), property_getAttributes(prop));
  Ivar iv = class_getInstanceVariable(S, "sub_val");
  printf("ivar %s: %d\n", ivar_getName(iv), *(int *)((char *)s + ivar_getOffset(iv)));
  printf("inherited ivar: %d, object_getIvar isa: %d\n",
         class_getInstanceVariable(L, "base_val") != NULL,
         object_getIvar(s, class_getInstanceVariable(B, "isa")) == (id)S);
  printf("sizes: %zu %zu %zu\n", class_getInstanceSize(B), class_getInstanceSize(S),
         class_getInstanceSize(L));

  printf("conforms: %d %d %d\n", class_conformsToProtocol(B, @protocol(Greeter)),
         class_conformsToProtocol(B, @protocol(Named)), class_conformsToProtocol(S, @protocol(Greeter)));
  Protocol *g = objc_getProtocol("Greeter");
  printf("protocol: %s %d %d\n", protocol_getName(g), protocol_conformsToProtocol(g, @protocol(Named)),
         objc_getProtocol("NoSuchProtocol") == NULL);

  printf("responds: %d %d %d %d\n", class_respondsToSelector(L, @selector(twice)),
         class_respondsToSelector(B, @selector(count)), class_respondsToSelector(object_getClass(L), @selector(kind)),
         class_respondsToSelector(L, @selector(kind)));
  printf("super: %s %d %d %d\n", class_getName(class_getSuperclass(L)), class_getSuperclass(B) == Nil,
         class_isMetaClass(object_getClass(B)), class_getSuperclass(object_getClass(B)) == B);
  printf("metaclass: %d %d\n", objc_getMetaClass("Leaf") == object_getClass(L),
         object_getClass(object_getClass(L)) == object_getClass(B));

  [s retain];
  printf("refs: %d\n", [s refs]);
  [s release];
  [s release];
  [l release];
  [b release];
  printf("deallocs: %d\n", deallocs);
  return 0;
}
