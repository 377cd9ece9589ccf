// Goroutines at work: a worker pool over channels, sync.Mutex/Once/
// WaitGroup, atomics, time.AfterFunc, select with default, and a tight
// loop on one P that only asynchronous preemption (SIGURG) can interrupt.
package main

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	jobs := make(chan int, 100)
	results := make(chan [2]int, 100)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				s := 0
				for k := 0; k <= j*1000; k++ {
					s += k % 13
				}
				results <- [2]int{j, s}
			}
		}()
	}
	for j := 0; j < 50; j++ {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	close(results)
	var all [][2]int
	for r := range results {
		all = append(all, r)
	}
	sort.Slice(all, func(a, b int) bool { return all[a][0] < all[b][0] })
	fmt.Println("jobs:", len(all), "first:", all[0], "last:", all[49])

	var once sync.Once
	var count int64
	var mu sync.Mutex
	total := 0
	var wg2 sync.WaitGroup
	for i := 0; i < 100; i++ {
		wg2.Add(1)
		go func(i int) {
			defer wg2.Done()
			once.Do(func() { fmt.Println("once") })
			atomic.AddInt64(&count, 1)
			mu.Lock()
			total += i
			mu.Unlock()
		}(i)
	}
	wg2.Wait()
	fmt.Println("count:", atomic.LoadInt64(&count), "total:", total)

	fired := make(chan string, 1)
	time.AfterFunc(10*time.Millisecond, func() { fired <- "afterfunc" })
	select {
	case s := <-fired:
		fmt.Println("unexpectedly early:", s)
	default:
		fmt.Println("not yet")
	}
	fmt.Println(<-fired)

	// One P, a goroutine spinning without calls: the timer goroutine only
	// runs if the spinner is preempted asynchronously.
	prev := runtime.GOMAXPROCS(1)
	var stop atomic.Bool
	done := make(chan int)
	go func() {
		n := 0
		for !stop.Load() {
			n++
		}
		done <- n
	}()
	time.Sleep(50 * time.Millisecond)
	stop.Store(true)
	fmt.Println("spinner stopped:", <-done > 0)
	runtime.GOMAXPROCS(prev)
}
