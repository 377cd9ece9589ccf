// Timers and sleeping through Go's darwin netpoller (kqueue): time.Sleep,
// time.Ticker, time.After, time.Timer.Reset/Stop, context deadlines, and
// goroutines woken by them.
package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

func main() {
	t0 := time.Now()
	time.Sleep(30 * time.Millisecond)
	fmt.Println("sleep >= 30ms:", time.Since(t0) >= 30*time.Millisecond)

	tk := time.NewTicker(5 * time.Millisecond)
	ticks := 0
	for range tk.C {
		ticks++
		if ticks == 5 {
			break
		}
	}
	tk.Stop()
	fmt.Println("ticks:", ticks)

	select {
	case <-time.After(10 * time.Millisecond):
		fmt.Println("after: fired")
	case <-time.After(5 * time.Second):
		fmt.Println("after: wrong timer")
	}

	tm := time.NewTimer(time.Hour)
	fmt.Println("stop pending timer:", tm.Stop())
	tm.Reset(5 * time.Millisecond)
	<-tm.C
	fmt.Println("reset timer fired")

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	<-ctx.Done()
	fmt.Println("context:", ctx.Err())

	// Many goroutines sleeping different amounts finish in order.
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	for i := 5; i >= 1; i-- {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			time.Sleep(time.Duration(i*15) * time.Millisecond)
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	fmt.Println("wake order:", order)

	// A channel with a timeout that does not expire.
	ch := make(chan int)
	go func() {
		time.Sleep(5 * time.Millisecond)
		ch <- 42
	}()
	select {
	case v := <-ch:
		fmt.Println("received:", v)
	case <-time.After(5 * time.Second):
		fmt.Println("timed out")
	}
}
