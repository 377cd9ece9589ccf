// Benchmark: 1M messages bounced between two goroutines over unbuffered
// channels, then a fan-out over 8 workers (scheduler, futex/semaphore
// wake-ups, timers idle).
package main

import (
	"fmt"
	"sync"
)

func main() {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	sum := 0
	for i := 0; i < 1000000; i++ {
		ping <- i
		sum += <-pong
	}
	close(ping)
	fmt.Println("ping-pong sum:", sum)

	work := make(chan int, 64)
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := 0
			for v := range work {
				local += v % 7
			}
			mu.Lock()
			total += local
			mu.Unlock()
		}()
	}
	for i := 0; i < 1000000; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	fmt.Println("fan-out total:", total)
}
