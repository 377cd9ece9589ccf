// A TCP echo server and several concurrent clients on loopback (the
// netpoller: kqueue on darwin), plus a UDP round trip.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		os.Exit(1)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					c.Write([]byte(strings.ToUpper(line)))
				}
			}(c)
		}
	}()
	var mu sync.Mutex
	var got []string
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				fmt.Println("dial:", err)
				os.Exit(1)
			}
			defer c.Close()
			r := bufio.NewReader(c)
			for j := 0; j < 3; j++ {
				fmt.Fprintf(c, "client %d line %d\n", i, j)
				line, err := r.ReadString('\n')
				if err != nil {
					fmt.Println("read:", err)
					os.Exit(1)
				}
				mu.Lock()
				got = append(got, strings.TrimSpace(line))
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	sort.Strings(got)
	for _, g := range got {
		fmt.Println(g)
	}

	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("udp:", err)
		os.Exit(1)
	}
	defer pc.Close()
	u, _ := net.Dial("udp", pc.LocalAddr().String())
	u.Write([]byte("datagram"))
	buf := make([]byte, 64)
	n, from, _ := pc.ReadFrom(buf)
	fmt.Println("udp:", string(buf[:n]), from.(*net.UDPAddr).IP.IsLoopback())
}
