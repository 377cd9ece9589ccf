// The C++ standard library through libc++.1.dylib: containers, strings,
// streams, threads and their synchronisation, thread_local destructors,
// chrono, filesystem, polymorphic allocators, format, regex, random.
// Built for Linux (static libc++) and for macOS (dynamic libc++.1.dylib);
// both outputs must be identical. Run in an empty scratch directory.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <format>
#include <fstream>
#include <functional>
#include <future>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <memory_resource>
#include <mutex>
#include <numeric>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

namespace fs = std::filesystem;

static void strings_and_containers() {
    std::string s = "The quick brown fox";
    s += " jumps over the lazy dog";
    std::cout << "string: size=" << s.size() << " find(fox)=" << s.find("fox")
              << " substr=" << s.substr(4, 5) << " rfind(o)=" << s.rfind('o') << "\n";
    std::string big(1000, 'x');
    big.replace(10, 5, "hello");
    std::cout << "big: " << big.size() << " " << big.substr(8, 9) << " npos=" << (big.find("zzz") == std::string::npos) << "\n";
    std::cout << "to_string: " << std::to_string(-42) << " " << std::to_string(3.5) << " stoi=" << std::stoi("  123abc")
              << " stod=" << std::stod("2.5e3") << " stoull=" << std::stoull("ff", nullptr, 16) << "\n";

    std::vector<int> v(20);
    std::iota(v.begin(), v.end(), -5);
    std::reverse(v.begin(), v.end());
    std::stable_sort(v.begin(), v.end(), [](int a, int b) { return std::abs(a) < std::abs(b); });
    std::cout << "vector:";
    for (int x : v) std::cout << ' ' << x;
    std::cout << " sum=" << std::accumulate(v.begin(), v.end(), 0) << "\n";

    std::map<std::string, int> m;
    std::istringstream words("b a c a b a d");
    for (std::string w; words >> w;) m[w]++;
    std::cout << "map:";
    for (auto& [k, n] : m) std::cout << ' ' << k << '=' << n;
    std::cout << " lower_bound(bb)=" << m.lower_bound("bb")->first << "\n";

    std::unordered_map<std::string, std::vector<int>> um;
    for (int i = 0; i < 1000; i++) um["k" + std::to_string(i % 37)].push_back(i);
    std::set<std::string> keys;
    size_t total = 0;
    for (auto& [k, vec] : um) { keys.insert(k); total += vec.size(); }
    std::cout << "unordered_map: size=" << um.size() << " total=" << total << " first=" << *keys.begin()
              << " k5.size=" << um["k5"].size() << " count(k99)=" << um.count("k99") << "\n";

    std::optional<int> o;
    std::variant<int, std::string> var = std::string("variant");
    std::cout << "optional: " << o.value_or(7) << " variant: "
              << std::visit([](auto& x) { std::ostringstream t; t << x; return t.str(); }, var) << "\n";
    auto sp = std::make_shared<std::string>("shared");
    std::weak_ptr<std::string> wp = sp;
    std::cout << "shared_ptr: use_count=" << sp.use_count() << " lock=" << *wp.lock() << "\n";
    sp.reset();
    std::cout << "expired=" << wp.expired() << "\n";
    std::function<int(int)> f = [k = 3](int x) { return x * k; };
    std::cout << "function: " << f(14) << "\n";
}

static void streams() {
    std::cout << "iostream: " << std::setw(8) << std::setfill('*') << 42 << std::setfill(' ') << " hex=" << std::hex
              << 255 << std::dec << " oct=" << std::oct << 8 << std::dec << " bool=" << std::boolalpha << true
              << std::noboolalpha << "\n";
    std::cout << "float: " << 3.14159265358979 << " fixed=" << std::fixed << std::setprecision(3) << 2.0 / 3
              << " sci=" << std::scientific << 12345.678 << std::defaultfloat << std::setprecision(6) << "\n";
    std::stringstream ss;
    ss << "12 3.5 word -7";
    int a, d;
    double b;
    std::string c;
    ss >> a >> b >> c >> d;
    std::cout << "stringstream: " << a << " " << b << " " << c << " " << d << " eof=" << ss.eof() << "\n";
    std::istringstream bad("abc");
    int n = 5;
    bad >> n;
    std::cout << "bad parse: fail=" << bad.fail() << " n=" << n << "\n";
    std::wstringstream ws;
    ws << L"wide " << 123;
    std::wstring w = ws.str();
    std::cout << "wstring: size=" << w.size() << " last=" << char(w.back()) << "\n";

    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, 1.0 / 3);
    *r.ptr = 0;
    double back = 0;
    std::from_chars(buf, r.ptr, back);
    std::cout << "to_chars: " << buf << " roundtrip=" << (back == 1.0 / 3) << "\n";
    std::cout << std::format("format: {:>6}|{:<6}|{:^7}|{:08.3f}|{:#x}|{}\n", "r", "l", "mid", 3.14159, 255, true);
    std::cout << std::format("{} {:e} {:g} {}\n", 1e100, 0.000123, 1e-5, std::vector<int>{1, 2, 3}.size());

    {
        std::ofstream out("stream.txt");
        out << "line one\nline two\n" << 99 << "\n";
    }
    std::ifstream in("stream.txt");
    std::string line, last;
    int lines = 0;
    while (std::getline(in, line)) { lines++; last = line; }
    std::cout << "fstream: lines=" << lines << " last=" << last << " eof=" << in.eof() << "\n";
    std::cerr << "to stderr\n";
}

struct TlsCounter {
    static std::atomic<int> destroyed;
    int value = 0;
    ~TlsCounter() { destroyed += value; }
};
std::atomic<int> TlsCounter::destroyed{0};
thread_local TlsCounter tls_counter;

static void threads() {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<int> queue;
    bool done = false;
    long consumed = 0;
    std::thread consumer([&] {
        std::unique_lock lk(mu);
        for (;;) {
            cv.wait(lk, [&] { return !queue.empty() || done; });
            while (!queue.empty()) { consumed += queue.back(); queue.pop_back(); }
            if (done) break;
        }
    });
    std::vector<std::thread> producers;
    for (int t = 0; t < 4; t++)
        producers.emplace_back([&, t] {
            for (int i = 1; i <= 250; i++) {
                std::lock_guard g(mu);
                queue.push_back(i * (t + 1));
                cv.notify_one();
            }
            tls_counter.value = t + 1;  // destroyed at thread exit
        });
    for (auto& p : producers) p.join();
    {
        std::lock_guard g(mu);
        done = true;
    }
    cv.notify_all();
    consumer.join();
    std::cout << "threads: consumed=" << consumed << " tls destructors=" << TlsCounter::destroyed.load() << "\n";

    std::atomic<long> counter{0};
    std::vector<std::jthread> js;
    for (int t = 0; t < 8; t++)
        js.emplace_back([&] { for (int i = 0; i < 10000; i++) counter.fetch_add(1, std::memory_order_relaxed); });
    js.clear();
    std::cout << "atomic: " << counter.load() << "\n";

    std::once_flag once;
    int calls = 0;
    std::vector<std::thread> ts;
    for (int t = 0; t < 4; t++) ts.emplace_back([&] { std::call_once(once, [&] { calls++; }); });
    for (auto& t : ts) t.join();
    std::shared_mutex smu;
    { std::shared_lock r1(smu); std::shared_lock r2(smu); }
    { std::unique_lock w(smu); }
    std::cout << "call_once: " << calls << "\n";

    auto fut = std::async(std::launch::async, [] { return 6 * 7; });
    std::promise<std::string> prom;
    auto pf = prom.get_future();
    std::thread([&] { prom.set_value("promised"); }).join();
    std::cout << "future: " << fut.get() << " " << pf.get() << "\n";

    std::unique_lock lk(mu);
    auto t0 = std::chrono::steady_clock::now();
    bool woke = cv.wait_for(lk, std::chrono::milliseconds(30), [] { return false; });
    auto waited = std::chrono::steady_clock::now() - t0;
    std::cout << "wait_for: pred=" << woke << " waited>=30ms: " << (waited >= std::chrono::milliseconds(30)) << "\n";
    std::cout << "hardware_concurrency>0: " << (std::thread::hardware_concurrency() > 0)
              << " this_thread id differs: " << (std::this_thread::get_id() != std::thread::id()) << "\n";
}

static void chrono_calendar() {
    using namespace std::chrono;
    auto d = hours(1) + minutes(30) + seconds(15);
    std::cout << "duration: " << duration_cast<seconds>(d).count() << "s " << duration_cast<minutes>(d) << "\n";
    year_month_day ymd{year(2024), month(2), day(29)};
    sys_days sd = ymd;
    year_month_day next = sys_days(sd + days(1));
    std::cout << "calendar: ok=" << ymd.ok() << " +1d=" << int(next.year()) << "-" << unsigned(next.month()) << "-"
              << unsigned(next.day()) << " weekday=" << weekday(sd).c_encoding()
              << " epoch days=" << sd.time_since_epoch().count() << "\n";
    std::cout << std::format("chrono format: {:%Y-%m-%d %H:%M:%S}\n", sys_seconds(sd) + hours(13) + minutes(5));
    auto now = system_clock::now();
    std::cout << "system_clock after 2020: " << (now > sys_days(year(2020) / 1 / 1)) << "\n";
    auto a = steady_clock::now(), b = steady_clock::now();
    std::cout << "steady monotonic: " << (b >= a) << "\n";
    std::this_thread::sleep_for(milliseconds(5));
    std::cout << "slept 5ms: " << (steady_clock::now() - b >= milliseconds(5)) << "\n";
}

static void filesystem() {
    fs::path root = fs::current_path() / "fsroot";
    fs::create_directories(root / "a" / "b");
    std::ofstream(root / "a" / "one.txt") << "12345";
    std::ofstream(root / "a" / "b" / "two.dat") << std::string(300, 'z');
    std::ofstream(root / "top.txt") << "t";
    fs::create_symlink("top.txt", root / "link");
    std::vector<std::string> seen;
    for (auto& e : fs::recursive_directory_iterator(root))
        seen.push_back(e.path().lexically_relative(root).generic_string() + (e.is_directory() ? "/" : "") +
                       (e.is_symlink() ? "@" : ""));
    std::sort(seen.begin(), seen.end());
    std::cout << "walk:";
    for (auto& s : seen) std::cout << ' ' << s;
    std::cout << "\n";
    std::cout << "file_size: " << fs::file_size(root / "a" / "one.txt") << " " << fs::file_size(root / "a/b/two.dat")
              << " is_regular=" << fs::is_regular_file(root / "top.txt") << " read_symlink="
              << fs::read_symlink(root / "link").string() << " equivalent="
              << fs::equivalent(root / "link", root / "top.txt") << "\n";
    fs::rename(root / "top.txt", root / "renamed.txt");
    fs::copy_file(root / "a" / "one.txt", root / "copy.txt");
    fs::resize_file(root / "copy.txt", 2);
    std::cout << "after rename: exists(top)=" << fs::exists(root / "top.txt") << " exists(renamed)="
              << fs::exists(root / "renamed.txt") << " copy size=" << fs::file_size(root / "copy.txt") << "\n";
    fs::permissions(root / "copy.txt", fs::perms::owner_read | fs::perms::owner_write);
    auto p = fs::status(root / "copy.txt").permissions();
    std::cout << "perms: " << std::oct << static_cast<unsigned>(p) << std::dec << "\n";
    auto t0 = fs::last_write_time(root / "copy.txt");
    fs::last_write_time(root / "copy.txt", t0 - std::chrono::hours(24));
    // (file_time_type counts in __int128: compare rather than divide, which
    // would call compiler-rt's __divti3.)
    std::cout << "last_write_time moved 24h: "
              << (t0 - fs::last_write_time(root / "copy.txt") == std::chrono::hours(24)) << "\n";
    std::error_code ec;
    (void)fs::file_size(root / "missing", ec);
    std::cout << "missing: ec=" << (ec == std::errc::no_such_file_or_directory) << "\n";
    fs::remove(root / "a" / "b", ec);
    std::cout << "remove non-empty dir: ec=" << (ec == std::errc::directory_not_empty) << "\n";
    auto space = fs::space(root);
    std::cout << "space: capacity>0=" << (space.capacity > 0) << "\n";
    std::cout << "removed: " << fs::remove_all(root) << " exists=" << fs::exists(root) << "\n";
    fs::path pp("/usr/local/lib/libfoo.so.1");
    std::cout << "path: parent=" << pp.parent_path() << " filename=" << pp.filename() << " stem=" << pp.stem()
              << " ext=" << pp.extension() << " lexically_normal=" << fs::path("a/./b/../c").lexically_normal()
              << " relative=" << fs::path("/a/b/c").lexically_relative("/a/d") << "\n";
    std::cout << "temp_directory_path absolute: " << fs::temp_directory_path().is_absolute() << "\n";
}

static void pmr() {
    std::byte buffer[4096];
    std::pmr::monotonic_buffer_resource mono(buffer, sizeof buffer, std::pmr::null_memory_resource());
    std::pmr::vector<std::pmr::string> names(&mono);
    for (int i = 0; i < 20; i++) names.emplace_back("name-" + std::to_string(i));
    std::cout << "pmr monotonic: " << names.size() << " " << names.back() << " in buffer="
              << (reinterpret_cast<std::byte*>(names.data()) >= buffer &&
                  reinterpret_cast<std::byte*>(names.data()) < buffer + sizeof buffer)
              << "\n";
    std::pmr::monotonic_buffer_resource tiny(64, std::pmr::new_delete_resource());
    std::pmr::unsynchronized_pool_resource pool(&tiny);
    std::pmr::map<int, std::pmr::string> pm(&pool);
    for (int i = 0; i < 100; i++) pm.emplace(i, std::pmr::string(40, char('a' + i % 26), &pool));
    std::cout << "pmr pool: " << pm.size() << " " << pm[99].substr(0, 3) << "\n";
    std::pmr::synchronized_pool_resource spool;
    void* blk = spool.allocate(100, 16);
    spool.deallocate(blk, 100, 16);
    std::cout << "pmr default is new_delete: " << (std::pmr::get_default_resource() == std::pmr::new_delete_resource())
              << " aligned: " << (reinterpret_cast<uintptr_t>(blk) % 16 == 0) << "\n";
}

static void misc() {
    std::mt19937 gen(12345);
    std::uniform_int_distribution<int> dist(1, 6);
    std::cout << "mt19937:";
    for (int i = 0; i < 8; i++) std::cout << ' ' << dist(gen);
    std::cout << " raw=" << gen() << "\n";
    std::regex re(R"((\w+)@(\w+)\.com)");
    std::string text = "mail alice@example.com and bob@test.com now";
    std::cout << "regex:";
    for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it)
        std::cout << ' ' << (*it)[1] << '/' << (*it)[2];
    std::cout << " replace=" << std::regex_replace(text, re, "<$1>") << "\n";
    auto& ct = std::use_facet<std::ctype<char>>(std::locale::classic());
    std::string up = "Mixed Case 123";
    ct.toupper(up.data(), up.data() + up.size());
    std::cout << "ctype: " << up << " isdigit(7)=" << ct.is(std::ctype_base::digit, '7') << "\n";
    std::error_code ec = std::make_error_code(std::errc::permission_denied);
    std::cout << "error_code: category=" << ec.category().name() << " value==EACCES: " << (ec.value() == EACCES)
              << "\n";
}

int main() {
    std::cout << "__cplusplus=" << __cplusplus << "\n";
    strings_and_containers();
    streams();
    threads();
    chrono_calendar();
    filesystem();
    pmr();
    misc();
    std::cout << "done" << std::endl;
    return 3;
}
