// File I/O and pipes through Go's darwin runtime: os.WriteFile/ReadFile,
// os.ReadDir (sorted), os.Stat, os.Pipe between goroutines (the netpoller
// waits on the pipe with kqueue), bufio, os.Getenv, error values.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	dir, err := os.MkdirTemp("", "calvados-go")
	if err != nil {
		fmt.Println("mkdtemp:", err)
		return
	}
	// os.Remove per entry (unlink/rmdir) rather than os.RemoveAll.
	defer func() {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			os.Remove(filepath.Join(dir, e.Name()))
		}
		fmt.Println("cleanup:", os.Remove(dir))
	}()
	for _, n := range []string{"b.txt", "a.txt", "c.log"} {
		body := strings.Repeat(n, 3)
		if err := os.WriteFile(filepath.Join(dir, n), []byte(body), 0o640); err != nil {
			fmt.Println("write:", err)
		}
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	ents, err := os.ReadDir(dir)
	fmt.Println("readdir err:", err)
	for _, e := range ents {
		fmt.Println(" ", e.Name(), e.IsDir())
	}
	b, err := os.ReadFile(filepath.Join(dir, "a.txt"))
	fmt.Printf("read: %q %v\n", b, err)
	st, err := os.Stat(filepath.Join(dir, "b.txt"))
	fmt.Println("stat:", st.Name(), st.Size(), st.Mode().Perm(), st.IsDir(), err)
	st, _ = os.Stat(filepath.Join(dir, "sub"))
	fmt.Println("stat dir:", st.IsDir(), st.Mode().IsDir())
	_, err = os.Stat(filepath.Join(dir, "missing"))
	fmt.Println("missing is ErrNotExist:", errors.Is(err, fs.ErrNotExist))

	f, _ := os.OpenFile(filepath.Join(dir, "a.txt"), os.O_APPEND|os.O_WRONLY, 0)
	fmt.Fprintf(f, "\nline2\nline3\n")
	f.Close()
	f, _ = os.Open(filepath.Join(dir, "a.txt"))
	sc := bufio.NewScanner(f)
	lines := 0
	for sc.Scan() {
		lines++
	}
	f.Close()
	fmt.Println("lines:", lines)

	// A pipe between goroutines.
	r, w, err := os.Pipe()
	fmt.Println("pipe err:", err)
	go func() {
		bw := bufio.NewWriter(w)
		for i := 0; i < 1000; i++ {
			fmt.Fprintf(bw, "%d\n", i)
		}
		bw.Flush()
		w.Close()
	}()
	data, err := io.ReadAll(r)
	fmt.Println("pipe bytes:", len(data), "err:", err, "last:", strings.Fields(string(data))[999])

	fmt.Println("HOME set:", os.Getenv("HOME") != "", "NOPE empty:", os.Getenv("CALVADOS_NOPE") == "")
	v, ok := os.LookupEnv("CALVADOS_NOPE")
	fmt.Println("lookup:", v == "", ok)
	wd, err := os.Getwd()
	fmt.Println("getwd ok:", wd != "" && err == nil)
}
