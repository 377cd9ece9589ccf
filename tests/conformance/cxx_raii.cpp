// Destructors during unwinding (order), rethrow with `throw;`, nested try
// blocks, catch(...), exception_ptr and rethrow_exception, nested
// exceptions, function-try-blocks, partially constructed objects,
// uncaught_exceptions, and the standard exception types thrown by the
// library itself.
#include <any>
#include <cstdio>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <typeinfo>
#include <variant>
#include <vector>

struct Noisy {
    const char* name;
    explicit Noisy(const char* n) : name(n) { printf("  ctor %s\n", name); }
    ~Noisy() { printf("  dtor %s (uncaught %d)\n", name, std::uncaught_exceptions()); }
};

struct MyErr : std::runtime_error {
    int code;
    MyErr(const std::string& m, int c) : std::runtime_error(m), code(c) {}
};

__attribute__((noinline)) void level3(int how) {
    Noisy n("level3");
    if (how == 1) throw MyErr("from level3", 3);
    if (how == 2) throw 42;
    if (how == 3) throw std::string("a string");
}
__attribute__((noinline)) void level2(int how) {
    Noisy a("level2.a");
    {
        Noisy b("level2.b");
        level3(how);
    }
    Noisy c("level2.c");
}
__attribute__((noinline)) void level1(int how) {
    Noisy n("level1");
    try {
        level2(how);
    } catch (const MyErr& e) {
        printf("  level1 saw MyErr(%d), rethrowing\n", e.code);
        throw;
    }
}

struct Part {
    Noisy a{"part.a"};
    Noisy b{"part.b"};
    Part() {
        printf("  Part body throws\n");
        throw std::logic_error("Part ctor");
    }
    ~Part() { printf("  ~Part (never)\n"); }
};

struct Holder {
    Part p;
    Holder() try : p() {
    } catch (const std::exception& e) {
        printf("  function-try-block caught %s\n", e.what());
        // rethrown implicitly
    }
};

__attribute__((noinline)) void nested_thrower() {
    try {
        throw std::runtime_error("inner");
    } catch (...) {
        std::throw_with_nested(std::logic_error("outer"));
    }
}

static void print_nested(const std::exception& e, int depth) {
    printf("  %*s%s\n", depth * 2, "", e.what());
    try {
        std::rethrow_if_nested(e);
    } catch (const std::exception& inner) {
        print_nested(inner, depth + 1);
    }
}

template <class F>
static void expect(const char* what, F f) {
    try {
        f();
        printf("%s: no exception\n", what);
    } catch (const std::out_of_range&) {
        printf("%s: out_of_range\n", what);
    } catch (const std::invalid_argument&) {
        printf("%s: invalid_argument\n", what);
    } catch (const std::bad_variant_access&) {
        printf("%s: bad_variant_access\n", what);
    } catch (const std::bad_optional_access&) {
        printf("%s: bad_optional_access\n", what);
    } catch (const std::bad_any_cast&) {
        printf("%s: bad_any_cast\n", what);
    } catch (const std::bad_function_call&) {
        printf("%s: bad_function_call\n", what);
    } catch (const std::bad_cast&) {
        printf("%s: bad_cast\n", what);
    } catch (const std::bad_weak_ptr&) {
        printf("%s: bad_weak_ptr\n", what);
    } catch (const std::bad_alloc&) {
        printf("%s: bad_alloc\n", what);
    } catch (const std::length_error&) {
        printf("%s: length_error\n", what);
    } catch (const std::system_error& e) {
        printf("%s: system_error %s\n", what, e.code() == std::errc::invalid_argument ? "EINVAL" : "other");
    } catch (...) {
        printf("%s: something else\n", what);
    }
}

struct Base {
    virtual ~Base() = default;
};
struct Derived : Base {};
struct Other : Base {};

int main() {
    for (int how = 1; how <= 3; how++) {
        printf("how=%d\n", how);
        try {
            level1(how);
        } catch (const std::exception& e) {
            printf("  main caught std::exception: %s\n", e.what());
        } catch (int i) {
            printf("  main caught int %d\n", i);
        } catch (...) {
            printf("  main caught something else\n");
            try {
                throw;
            } catch (const std::string& s) {
                printf("  rethrown in nested try: string '%s'\n", s.c_str());
            }
        }
    }

    printf("partial construction\n");
    try {
        Holder h;
    } catch (const std::logic_error& e) {
        printf("  main caught %s\n", e.what());
    }

    printf("exception_ptr\n");
    std::exception_ptr saved;
    try {
        level3(1);
    } catch (...) {
        saved = std::current_exception();
    }
    printf("  saved: %d, uncaught now %d\n", (bool)saved, std::uncaught_exceptions());
    for (int i = 0; i < 2; i++) {
        try {
            std::rethrow_exception(saved);
        } catch (const MyErr& e) {
            printf("  rethrow_exception #%d: %s code %d\n", i, e.what(), e.code);
        }
    }
    auto made = std::make_exception_ptr(std::out_of_range("made"));
    try {
        std::rethrow_exception(made);
    } catch (const std::logic_error& e) {
        printf("  make_exception_ptr: %s (is out_of_range %d)\n", e.what(),
               dynamic_cast<const std::out_of_range*>(&e) != nullptr);
    }

    printf("nested\n");
    try {
        nested_thrower();
    } catch (const std::exception& e) {
        print_nested(e, 0);
    }

    printf("library exceptions\n");
    expect("vector.at", [] { std::vector<int> v(3); (void)v.at(3); });
    expect("string.substr", [] { (void)std::string("abc").substr(4); });
    expect("stoi", [] { (void)std::stoi("xyz"); });
    expect("stol range", [] { (void)std::stol("99999999999999999999999"); });
    expect("map.at", [] { std::map<int, int> m; (void)m.at(1); });
    expect("variant", [] { std::variant<int, double> v = 1; (void)std::get<double>(v); });
    expect("optional", [] { std::optional<int> o; (void)o.value(); });
    expect("any_cast", [] { std::any a = 1; (void)std::any_cast<double>(a); });
    expect("function", [] { std::function<void()> f; f(); });
    expect("dynamic_cast", [] { Derived d; Base& b = d; (void)dynamic_cast<Other&>(b); });
    expect("weak_ptr", [] { std::weak_ptr<int> w; std::shared_ptr<int> s(w); });
    expect("new huge", [] { size_t n = (size_t)1 << 62; volatile char* p = new char[n]; p[0] = 1; });
    expect("reserve", [] { std::vector<int> v; v.reserve(v.max_size() + 1); });
    expect("system_error", [] { throw std::system_error(std::make_error_code(std::errc::invalid_argument), "x"); });
    expect("none", [] {});

    printf("typeid through exception: %s\n", typeid(MyErr).name());
    return 0;
}
