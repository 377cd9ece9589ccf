// C++ exceptions through libc++abi.dylib and the system unwinder
// (_Unwind_* in libSystem): throw/catch by type and base class, rethrow,
// unwinding destructors, exception_ptr across threads, nested exceptions,
// noexcept, and the exceptions libc++ itself throws. Built for Linux and
// for macOS; outputs must be identical.
#include <any>
#include <exception>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <typeinfo>
#include <vector>

struct Tracer {
    std::string name;
    explicit Tracer(std::string n) : name(std::move(n)) { std::cout << "  ctor " << name << "\n"; }
    ~Tracer() { std::cout << "  dtor " << name << "\n"; }
};

struct MyError : std::runtime_error {
    int code;
    MyError(const std::string& what, int c) : std::runtime_error(what), code(c) {}
};

[[gnu::noinline]] static void deep(int n) {
    Tracer t("level" + std::to_string(n));
    if (n == 0) throw MyError("bottom reached", 42);
    deep(n - 1);
}

static void basic() {
    try {
        deep(3);
    } catch (const MyError& e) {
        std::cout << "caught MyError: " << e.what() << " code=" << e.code << "\n";
    }
    try {
        deep(1);
    } catch (const std::exception& e) {
        std::cout << "caught as std::exception: " << e.what() << " typeid=" << (typeid(e) == typeid(MyError)) << "\n";
    }
    try {
        throw 7;
    } catch (long) {
        std::cout << "wrong: long\n";
    } catch (int i) {
        std::cout << "caught int " << i << "\n";
    }
    try {
        throw "c-string";
    } catch (const char* s) {
        std::cout << "caught const char* " << s << "\n";
    }
    try {
        try {
            throw std::logic_error("inner");
        } catch (std::exception&) {
            std::cout << "rethrowing\n";
            throw;
        }
    } catch (const std::logic_error& e) {
        std::cout << "caught rethrown " << e.what() << "\n";
    }
    try {
        throw std::make_unique<int>(5);  // throw a move-only object
    } catch (std::unique_ptr<int>& p) {
        std::cout << "caught unique_ptr " << *p << "\n";
    }
    try {
        std::function<void()> f = [] { throw std::out_of_range("from lambda"); };
        f();
    } catch (...) {
        auto ep = std::current_exception();
        try {
            std::rethrow_exception(ep);
        } catch (const std::out_of_range& e) {
            std::cout << "catch(...) + rethrow_exception: " << e.what() << "\n";
        }
    }
}

static void library_exceptions() {
    std::vector<int> v(3);
    try {
        (void)v.at(10);
    } catch (const std::out_of_range&) {
        std::cout << "vector::at threw out_of_range\n";
    }
    try {
        (void)std::stoi("not a number");
    } catch (const std::invalid_argument&) {
        std::cout << "stoi threw invalid_argument\n";
    }
    try {
        (void)std::stoi("99999999999999999999");
    } catch (const std::out_of_range&) {
        std::cout << "stoi threw out_of_range\n";
    }
    std::map<int, int> m;
    try {
        (void)m.at(1);
    } catch (const std::out_of_range&) {
        std::cout << "map::at threw out_of_range\n";
    }
    try {
        std::any a = 1;
        (void)std::any_cast<std::string>(a);
    } catch (const std::bad_any_cast& e) {
        std::cout << "bad_any_cast caught, is bad_cast: " << (dynamic_cast<const std::bad_cast*>(&e) != nullptr) << "\n";
    }
    try {
        std::optional<int> o;
        (void)o.value();
    } catch (const std::bad_optional_access&) {
        std::cout << "bad_optional_access caught\n";
    }
    try {
        std::string s;
        s.reserve(s.max_size() + 1);
    } catch (const std::length_error&) {
        std::cout << "length_error caught\n";
    }
    try {
        throw std::system_error(std::make_error_code(std::errc::no_such_file_or_directory), "opening");
    } catch (const std::system_error& e) {
        std::cout << "system_error: code==ENOENT " << (e.code() == std::errc::no_such_file_or_directory) << "\n";
    }
    try {
        std::function<void()> empty;
        empty();
    } catch (const std::bad_function_call&) {
        std::cout << "bad_function_call caught\n";
    }
    try {
        struct B { virtual ~B() = default; };
        struct D : B {};
        B b;
        (void)dynamic_cast<D&>(b);
    } catch (const std::bad_cast&) {
        std::cout << "bad_cast caught\n";
    }
    try {
        volatile size_t huge = static_cast<size_t>(-1) / 8;
        auto* p = new int[huge];
        delete[] p;
    } catch (const std::bad_alloc&) {
        std::cout << "bad_alloc caught\n";
    }
}

static void threads_and_nesting() {
    std::exception_ptr ep;
    std::thread t([&] {
        try {
            throw MyError("from thread", 9);
        } catch (...) {
            ep = std::current_exception();
        }
    });
    t.join();
    try {
        std::rethrow_exception(ep);
    } catch (const MyError& e) {
        std::cout << "exception_ptr across threads: " << e.what() << " " << e.code << "\n";
    }
    auto fut = std::async(std::launch::async, []() -> int { throw std::runtime_error("async failure"); });
    try {
        (void)fut.get();
    } catch (const std::runtime_error& e) {
        std::cout << "future::get rethrew: " << e.what() << "\n";
    }
    try {
        try {
            throw std::runtime_error("low level");
        } catch (...) {
            std::throw_with_nested(std::logic_error("high level"));
        }
    } catch (const std::logic_error& e) {
        std::cout << "nested outer: " << e.what() << "\n";
        try {
            std::rethrow_if_nested(e);
        } catch (const std::runtime_error& inner) {
            std::cout << "nested inner: " << inner.what() << "\n";
        }
    }
    std::cout << "uncaught_exceptions: " << std::uncaught_exceptions() << "\n";
    struct Checker {
        ~Checker() { std::cout << "  in dtor during unwind, uncaught=" << std::uncaught_exceptions() << "\n"; }
    };
    try {
        Checker c;
        throw 1;
    } catch (int) {
    }
    auto make = std::make_exception_ptr(std::domain_error("made"));
    try {
        std::rethrow_exception(make);
    } catch (const std::domain_error& e) {
        std::cout << "make_exception_ptr: " << e.what() << "\n";
    }
}

[[gnu::noinline]] static void thrower() { throw std::runtime_error("escapes noexcept"); }
static void no_throw() noexcept { thrower(); }  // std::terminate

int main() {
    basic();
    library_exceptions();
    threads_and_nesting();
    std::set_terminate([] {
        std::cout << "terminate handler called" << std::endl;
        std::_Exit(5);
    });
    no_throw();
    return 0;
}
