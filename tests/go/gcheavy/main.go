// A garbage-collector workout: many goroutines building and dropping
// trees and maps while the heap is kept small (frequent concurrent GC,
// stack growth, write barriers, finalizers).
package main

import (
	"crypto/sha256"
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"sync"
	"sync/atomic"
)

type node struct {
	left, right *node
	val         int
	pad         []byte
}

func build(depth, v int) *node {
	if depth == 0 {
		return &node{val: v, pad: make([]byte, 16+v%64)}
	}
	return &node{left: build(depth-1, 2*v), right: build(depth-1, 2*v+1), val: v}
}

func (n *node) sum() int {
	if n == nil {
		return 0
	}
	return n.val + n.left.sum() + n.right.sum()
}

// deep recursion grows the goroutine stack several times.
func deep(n int) int {
	var buf [64]byte
	buf[n%64] = byte(n)
	if n == 0 {
		return int(buf[0])
	}
	return deep(n-1) + int(buf[n%64])
}

func main() {
	debug.SetGCPercent(20)
	var finalized int64
	var wg sync.WaitGroup
	results := make([]string, 64)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			h := sha256.New()
			m := map[int][]int{}
			for round := 0; round < 30; round++ {
				t := build(8, g+round)
				fmt.Fprint(h, t.sum())
				m[round%7] = append(m[round%7], make([]int, 100+round)...)
				if round%10 == 0 {
					x := new([128]byte)
					runtime.SetFinalizer(x, func(*[128]byte) { atomic.AddInt64(&finalized, 1) })
				}
			}
			fmt.Fprint(h, deep(2000+g), len(m))
			results[g] = fmt.Sprintf("%x", h.Sum(nil))[:16]
		}(g)
	}
	wg.Wait()
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
	sort.Strings(results)
	all := sha256.Sum256([]byte(fmt.Sprint(results)))
	fmt.Printf("digest of results: %x\n", all[:8])
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("many GCs:", ms.NumGC > 10)
	fmt.Println("goroutines left:", runtime.NumGoroutine())
	fmt.Println("finalizers ran:", atomic.LoadInt64(&finalized) > 0)
}
