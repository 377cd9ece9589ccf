// The chrono library: steady_clock monotonicity, sleep_for lower bound, duration
// arithmetic, casts and formatting, system_clock/time_t round trip,
// calendar dates.
// cflags: -std=c++20
#include <chrono>
#include <cstdio>
#include <ctime>
#include <sstream>
#include <string>
#include <thread>

using namespace std::chrono;
using namespace std::chrono_literals;

int main() {
    auto t0 = steady_clock::now();
    bool mono = true;
    auto prev = t0;
    for (int i = 0; i < 100000; i++) {
        auto now = steady_clock::now();
        if (now < prev) mono = false;
        prev = now;
    }
    printf("steady monotonic: %d is_steady: %d\n", mono, steady_clock::is_steady);
    auto before = steady_clock::now();
    std::this_thread::sleep_for(30ms);
    auto slept = duration_cast<milliseconds>(steady_clock::now() - before);
    printf("slept at least 30ms: %d, less than 5s: %d\n", slept >= 30ms, slept < 5s);
    auto hr0 = high_resolution_clock::now();
    auto hr1 = high_resolution_clock::now();
    printf("high_resolution non-negative: %d\n", hr1 - hr0 >= nanoseconds(0));

    auto d = 1h + 23min + 45s + 678ms;
    printf("total ms %lld\n", (long long)duration_cast<milliseconds>(d).count());
    printf("as minutes %lld, as hours (double) %.4f\n", (long long)duration_cast<minutes>(d).count(),
           duration<double, std::ratio<3600>>(d).count());
    auto h = duration_cast<hours>(d);
    auto m = duration_cast<minutes>(d - h);
    auto s = duration_cast<seconds>(d - h - m);
    printf("hh:mm:ss %02lld:%02lld:%02lld\n", (long long)h.count(), (long long)m.count(), (long long)s.count());
    printf("floor/ceil/round of 2.5s in s: %lld %lld %lld\n", (long long)floor<seconds>(2500ms).count(),
           (long long)ceil<seconds>(2500ms).count(), (long long)round<seconds>(2500ms).count());
    std::ostringstream os;
    os << 250ms << ' ' << 3s << ' ' << 5min << ' ' << 2h << ' ' << 7us << ' ' << 9ns;
    printf("stream: %s\n", os.str().c_str());

    auto now = system_clock::now();
    std::time_t tt = system_clock::to_time_t(now);
    auto back = system_clock::from_time_t(tt);
    printf("time_t round trip within 1s: %d\n", now - back < 1s && now >= back);
    printf("after 2020: %d\n", tt > 1577836800);

    std::time_t fixed = 1700000000;
    auto tp = system_clock::from_time_t(fixed);
    auto day = floor<days>(tp);
    year_month_day ymd{day};
    hh_mm_ss<seconds> tod{floor<seconds>(tp - day)};
    printf("ymd %d-%02u-%02u %02lld:%02lld:%02lld weekday %u\n", (int)ymd.year(), (unsigned)ymd.month(),
           (unsigned)ymd.day(), (long long)tod.hours().count(), (long long)tod.minutes().count(),
           (long long)tod.seconds().count(), weekday{day}.c_encoding());
    year_month_day leap = 2024y / February / last;
    printf("last day of Feb 2024: %u, valid 2023-02-29: %d\n", (unsigned)leap.day(), (2023y / 2 / 29).ok());
    auto diff = sys_days{2025y / 1 / 1} - sys_days{2024y / 1 / 1};
    printf("days in 2024: %lld\n", (long long)diff.count());
    return 0;
}
