// darwin-differs: libnotify (<notify.h>: notify_register_check, notify_is_valid_token, notify_cancel; NOTIFY_STATUS_INVALID_TOKEN is 2) and libxpc dates (<xpc/xpc.h>: xpc_date_create, xpc_date_get_value returns 0 for a non-date, XPC_TYPE_DATE) exist only on macOS
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#ifdef __APPLE__
#include <xpc/xpc.h>
/* <notify.h> is not in zig's macOS headers. */
uint32_t notify_register_check(const char *name, int *out_token);
uint32_t notify_cancel(int token);
int notify_is_valid_token(int val);
#endif

int main(void) {
#ifdef __APPLE__
    int a = -1, b = -1;
    printf("register a: %u\n", notify_register_check("self.calvados.rb.a", &a));
    printf("register b: %u\n", notify_register_check("self.calvados.rb.b", &b));
    printf("distinct: %d\n", a != b);
    printf("valid a b: %d %d\n", notify_is_valid_token(a) != 0, notify_is_valid_token(b) != 0);
    printf("cancel a: %u\n", notify_cancel(a));
    printf("valid a after cancel: %d\n", notify_is_valid_token(a) != 0);
    printf("cancel a again: %u\n", notify_cancel(a));
    printf("valid b: %d\n", notify_is_valid_token(b) != 0);
    printf("cancel b: %u\n", notify_cancel(b));
    printf("valid -1: %d\n", notify_is_valid_token(-1) != 0);

    xpc_object_t d = xpc_date_create(-1234567890123LL);
    printf("date value: %lld\n", (long long)xpc_date_get_value(d));
    printf("is date: %d\n", xpc_get_type(d) == XPC_TYPE_DATE);
    xpc_object_t r = xpc_retain(d);
    printf("retain same: %d\n", r == d);
    xpc_release(r);
    xpc_release(d);
    xpc_object_t now = xpc_date_create_from_current();
    long long ns = (long long)xpc_date_get_value(now);
    long long sys = (long long)time(NULL);
    printf("now within 5 s: %d\n", ns / 1000000000LL >= sys - 5 && ns / 1000000000LL <= sys + 5);
    xpc_release(now);
#else
    puts("libnotify and libxpc are macOS-only");
#endif
    return 0;
}
