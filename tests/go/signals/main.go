// os/signal: Notify for signals sent to self and from a child process,
// Ignore, Reset, SIGPIPE on a closed pipe, and run-time panics raised by
// the hardware (nil dereference, faults with SetPanicOnFault) recovered
// through the signal handler's mcontext rewrite.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime/debug"
	"sort"
	"strconv"
	"syscall"
	"time"
	"unsafe"
)

// name avoids String(): some texts differ between the two systems
// ("window size changes" on darwin).
func name(s os.Signal) string {
	for _, n := range []struct {
		s syscall.Signal
		n string
	}{{syscall.SIGUSR1, "USR1"}, {syscall.SIGUSR2, "USR2"}, {syscall.SIGHUP, "HUP"},
		{syscall.SIGINT, "INT"}, {syscall.SIGWINCH, "WINCH"}, {syscall.SIGCHLD, "CHLD"},
		{syscall.SIGTERM, "TERM"}, {syscall.SIGPIPE, "PIPE"}, {syscall.SIGURG, "URG"}} {
		if s == n.s {
			return n.n
		}
	}
	return "other " + s.String()
}

func wait(c chan os.Signal, what string) {
	select {
	case s := <-c:
		fmt.Printf("%s: got %v\n", what, name(s))
	case <-time.After(5 * time.Second):
		fmt.Printf("%s: timeout\n", what)
	}
}

func none(c chan os.Signal, what string) {
	select {
	case s := <-c:
		fmt.Printf("%s: unexpected %v\n", what, name(s))
	case <-time.After(100 * time.Millisecond):
		fmt.Printf("%s: nothing, as expected\n", what)
	}
}

type point struct{ x, y int }

func nilDeref() (msg string) {
	defer func() { msg = fmt.Sprint(recover()) }()
	var p *point
	p.y = 7
	return "no panic"
}

func divide(a, b int) (msg string) {
	defer func() { msg = fmt.Sprint(recover()) }()
	return strconv.Itoa(a / b)
}

func faultAt(addr uintptr) (msg string) {
	debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(false)
	defer func() {
		r := recover()
		if e, ok := r.(interface{ Addr() uintptr }); ok {
			msg = fmt.Sprintf("%v (addr %#x)", r, e.Addr())
		} else {
			msg = fmt.Sprint(r)
		}
	}()
	return strconv.Itoa(*(*int)(unsafe.Pointer(addr)))
}

func child(mode string) {
	switch mode {
	case "kill-parent":
		syscall.Kill(os.Getppid(), syscall.SIGUSR1)
		syscall.Kill(os.Getppid(), syscall.SIGHUP)
	case "reset":
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGINT)
		syscall.Kill(os.Getpid(), syscall.SIGINT)
		<-c
		signal.Reset(syscall.SIGINT)
		syscall.Kill(os.Getpid(), syscall.SIGINT)
		time.Sleep(2 * time.Second)
		fmt.Println("still alive after reset")
	case "sigpipe":
		time.Sleep(200 * time.Millisecond)
		for i := 0; i < 100; i++ {
			fmt.Println("writing into a closed pipe")
		}
		fmt.Fprintln(os.Stderr, "survived SIGPIPE")
	case "term":
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGTERM)
		fmt.Println("ready")
		s := <-c
		fmt.Println("child got", name(s))
		os.Exit(3)
	}
	os.Exit(0)
}

func status(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		ws := ee.Sys().(syscall.WaitStatus)
		if ws.Signaled() {
			return "killed by " + name(ws.Signal())
		}
		return "exit " + strconv.Itoa(ws.ExitStatus())
	}
	return fmt.Sprint(err)
}

func main() {
	if len(os.Args) > 2 && os.Args[1] == "child" {
		child(os.Args[2])
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Println("executable:", err)
		os.Exit(1)
	}

	c := make(chan os.Signal, 4)
	signal.Notify(c, syscall.SIGUSR1, syscall.SIGHUP, syscall.SIGINT)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	wait(c, "self SIGUSR1")
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	wait(c, "self SIGINT")
	p, _ := os.FindProcess(os.Getpid())
	p.Signal(syscall.SIGHUP)
	wait(c, "self SIGHUP via os.Process")

	if err := exec.Command(self, "child", "kill-parent").Run(); err != nil {
		fmt.Println("child:", err)
	}
	// Two signals pending at once may be delivered in either order.
	var both []string
	for i := 0; i < 2; i++ {
		select {
		case s := <-c:
			both = append(both, name(s))
		case <-time.After(5 * time.Second):
			both = append(both, "timeout")
		}
	}
	sort.Strings(both)
	fmt.Println("from child:", both)
	if err := exec.Command("/bin/kill", "-USR1", strconv.Itoa(os.Getpid())).Run(); err != nil {
		fmt.Println("kill:", err)
	}
	wait(c, "from /bin/kill")

	signal.Ignore(syscall.SIGHUP)
	fmt.Println("SIGHUP ignored:", signal.Ignored(syscall.SIGHUP))
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	none(c, "ignored SIGHUP")
	signal.Stop(c)
	c2 := make(chan os.Signal, 1)
	signal.Notify(c2, syscall.SIGUSR2)
	syscall.Kill(os.Getpid(), syscall.SIGUSR2)
	wait(c2, "SIGUSR2 on a second channel")
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	none(c, "stopped channel")
	// signal.Notify with no signals: every signal.
	c3 := make(chan os.Signal, 8)
	signal.Notify(c3)
	syscall.Kill(os.Getpid(), syscall.SIGWINCH)
	wait(c3, "catch-all")
	syscall.Kill(os.Getpid(), syscall.SIGCHLD)
	wait(c3, "catch-all")
	signal.Reset()

	out, err := exec.Command(self, "child", "reset").Output()
	fmt.Printf("reset child: %q, %s\n", out, status(err))

	cmd := exec.Command(self, "child", "term")
	pipe, _ := cmd.StdoutPipe()
	cmd.Start()
	buf := make([]byte, 6)
	n, _ := pipe.Read(buf)
	fmt.Printf("term child said %q\n", buf[:n])
	cmd.Process.Signal(syscall.SIGTERM)
	rest := make([]byte, 100)
	n, _ = pipe.Read(rest)
	fmt.Printf("term child then %q\n", rest[:n])
	fmt.Println("term child:", status(cmd.Wait()))

	// SIGPIPE: a write to fd 1 on a closed pipe kills the child.
	cmd = exec.Command(self, "child", "sigpipe")
	pipe, _ = cmd.StdoutPipe()
	cmd.Start()
	pipe.Close()
	fmt.Println("sigpipe child:", status(cmd.Wait()))
	// Other descriptors get EPIPE instead.
	r, w, _ := os.Pipe()
	r.Close()
	_, err = w.Write([]byte("x"))
	fmt.Println("write to closed pipe:", errors.Is(err, syscall.EPIPE))
	w.Close()

	fmt.Println("nil deref:", nilDeref())
	fmt.Println("nil deref again:", nilDeref())
	fmt.Println("divide:", divide(7, 0))
	fmt.Println("fault:", faultAt(0x1000))
	fmt.Println("fault high:", faultAt(0x7ff0deadb000))
	fmt.Println("done")
}
