// net/http on loopback: a server on 127.0.0.1:0 and clients doing GET,
// POST with a body, a chunked (streamed) response, keep-alive reuse,
// concurrent requests, an httptest server, and a graceful Shutdown.
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

func handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Test", "yes")
		fmt.Fprintf(w, "hello %s %s", r.Method, r.URL.Query().Get("name"))
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		sum := sha256.Sum256(body)
		fmt.Fprintf(w, "%s %d bytes %x ct=%s", r.Method, len(body), sum[:6], r.Header.Get("Content-Type"))
	})
	mux.HandleFunc("/stream", func(w http.ResponseWriter, r *http.Request) {
		f := w.(http.Flusher)
		for i := 0; i < 5; i++ {
			fmt.Fprintf(w, "chunk %d\n", i)
			f.Flush()
			time.Sleep(5 * time.Millisecond)
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "slow done")
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) {
		http.NotFound(w, r)
	})
	return mux
}

func get(c *http.Client, url string) string {
	resp, err := c.Get(url)
	if err != nil {
		return "error: " + err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return fmt.Sprintf("%d %q te=%v", resp.StatusCode, b, resp.TransferEncoding)
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: handler()}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 10 * time.Second}

	fmt.Println("GET:", get(client, base+"/hello?name=go"))
	fmt.Println("404:", get(client, base+"/missing"))
	fmt.Println("stream:", get(client, base+"/stream"))

	resp, err := client.Post(base+"/echo", "text/plain", strings.NewReader(strings.Repeat("post body ", 5000)))
	if err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("POST: %d %s\n", resp.StatusCode, b)
	} else {
		fmt.Println("POST:", err)
	}
	// A body of unknown length goes out chunked.
	pr, pw := io.Pipe()
	go func() {
		for i := 0; i < 10; i++ {
			fmt.Fprintf(pw, "piece %d;", i)
		}
		pw.Close()
	}()
	resp, err = client.Post(base+"/echo", "application/octet-stream", pr)
	if err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("chunked POST: %d %s\n", resp.StatusCode, b)
	}

	// Keep-alive: sequential requests reuse one connection.
	reused := 0
	for i := 0; i < 5; i++ {
		trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
			if info.Reused {
				reused++
			}
		}}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET", base+"/hello?name=ka", nil)
		resp, err := client.Do(req)
		if err != nil {
			fmt.Println("keep-alive:", err)
			break
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	fmt.Println("keep-alive reused connections:", reused)

	// Concurrent clients.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var lines []string
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s := get(client, fmt.Sprintf("%s/hello?name=c%02d", base, i))
			mu.Lock()
			lines = append(lines, s)
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	sort.Strings(lines)
	fmt.Println("concurrent:", len(lines), lines[0], lines[19])

	// A raw HTTP/1.1 exchange: two pipelined requests on one connection.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err == nil {
		fmt.Fprint(conn, "GET /hello?name=raw1 HTTP/1.1\r\nHost: x\r\n\r\nGET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		br := bufio.NewReader(conn)
		for i := 0; i < 2; i++ {
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				fmt.Println("raw:", err)
				break
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			fmt.Printf("raw %d: %d chunked=%v %q\n", i, resp.StatusCode, len(resp.TransferEncoding) > 0, b)
		}
		conn.Close()
	}

	// httptest.
	ts := httptest.NewServer(handler())
	fmt.Println("httptest:", get(ts.Client(), ts.URL+"/hello?name=ts"))
	ts.Close()
	rec := httptest.NewRecorder()
	handler().ServeHTTP(rec, httptest.NewRequest("POST", "/echo", strings.NewReader("abc")))
	fmt.Println("recorder:", rec.Code, rec.Body.String())

	// Graceful shutdown waits for the in-flight slow request.
	slow := make(chan string)
	go func() { slow <- get(client, base+"/slow") }()
	time.Sleep(100 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	fmt.Println("shutdown:", srv.Shutdown(ctx))
	fmt.Println("in-flight:", <-slow)
	fmt.Println("serve returned:", <-served)
	_, err = client.Get(base + "/hello")
	fmt.Println("after shutdown fails:", err != nil)
}
