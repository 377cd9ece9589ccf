// Asynchronous preemption: goroutines spinning in loops without calls
// can only be stopped by the runtime's preemption signal (SIGURG), whose
// handler rewrites the interrupted context to call asyncPreempt. Each
// scenario finishes only if that works.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var sink uint64

//go:noinline
func spin(stop *uint32) uint64 {
	var x uint64 = 1
	for atomic.LoadUint32(stop) == 0 {
		for i := 0; i < 1000; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
	return x
}

//go:noinline
func spinForever() uint64 {
	var x uint64 = 1
	for {
		x = x*6364136223846793005 + 1442695040888963407
		if x == 0 {
			return x
		}
	}
}

func scenario(procs, spinners int) {
	runtime.GOMAXPROCS(procs)
	var stop uint32
	var wg sync.WaitGroup
	for i := 0; i < spinners; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddUint64(&sink, spin(&stop))
		}()
	}
	// The spinners hold every P: the main goroutine only runs again
	// after sleeping if one of them is preempted.
	time.Sleep(20 * time.Millisecond)
	// A stop-the-world GC must preempt all of them.
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	atomic.StoreUint32(&stop, 1)
	wg.Wait()
	fmt.Printf("GOMAXPROCS=%d spinners=%d: preempted, gc ran: %v\n", procs, spinners, ms.NumGC >= 1)
}

func main() {
	deadline := time.AfterFunc(60*time.Second, func() {
		fmt.Println("deadline: preemption does not work")
		os.Exit(2)
	})
	for round := 0; round < 2; round++ {
		scenario(1, 1)
		scenario(1, 3)
		scenario(2, 2)
		scenario(2, 5)
	}
	// Goroutines that never stop: the main goroutine still gets to run
	// and exits the program.
	runtime.GOMAXPROCS(1)
	for i := 0; i < 4; i++ {
		go spinForever()
	}
	for i := 0; i < 10; i++ {
		time.Sleep(time.Millisecond)
		runtime.Gosched()
	}
	deadline.Stop()
	fmt.Println("main ran beside endless loops")
}
