// A Go program run natively and as a darwin/amd64 Mach-O under Calvados;
// both runs must print the same. Go's darwin binaries enter through
// LC_UNIXTHREAD and bind libSystem through the indirect symbol table.
// Timers and file I/O (kqueue netpoller) are in the sibling programs.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
)

func main() {
	fmt.Println("args:", len(os.Args), strings.Join(os.Args[1:], ","))
	var wg sync.WaitGroup
	results := make([]int, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sum := 0
			for j := 0; j <= 100000*(i+1); j++ {
				sum += j % 7
			}
			results[i] = sum
		}(i)
	}
	wg.Wait()
	fmt.Println("goroutines:", results)
	ch := make(chan string, 3)
	go func() {
		for _, w := range []string{"c", "a", "b"} {
			ch <- w
		}
		close(ch)
	}()
	var words []string
	for w := range ch {
		words = append(words, w)
	}
	sort.Strings(words)
	fmt.Println("channel:", words)
	fmt.Println("env HOME set:", os.Getenv("HOME") != "")
	os.Exit(5)
}
