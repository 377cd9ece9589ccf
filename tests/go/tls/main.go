// HTTPS against the system trust store. `tls gen DIR` makes, at run time,
// two CAs, an intermediate and server certificates (ECDSA P-256), and
// writes the first CA to DIR/ca.pem; `tls serve-and-get DIR` serves each
// certificate on loopback and fetches it with a default http.Client, so
// verification uses the system roots: on Linux Go reads SSL_CERT_FILE
// (root_unix.go); on darwin it asks Security.framework (root_darwin.go).
// The run sets SSL_CERT_FILE=DIR/ca.pem. Error texts differ between the
// two verifiers, so failures print only the error's type.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func die(what string, err error) {
	fmt.Println(what+":", err)
	os.Exit(1)
}

type issued struct {
	cert *x509.Certificate
	der  []byte
	key  *ecdsa.PrivateKey
}

var serial int64

func issue(tmpl *x509.Certificate, parent *issued) *issued {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		die("key", err)
	}
	serial++
	tmpl.SerialNumber = big.NewInt(serial)
	signer, parentCert := key, tmpl
	if parent != nil {
		signer, parentCert = parent.key, parent.cert
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parentCert, &key.PublicKey, signer)
	if err != nil {
		die("create "+tmpl.Subject.CommonName, err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		die("parse", err)
	}
	return &issued{c, der, key}
}

func ca(name string, parent *issued, now time.Time) *issued {
	return issue(&x509.Certificate{
		Subject:               pkix.Name{CommonName: name, Organization: []string{"Calvados Test"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}, parent)
}

func server(name string, parent *issued, from, to time.Time) *issued {
	return issue(&x509.Certificate{
		Subject:     pkix.Name{CommonName: name},
		NotBefore:   from,
		NotAfter:    to,
		DNSNames:    []string{"localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, parent)
}

func writePEM(path string, blocks ...*pem.Block) {
	var b []byte
	for _, blk := range blocks {
		b = append(b, pem.EncodeToMemory(blk)...)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		die("write", err)
	}
}

// writeServer stores a server's chain (leaf first) and key as NAME.pem and NAME.key.
func writeServer(dir, name string, chain ...*issued) {
	var blocks []*pem.Block
	for _, c := range chain {
		blocks = append(blocks, &pem.Block{Type: "CERTIFICATE", Bytes: c.der})
	}
	writePEM(filepath.Join(dir, name+".pem"), blocks...)
	k, err := x509.MarshalECPrivateKey(chain[0].key)
	if err != nil {
		die("key", err)
	}
	writePEM(filepath.Join(dir, name+".key"), &pem.Block{Type: "EC PRIVATE KEY", Bytes: k})
}

func gen(dir string) {
	now := time.Now()
	root := ca("Calvados Test Root", nil, now)
	inter := ca("Calvados Test Intermediate", root, now)
	other := ca("Calvados Other Root", nil, now)
	writePEM(filepath.Join(dir, "ca.pem"), &pem.Block{Type: "CERTIFICATE", Bytes: root.der})
	writeServer(dir, "good", server("good server", root, now.Add(-time.Hour), now.Add(24*time.Hour)))
	writeServer(dir, "expired", server("expired server", root, now.Add(-48*time.Hour), now.Add(-24*time.Hour)))
	writeServer(dir, "chained", server("chained server", inter, now.Add(-time.Hour), now.Add(24*time.Hour)), inter)
	stranger := server("stranger server", other, now.Add(-time.Hour), now.Add(24*time.Hour))
	writeServer(dir, "stranger", stranger, other)
	writeServer(dir, "orphan", stranger)
	entries, _ := os.ReadDir(dir)
	fmt.Println("generated", len(entries), "files")
}

// category names the kind of a verification error, the same on every OS.
func category(err error) string {
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	switch {
	case errors.As(err, &ua):
		return "unknown authority"
	case errors.As(err, &he):
		return "hostname mismatch for " + he.Host
	case errors.As(err, &ci):
		return fmt.Sprintf("invalid certificate (reason %d)", ci.Reason)
	}
	return "other"
}

func serve(dir, name string) (string, func()) {
	cert, err := tls.LoadX509KeyPair(filepath.Join(dir, name+".pem"), filepath.Join(dir, name+".key"))
	if err != nil {
		die("load "+name, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		die("listen", err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "hello from %s over %s for %s", name, r.Proto, r.Host[:strings.LastIndex(r.Host, ":")])
		}),
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}},
		// The client's rejections show up as handshake errors here.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	go srv.Serve(tls.NewListener(ln, srv.TLSConfig))
	return ln.Addr().String(), func() { srv.Close() }
}

func serveAndGet(dir string) {
	// Every host name reaches the loopback server; the name only decides
	// what the certificate must match (no resolver involved).
	var target string
	client := &http.Client{
		Timeout: 20 * time.Second,
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, network, target)
			},
			DisableKeepAlives: true,
		},
	}
	// typed: print the error's type. A chain that stops at a certificate
	// whose issuer is missing is errSecCreateChainFailed on darwin, which
	// root_darwin.go reports as a plain "x509: ..." error, where Linux
	// says UnknownAuthorityError: only the rejection is compared then.
	get := func(server, host string, typed bool) {
		addr, stop := serve(dir, server)
		defer stop()
		target = addr
		_, port, _ := net.SplitHostPort(addr)
		u := "https://" + net.JoinHostPort(host, port) + "/"
		fmt.Printf("%s as %s: ", server, host)
		resp, err := client.Get(u)
		if err != nil {
			var ue *url.Error
			kind := "untyped"
			if typed {
				kind = category(err)
			}
			fmt.Printf("rejected, url error %v, %s, mentions x509 %v\n",
				errors.As(err, &ue), kind, strings.Contains(err.Error(), "x509: "))
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		var names []string
		for _, c := range resp.TLS.VerifiedChains[0] {
			names = append(names, c.Subject.CommonName)
		}
		fmt.Printf("%d %q chains %d: %s\n", resp.StatusCode, body,
			len(resp.TLS.VerifiedChains), strings.Join(names, " <- "))
	}
	get("good", "127.0.0.1", true)
	get("good", "localhost", true)
	get("chained", "127.0.0.1", true)
	get("good", "wrong.calvados.test", true)
	get("good", "127.0.0.2", true)
	get("expired", "127.0.0.1", true)
	get("stranger", "localhost", true)
	get("orphan", "localhost", false)

	// The same roots through the API.
	pool, err := x509.SystemCertPool()
	fmt.Println("system pool:", pool != nil, err)
	pemBytes, err := os.ReadFile(filepath.Join(dir, "chained.pem"))
	if err != nil {
		die("read", err)
	}
	blk, rest := pem.Decode(pemBytes)
	leaf, _ := x509.ParseCertificate(blk.Bytes)
	blk, _ = pem.Decode(rest)
	inter, _ := x509.ParseCertificate(blk.Bytes)
	inters := x509.NewCertPool()
	inters.AddCert(inter)
	chains, err := leaf.Verify(x509.VerifyOptions{DNSName: "localhost", Intermediates: inters})
	fmt.Println("verify with intermediate:", len(chains), err)
	_, err = leaf.Verify(x509.VerifyOptions{DNSName: "localhost"})
	fmt.Println("verify without intermediate rejected:", err != nil)
	_, err = leaf.Verify(x509.VerifyOptions{DNSName: "localhost", Intermediates: inters,
		CurrentTime: time.Now().Add(72 * time.Hour)})
	fmt.Println("verify in three days:", category(err))
	_, err = leaf.Verify(x509.VerifyOptions{DNSName: "elsewhere.test", Intermediates: inters})
	fmt.Println("verify for another name:", category(err))
}

func main() {
	if len(os.Args) != 3 {
		fmt.Println("usage: tls gen|serve-and-get DIR")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "gen":
		gen(os.Args[2])
	case "serve-and-get":
		serveAndGet(os.Args[2])
	default:
		fmt.Println("unknown command", os.Args[1])
		os.Exit(2)
	}
}
