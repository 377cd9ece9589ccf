// cgo: Go calling C (printf, malloc/free, structs, errno), C calling back
// into Go, C threads calling exported Go functions, the cgo DNS resolver
// (getaddrinfo) and os/user through libc.
package main

/*
#include <stdint.h>
#include <stdlib.h>
struct pair { int32_t a; double b; char name[8]; };
int c_printf(const char *s, int n);
int c_call_back(int a, int b);
int c_run_threads(int n);
char *c_upper(const char *s);
uint64_t c_sum(const uint64_t *a, int n);
void c_sort(int *a, int n);
int c_open_missing(void);
double c_pair(struct pair *p);
*/
import "C"

import (
	"fmt"
	"net"
	"os"
	"os/user"
	"runtime"
	"sort"
	"sync"
	"unsafe"
)

//export goAdd
func goAdd(a, b C.int) C.int { return a + b }

var (
	mu      sync.Mutex
	records = map[int][]string{}
)

//export goRecord
func goRecord(id C.int, s *C.char) {
	mu.Lock()
	records[int(id)] = append(records[int(id)], C.GoString(s))
	mu.Unlock()
}

//export goCompare
func goCompare(a, b unsafe.Pointer) C.int {
	x, y := *(*C.int)(a), *(*C.int)(b)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func main() {
	// The cgo resolver on both systems (darwin's default with cgo).
	os.Setenv("GODEBUG", "netdns=cgo")

	cs := C.CString("hello")
	C.c_printf(cs, 42)
	C.free(unsafe.Pointer(cs))

	fmt.Println("callback:", C.c_call_back(3, 4))

	cs = C.CString("shout this")
	up := C.c_upper(cs)
	fmt.Println("upper:", C.GoString(up))
	C.free(unsafe.Pointer(up))
	C.free(unsafe.Pointer(cs))

	buf := (*[1000]C.uint64_t)(C.malloc(C.size_t(8 * 1000)))
	for i := range buf {
		buf[i] = C.uint64_t(i * i)
	}
	fmt.Println("sum:", C.c_sum(&buf[0], 1000))
	C.free(unsafe.Pointer(buf))

	ints := []C.int{5, -3, 99, 0, 42, 7, -100}
	C.c_sort(&ints[0], C.int(len(ints)))
	fmt.Println("sorted by Go comparator:", ints)

	var p C.struct_pair
	p.a, p.b = 21, 0.5
	fmt.Println("struct:", C.c_pair(&p), p.a, C.GoString(&p.name[0]))

	fd, err := C.c_open_missing()
	fmt.Println("errno:", fd, err)

	n := C.c_run_threads(8)
	total := 0
	ok := true
	for id := 0; id < int(n); id++ {
		r := records[id]
		total += len(r)
		for i, s := range r {
			if s != fmt.Sprintf("t%d-%d", id, i) {
				ok = false
			}
		}
	}
	fmt.Println("C threads:", n, "records:", total, "in order:", ok)

	// Goroutines calling C concurrently.
	var wg sync.WaitGroup
	sums := make([]C.int, 16)
	for i := range sums {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				sums[i] += C.c_call_back(C.int(i), C.int(j)) / 10
			}
			runtime.Gosched()
		}(i)
	}
	wg.Wait()
	fmt.Println("concurrent C calls:", sums)

	addrs, err := net.LookupHost("localhost")
	sort.Strings(addrs)
	has4 := false
	for _, a := range addrs {
		if a == "127.0.0.1" {
			has4 = true
		}
	}
	fmt.Println("lookup localhost: has 127.0.0.1:", has4, "err:", err)
	_, err = net.LookupHost("no-such-host.invalid")
	fmt.Println("lookup invalid fails:", err != nil)
	port, err := net.LookupPort("tcp", "80")
	fmt.Println("port:", port, err)

	u, err := user.Current()
	if err != nil {
		fmt.Println("user.Current:", err)
	} else {
		fmt.Printf("current user: uid=%s gid=%s name=%s home=%s\n", u.Uid, u.Gid, u.Username, u.HomeDir)
	}
	r, err := user.LookupId("0")
	if err == nil {
		fmt.Printf("uid 0: %s %s\n", r.Username, r.HomeDir)
	}
	g, err := user.LookupGroupId("0")
	if err == nil {
		fmt.Println("gid 0:", g.Name)
	}
	_, err = user.LookupId("3999999")
	fmt.Println("unknown uid:", err)
	_, err = user.Lookup("no-such-user-xyz")
	fmt.Println("unknown user:", err)
}
