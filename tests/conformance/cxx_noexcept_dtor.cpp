// A destructor throwing while another exception unwinds the stack calls
// the terminate handler (here a handler that reports and exits with status 4).
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>

static void on_terminate() {
    printf("terminate: uncaught %d\n", std::uncaught_exceptions());
    try {
        throw;
    } catch (const std::exception& e) {
        printf("  rethrown in handler: %s\n", e.what());
    } catch (...) {
        printf("  nothing to rethrow\n");
    }
    fflush(stdout);
    _Exit(4);
}

struct ThrowsInDtor {
    ~ThrowsInDtor() noexcept(false) {
        printf("  destructor throws while unwinding (uncaught %d)\n", std::uncaught_exceptions());
        throw std::logic_error("from a destructor");
    }
};

__attribute__((noinline)) void double_trouble() {
    ThrowsInDtor t;
    throw std::runtime_error("first");
}

int main() {
    std::set_terminate(on_terminate);
    try {
        double_trouble();
    } catch (...) {
        printf("caught in main (not expected)\n");
    }
    return 0;
}
