// An exception leaving a noexcept function calls std::terminate, here a
// handler installed with set_terminate that reports the current exception
// and exits with status 3. The frames between the throw and the noexcept
// function are unwound (their destructors run) before terminate is called.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>

struct Noisy {
    const char* name;
    ~Noisy() { printf("  dtor %s\n", name); }
};

static void on_terminate() {
    printf("terminate handler: uncaught %d\n", std::uncaught_exceptions());
    if (auto ep = std::current_exception()) {
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            printf("  current exception: %s\n", e.what());
        } catch (...) {
            printf("  current exception of another type\n");
        }
    } else {
        printf("  no current exception\n");
    }
    fflush(stdout);
    _Exit(3);
}

__attribute__((noinline)) void inner() {
    Noisy n{"inner"};
    throw std::runtime_error("escaping a noexcept function");
}

__attribute__((noinline)) void promise_nothrow() noexcept {
    Noisy n{"promise_nothrow"};
    inner();
}

int main() {
    std::set_terminate(on_terminate);
    printf("get_terminate is ours: %d\n", std::get_terminate() == on_terminate);
    try {
        Noisy n{"main try"};
        promise_nothrow();
    } catch (...) {
        printf("caught in main (not expected)\n");
    }
    return 0;
}
