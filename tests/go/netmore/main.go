// More of package net: Unix stream and datagram sockets, passing a file
// descriptor, IPv6 loopback, deadlines, half-close, a refused connection,
// large transfers, socket options, interface addresses.
package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

func check(what string, err error) {
	if err != nil {
		fmt.Println(what+":", err)
		os.Exit(1)
	}
}

func unixStream(dir string) {
	path := filepath.Join(dir, "s.sock")
	ln, err := net.Listen("unix", path)
	check("listen unix", err)
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		io.Copy(c, c)
		c.Close()
	}()
	c, err := net.Dial("unix", path)
	check("dial unix", err)
	fmt.Fprint(c, "over a unix socket")
	c.(*net.UnixConn).CloseWrite()
	b, _ := io.ReadAll(c)
	c.Close()
	fmt.Printf("unix stream echo: %q\n", b)
	fi, err := os.Stat(path)
	fmt.Println("socket file is a socket:", err == nil && fi.Mode()&os.ModeSocket != 0)
}

func unixgram(dir string) {
	a := filepath.Join(dir, "a.sock")
	b := filepath.Join(dir, "b.sock")
	ca, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: a, Net: "unixgram"})
	check("unixgram a", err)
	cb, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: b, Net: "unixgram"})
	check("unixgram b", err)
	ca.WriteToUnix([]byte("dgram one"), &net.UnixAddr{Name: b, Net: "unixgram"})
	buf := make([]byte, 64)
	n, from, err := cb.ReadFromUnix(buf)
	fmt.Printf("unixgram: %q from %s %v\n", buf[:n], filepath.Base(from.Name), err)
	ca.Close()
	cb.Close()
}

func passFd(dir string) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	check("socketpair", err)
	f := filepath.Join(dir, "passed.txt")
	os.WriteFile(f, []byte("contents of the passed file"), 0o644)
	fd, err := syscall.Open(f, syscall.O_RDONLY, 0)
	check("open", err)
	err = syscall.Sendmsg(fds[0], []byte("x"), syscall.UnixRights(fd), nil, 0)
	check("sendmsg", err)
	syscall.Close(fd)
	buf := make([]byte, 1)
	oob := make([]byte, syscall.CmsgSpace(4))
	_, oobn, _, _, err := syscall.Recvmsg(fds[1], buf, oob, 0)
	check("recvmsg", err)
	msgs, err := syscall.ParseSocketControlMessage(oob[:oobn])
	check("parse cmsg", err)
	got, err := syscall.ParseUnixRights(&msgs[0])
	check("parse rights", err)
	pf := os.NewFile(uintptr(got[0]), "passed")
	b, _ := io.ReadAll(pf)
	pf.Close()
	fmt.Printf("passed descriptor reads %q\n", b)
	syscall.Close(fds[0])
	syscall.Close(fds[1])
}

func ipv6() {
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		fmt.Println("ipv6 loopback unavailable")
		return
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			fmt.Fprintf(c, "peer is ipv6 loopback: %v", c.RemoteAddr().(*net.TCPAddr).IP.Equal(net.IPv6loopback))
			c.Close()
		}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	check("dial6", err)
	b, _ := io.ReadAll(c)
	c.Close()
	fmt.Println("ipv6:", string(b))
}

func deadlines() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check("listen", err)
	defer ln.Close()
	hold := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		hold <- c
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	check("dial", err)
	srv := <-hold
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	start := time.Now()
	_, err = c.Read(make([]byte, 10))
	var ne net.Error
	fmt.Println("read deadline:", errors.As(err, &ne) && ne.Timeout(), errors.Is(err, os.ErrDeadlineExceeded),
		time.Since(start) >= 40*time.Millisecond)
	// Deadline pushed back, then data arrives.
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	go func() {
		time.Sleep(20 * time.Millisecond)
		srv.Write([]byte("late"))
	}()
	b := make([]byte, 10)
	n, err := c.Read(b)
	fmt.Printf("after extending: %q %v\n", b[:n], err)

	// A large transfer both ways at once (flow control, partial writes).
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	go func() {
		srv.Write(data)
		srv.(*net.TCPConn).CloseWrite()
	}()
	go func() {
		c.Write(data)
		c.(*net.TCPConn).CloseWrite()
	}()
	var got1, got2 []byte
	done := make(chan bool)
	go func() { got2, _ = io.ReadAll(srv); done <- true }()
	got1, _ = io.ReadAll(c)
	<-done
	fmt.Println("1 MiB each way:", sha256.Sum256(got1) == sha256.Sum256(data), sha256.Sum256(got2) == sha256.Sum256(data))
	c.Close()
	srv.Close()

	// Accept deadline.
	ln.(*net.TCPListener).SetDeadline(time.Now().Add(30 * time.Millisecond))
	_, err = ln.Accept()
	fmt.Println("accept deadline:", errors.Is(err, os.ErrDeadlineExceeded))
}

func refusedAndOptions() {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	_, err := net.Dial("tcp", addr)
	fmt.Println("refused:", errors.Is(err, syscall.ECONNREFUSED))

	ln, _ = net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	go func() {
		c, _ := ln.Accept()
		if c != nil {
			time.Sleep(100 * time.Millisecond)
			c.Close()
		}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	check("dial", err)
	tc := c.(*net.TCPConn)
	fmt.Println("options:", tc.SetNoDelay(true), tc.SetKeepAlive(true), tc.SetKeepAlivePeriod(30*time.Second),
		tc.SetLinger(0), tc.SetReadBuffer(1<<16), tc.SetWriteBuffer(1<<16))
	raw, _ := tc.SyscallConn()
	raw.Control(func(fd uintptr) {
		v, err := syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_NODELAY)
		fmt.Println("TCP_NODELAY read back:", v != 0, err)
		v, err = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_KEEPALIVE)
		fmt.Println("SO_KEEPALIVE read back:", v != 0, err)
		v, err = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_TYPE)
		fmt.Println("SO_TYPE is stream:", v == syscall.SOCK_STREAM, err)
	})
	c.Close()
}

func interfaces() {
	ifs, err := net.Interfaces()
	if err != nil {
		fmt.Println("interfaces:", err)
		return
	}
	loop := false
	for _, i := range ifs {
		if i.Flags&net.FlagLoopback != 0 && i.Flags&net.FlagUp != 0 {
			addrs, err := i.Addrs()
			for _, a := range addrs {
				if ipn, ok := a.(*net.IPNet); ok && ipn.IP.Equal(net.IPv4(127, 0, 0, 1)) {
					loop = err == nil
				}
			}
		}
	}
	fmt.Println("loopback interface with 127.0.0.1:", loop)
	// The same host interfaces either way (darwin's routing messages are
	// built from Linux's list).
	for _, i := range ifs {
		addrs, err := i.Addrs()
		fmt.Println("interface:", i.Index, i.Name, i.MTU, i.HardwareAddr, i.Flags&(net.FlagUp|net.FlagLoopback|net.FlagBroadcast), addrs, err)
		groups, err := i.MulticastAddrs()
		fmt.Println("  multicast groups:", groups, err)
	}
	if lo, err := net.InterfaceByIndex(ifs[0].Index); err == nil {
		fmt.Println("by index:", lo.Name == ifs[0].Name)
	}
	all, err := net.InterfaceAddrs()
	fmt.Println("interface addrs:", len(all) > 0, err)
}

func main() {
	dir, err := os.MkdirTemp("", "netmore")
	check("tempdir", err)
	defer os.RemoveAll(dir)
	unixStream(dir)
	unixgram(dir)
	passFd(dir)
	ipv6()
	deadlines()
	refusedAndOptions()
	interfaces()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	check("udp", err)
	pc.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	_, _, err = pc.ReadFrom(make([]byte, 10))
	fmt.Println("udp read deadline:", errors.Is(err, os.ErrDeadlineExceeded))
	pc.Close()
}
