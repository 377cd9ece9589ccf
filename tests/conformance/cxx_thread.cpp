// Threads with exceptions thrown and caught inside threads, exceptions
// carried to another thread (exception_ptr, promise/future, async),
// thread_local objects with destructors, mutex/condition_variable
// hand-offs, call_once retried after a throwing attempt.
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <future>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

static std::mutex out_mu;
#define SAY(...)                                   \
    do {                                           \
        std::lock_guard<std::mutex> lk_(out_mu);   \
        printf(__VA_ARGS__);                       \
    } while (0)

static std::atomic<int> tl_destroyed{0};
struct PerThread {
    int id = -1;
    std::vector<int> data;
    ~PerThread() {
        if (id >= 0) tl_destroyed++;
    }
};
static thread_local PerThread per_thread;
static thread_local int tl_counter = 100;

__attribute__((noinline)) static int work(int id, int step) {
    if (step == id + 2) throw std::runtime_error("thread " + std::to_string(id) + " fails at " + std::to_string(step));
    return step * id;
}

static void worker(int id, std::vector<int>* results) {
    per_thread.id = id;
    int sum = 0;
    for (int step = 0; step < 6; step++) {
        try {
            sum += work(id, step);
            per_thread.data.push_back(step);
            tl_counter++;
        } catch (const std::exception& e) {
            sum += 1000;
        }
    }
    (*results)[id] = sum * 1000 + (int)per_thread.data.size() * 10 + (tl_counter - 100);
}

int main() {
    std::vector<int> results(4);
    std::vector<std::thread> ts;
    for (int i = 0; i < 4; i++) ts.emplace_back(worker, i, &results);
    for (auto& t : ts) t.join();
    for (int i = 0; i < 4; i++) printf("thread %d result %d\n", i, results[i]);
    printf("thread_local destructors run: %d\n", tl_destroyed.load());
    printf("main's tl_counter %d\n", tl_counter);

    // An exception carried from a thread to main.
    std::exception_ptr ep;
    std::thread t([&] {
        try {
            work(1, 3);
        } catch (...) {
            ep = std::current_exception();
        }
    });
    t.join();
    try {
        if (ep) std::rethrow_exception(ep);
    } catch (const std::runtime_error& e) {
        printf("main rethrew: %s\n", e.what());
    }

    // promise / future / async.
    std::promise<int> p;
    auto f = p.get_future();
    std::thread tp([&p] {
        try {
            work(0, 2);
            p.set_value(1);
        } catch (...) {
            p.set_exception(std::current_exception());
        }
    });
    try {
        printf("future value %d\n", f.get());
    } catch (const std::exception& e) {
        printf("future threw: %s\n", e.what());
    }
    tp.join();
    auto a = std::async(std::launch::async, [] { return work(2, 1) + 5; });
    auto b = std::async(std::launch::async, [] { return work(3, 5); });
    printf("async a = %d\n", a.get());
    try {
        b.get();
    } catch (const std::runtime_error& e) {
        printf("async b threw: %s\n", e.what());
    }
    try {
        std::promise<int> broken;
        auto bf = broken.get_future();
        { std::promise<int> gone = std::move(broken); }
        bf.get();
    } catch (const std::future_error& e) {
        printf("future_error broken_promise: %d\n", e.code() == std::future_errc::broken_promise);
    }

    // Producer/consumer with a condition variable; the consumer throws on a
    // poison value and the exception ends its loop.
    std::mutex mu;
    std::condition_variable cv;
    std::queue<int> q;
    long consumed = 0;
    std::string why;
    std::thread consumer([&] {
        try {
            for (;;) {
                std::unique_lock<std::mutex> lk(mu);
                cv.wait(lk, [&] { return !q.empty(); });
                int v = q.front();
                q.pop();
                if (v < 0) throw std::out_of_range("poison " + std::to_string(v));
                consumed += v;
            }
        } catch (const std::exception& e) {
            why = e.what();
        }
    });
    for (int i = 1; i <= 1000; i++) {
        {
            std::lock_guard<std::mutex> lk(mu);
            q.push(i);
        }
        cv.notify_one();
    }
    {
        std::lock_guard<std::mutex> lk(mu);
        q.push(-1);
    }
    cv.notify_one();
    consumer.join();
    printf("consumed %ld, stopped by: %s\n", consumed, why.c_str());

    // call_once: a throwing attempt leaves the flag unset.
    std::once_flag once;
    int attempts = 0;
    for (int i = 0; i < 3; i++) {
        try {
            std::call_once(once, [&] {
                attempts++;
                if (attempts < 2) throw std::runtime_error("not yet");
            });
        } catch (const std::exception& e) {
            printf("call_once attempt threw: %s\n", e.what());
        }
    }
    printf("call_once attempts %d\n", attempts);

    // Recursive and timed mutexes, lock with try_lock.
    std::recursive_mutex rm;
    rm.lock();
    printf("recursive try_lock again: %d\n", rm.try_lock());
    rm.unlock();
    rm.unlock();
    std::timed_mutex tm;
    tm.lock();
    std::thread other([&] { printf("timed try_lock_for from other thread: %d\n", tm.try_lock_for(std::chrono::milliseconds(20))); });
    other.join();
    tm.unlock();
    return 0;
}
