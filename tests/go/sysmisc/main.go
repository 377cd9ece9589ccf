// Assorted system interfaces the Go runtime and standard library reach
// through libSystem: CPU profiling (setitimer + SIGPROF), host and CPU
// facts, time zones, resource limits and usage, mmap, flock, pipes with
// kqueue-driven deadlines, os.Process methods, symlinks and file times.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"
)

//go:noinline
func burn(d time.Duration) uint64 {
	var x uint64 = 1
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		for i := 0; i < 10000; i++ {
			x = x*2862933555777941757 + 3037000493
		}
	}
	return x
}

func main() {
	// CPU profile: SIGPROF samples must arrive and be attributed to burn.
	var prof bytes.Buffer
	if err := pprof.StartCPUProfile(&prof); err != nil {
		fmt.Println("profile:", err)
	}
	burn(400 * time.Millisecond)
	pprof.StopCPUProfile()
	fmt.Println("cpu profile written:", prof.Len() > 200)

	h, err := os.Hostname()
	hn, _ := exec.Command("/bin/hostname").Output()
	if err != nil || h != string(bytes.TrimSpace(hn)) {
		fmt.Printf("hostname %q %v, /bin/hostname %q\n", h, err, hn)
	}
	fmt.Println("NumCPU positive:", runtime.NumCPU() > 0)
	fmt.Println("page size:", os.Getpagesize())
	wd, _ := os.Getwd()
	fmt.Println("getwd absolute:", filepath.IsAbs(wd))
	home, err := os.UserHomeDir()
	fmt.Println("home:", home == os.Getenv("HOME"), err)

	// Time zones from the tz database.
	for _, name := range []string{"UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			fmt.Println(name, err)
			continue
		}
		t := time.Date(2023, 7, 14, 12, 0, 0, 0, time.UTC).In(loc)
		fmt.Println("zone:", name, t.Format("2006-01-02 15:04 MST -0700"))
	}
	_, err = time.LoadLocation("Nowhere/Special")
	fmt.Println("unknown zone fails:", err != nil)

	// Monotonic clock and sleeps.
	t0 := time.Now()
	time.Sleep(30 * time.Millisecond)
	el := time.Since(t0)
	fmt.Println("sleep 30ms:", el >= 30*time.Millisecond && el < 2*time.Second)

	var rl syscall.Rlimit
	err = syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl)
	fmt.Println("getrlimit nofile:", err, rl.Cur > 0 && rl.Cur <= rl.Max)
	lower := syscall.Rlimit{Cur: 200, Max: rl.Max}
	err = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lower)
	var now syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_NOFILE, &now)
	fmt.Println("setrlimit nofile:", err, now.Cur)
	syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl)

	var ru syscall.Rusage
	err = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Println("getrusage:", err, ru.Utime.Sec*1000000+int64(ru.Utime.Usec) > 100000, ru.Maxrss > 0)

	// mmap: anonymous and file-backed.
	mem, err := syscall.Mmap(-1, 0, 1<<20, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err == nil {
		mem[12345] = 7
		v := mem[12345]
		fmt.Println("mmap anon:", v, len(mem), syscall.Munmap(mem))
	} else {
		fmt.Println("mmap anon:", err)
	}
	dir, _ := os.MkdirTemp("", "sysmisc")
	defer os.RemoveAll(dir)
	fpath := filepath.Join(dir, "m")
	os.WriteFile(fpath, []byte("mapped file contents"), 0o644)
	f, _ := os.Open(fpath)
	fm, err := syscall.Mmap(int(f.Fd()), 0, 20, syscall.PROT_READ, syscall.MAP_SHARED)
	if err == nil {
		fmt.Printf("mmap file: %q\n", fm)
		syscall.Munmap(fm)
	}
	f.Close()

	// flock between two descriptors.
	a, _ := os.OpenFile(fpath, os.O_RDWR, 0)
	b, _ := os.OpenFile(fpath, os.O_RDWR, 0)
	fmt.Println("flock ex:", syscall.Flock(int(a.Fd()), syscall.LOCK_EX))
	err = syscall.Flock(int(b.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	fmt.Println("second flock would block:", errors.Is(err, syscall.EWOULDBLOCK))
	syscall.Flock(int(a.Fd()), syscall.LOCK_UN)
	fmt.Println("after unlock:", syscall.Flock(int(b.Fd()), syscall.LOCK_EX|syscall.LOCK_NB))
	a.Close()
	b.Close()

	// Pipes are pollable: deadlines work on them.
	r, w, _ := os.Pipe()
	r.SetReadDeadline(time.Now().Add(30 * time.Millisecond))
	_, err = r.Read(make([]byte, 1))
	fmt.Println("pipe read deadline:", errors.Is(err, os.ErrDeadlineExceeded))
	r.SetReadDeadline(time.Time{})
	go func() {
		time.Sleep(10 * time.Millisecond)
		w.Write([]byte("ping"))
		w.Close()
	}()
	buf := make([]byte, 8)
	n, err := r.Read(buf)
	fmt.Printf("pipe read: %q %v\n", buf[:n], err)
	r.Close()

	// os.Process: start, signal 0, wait, usage.
	cmd := exec.Command("/bin/sleep", "0.1")
	cmd.Start()
	fmt.Println("signal 0 to child:", cmd.Process.Signal(syscall.Signal(0)))
	err = cmd.Wait()
	fmt.Println("child:", err, cmd.ProcessState.Exited(), cmd.ProcessState.ExitCode(), cmd.ProcessState.Success())
	fmt.Println("signal after exit:", cmd.Process.Signal(syscall.Signal(0)))
	fmt.Println("ppid is parent:", os.Getppid() > 1, os.Getpid() != os.Getppid())

	// Symlinks, chtimes, readlink, file modes.
	target := filepath.Join(dir, "target")
	link := filepath.Join(dir, "link")
	os.WriteFile(target, []byte("x"), 0o600)
	os.Symlink("target", link)
	rl2, _ := os.Readlink(link)
	ls, _ := os.Lstat(link)
	st, _ := os.Stat(link)
	fmt.Println("symlink:", rl2, ls.Mode()&os.ModeSymlink != 0, st.Mode().Perm())
	mt := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	os.Chtimes(target, mt, mt)
	st, _ = os.Stat(target)
	fmt.Println("chtimes:", st.ModTime().UTC())
	os.Chmod(target, 0o751)
	st, _ = os.Stat(target)
	fmt.Println("chmod:", st.Mode())
}
