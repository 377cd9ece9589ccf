// Return conventions through our messaging trampolines: struct returns
// (objc_msgSend_stret, objc_msgSendSuper2_stret, also to a class), long
// double (objc_msgSend_fpret, x87) including a nil receiver's 0, repeated
// sends that hit the method cache.
#include <objc/runtime.h>
#include <stdio.h>
struct V { double a, b, c; };
__attribute__((objc_root_class))
@interface A { Class isa; }
+ (void)initialize; + (id)make; - (struct V)v; - (long double)ld; + (struct V)cv;
@end
@implementation A
+ (void)initialize {}
+ (id)make { return class_createInstance(self, 0); }
- (struct V)v { struct V x = {1, 2, 3}; return x; }
- (long double)ld { return 2.5L; }
+ (struct V)cv { struct V x = {7, 8, 9}; return x; }
@end
@interface B : A @end
@implementation B
- (struct V)v { struct V x = [super v]; x.c *= 10; return x; }
- (long double)ld { return [super ld] * 2; }
+ (struct V)cv { struct V x = [super cv]; x.a = -1; return x; }
@end
int main(void) {
  id b = [objc_getClass("B") make];
  struct V v = [b v];
  struct V c = [objc_getClass("B") cv];
  A *n = nil;
  printf("%g %g %g | %Lg | %g %g %g | nil ld %Lg\n", v.a, v.b, v.c, [b ld], c.a, c.b, c.c, [n ld]);
  for (int i = 0; i < 3; i++) { v = [b v]; }
  printf("%g\n", v.c);
}
