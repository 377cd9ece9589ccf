// How Go programs die: each case runs in a child process (this program
// re-executed) and the parent reports its exit status and the first line
// it printed on stderr (the rest — addresses, goroutine traces — differs).
package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"
)

type node struct{ next *node }

var withCgo bool

func recurse(n int) int {
	var pad [128]byte
	pad[n%128] = 1
	return recurse(n+1) + int(pad[0])
}

func child(mode string) {
	switch mode {
	case "panic":
		panic("boom")
	case "panic-error":
		panic(fmt.Errorf("wrapped: %w", os.ErrNotExist))
	case "nil":
		var n *node
		fmt.Println(n.next.next)
	case "nil-goroutine":
		done := make(chan bool)
		go func() {
			var m map[string]int
			m["x"] = 1 // assignment to nil map: a panic, not a signal
			done <- true
		}()
		<-done
	case "segv-goroutine":
		done := make(chan bool)
		go func() {
			var n *node
			n.next = n
			done <- true
		}()
		<-done
	case "deadlock":
		c := make(chan int)
		<-c
	case "goexit":
		go func() { time.Sleep(10 * time.Millisecond) }()
		runtime.Goexit()
	case "overflow":
		recurse(0)
	case "exit3":
		go func() {
			for {
				runtime.Gosched()
			}
		}()
		time.Sleep(10 * time.Millisecond)
		os.Exit(3)
	case "sigterm":
		syscall.Kill(os.Getpid(), syscall.SIGTERM)
		time.Sleep(5 * time.Second)
	case "sigkill":
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		time.Sleep(5 * time.Second)
	case "sigquit":
		// Go's handler dumps the goroutines and exits 2.
		syscall.Kill(os.Getpid(), syscall.SIGQUIT)
		time.Sleep(5 * time.Second)
	case "sigabrt":
		syscall.Kill(os.Getpid(), syscall.SIGABRT)
		time.Sleep(5 * time.Second)
	case "notify-then-stop":
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGTERM)
		signal.Stop(c)
		syscall.Kill(os.Getpid(), syscall.SIGTERM)
		time.Sleep(5 * time.Second)
	case "sigint-ignored-by-parent":
		// SIGINT ignored when the program started stays ignored.
		syscall.Kill(os.Getpid(), syscall.SIGINT)
		time.Sleep(50 * time.Millisecond)
		fmt.Fprintln(os.Stderr, "survived SIGINT")
		os.Exit(0)
	case "close-stdout":
		os.Stdout.Close()
		_, err := fmt.Println("x")
		fmt.Fprintln(os.Stderr, "write to closed stdout:", err != nil)
		os.Exit(0)
	case "throw-in-c-thread":
		// Concurrent map writes: detected by the runtime, fatal.
		m := map[int]int{}
		for i := 0; i < 4; i++ {
			go func() {
				for j := 0; ; j++ {
					m[j%100] = j
				}
			}()
		}
		time.Sleep(5 * time.Second)
	}
	os.Exit(0)
}

func status(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		ws := ee.Sys().(syscall.WaitStatus)
		if ws.Signaled() {
			s := ws.Signal()
			for _, n := range []struct {
				s syscall.Signal
				n string
			}{{syscall.SIGTERM, "TERM"}, {syscall.SIGKILL, "KILL"}, {syscall.SIGQUIT, "QUIT"},
				{syscall.SIGABRT, "ABRT"}, {syscall.SIGINT, "INT"}, {syscall.SIGSEGV, "SEGV"}} {
				if s == n.s {
					return "killed by " + n.n
				}
			}
			return "killed by another signal"
		}
		return fmt.Sprintf("exit %d", ws.ExitStatus())
	}
	if err != nil {
		return err.Error()
	}
	return "exit 0"
}

func main() {
	if len(os.Args) > 2 && os.Args[1] == "child" {
		child(os.Args[2])
	}
	self, _ := os.Executable()
	for _, mode := range []string{"panic", "panic-error", "nil", "nil-goroutine", "segv-goroutine",
		"deadlock", "goexit", "overflow", "exit3", "sigterm", "sigkill", "sigquit", "sigabrt",
		"notify-then-stop", "sigint-ignored-by-parent", "close-stdout", "throw-in-c-thread"} {
		if withCgo && (mode == "deadlock" || mode == "goexit") {
			continue
		}
		cmd := exec.Command(self, "child", mode)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if mode == "sigint-ignored-by-parent" {
			signal.Ignore(syscall.SIGINT)
		}
		err := cmd.Run()
		if mode == "sigint-ignored-by-parent" {
			signal.Reset(syscall.SIGINT)
		}
		first, _, _ := strings.Cut(stderr.String(), "\n")
		fmt.Printf("%-24s %-18s %s\n", mode, status(err), first)
	}
}
