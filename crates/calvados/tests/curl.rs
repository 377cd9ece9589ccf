//! libcurl, built from Debian's `curl` source for macOS
//! (`/usr/lib/libcurl.4.dylib`) and as a static Linux twin
//! (`scripts/build-darwin-curl.sh`): `tests/curl/client.c` makes GET, POST,
//! redirected, failing, gzip and HEAD requests against a small HTTP server
//! this test runs on 127.0.0.1, natively and under Calvados. Outputs must be
//! identical. Skips (passing, with a message) when the build script fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The curl build directory, or why there is none.
fn curl_build() -> Result<PathBuf, String> {
    let o = Command::new("bash")
        .arg(repo().join("scripts/build-darwin-curl.sh"))
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run scripts/build-darwin-curl.sh: {e}"))?;
    if !o.status.success() {
        let err = String::from_utf8_lossy(&o.stderr);
        let tail: Vec<&str> = err.lines().rev().take(15).collect();
        return Err(tail.into_iter().rev().collect::<Vec<_>>().join("\n"));
    }
    let out = String::from_utf8(o.stdout).unwrap();
    Ok(PathBuf::from(
        out.lines()
            .last()
            .ok_or("build-darwin-curl.sh printed no path")?,
    ))
}

/// CRC-32 (IEEE), for the gzip trailer.
fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xedb8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// `data` as a gzip member holding one stored (uncompressed) deflate block.
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut v = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    let n = data.len() as u16;
    v.push(1); // final block, stored
    v.extend_from_slice(&n.to_le_bytes());
    v.extend_from_slice(&(!n).to_le_bytes());
    v.extend_from_slice(data);
    v.extend_from_slice(&crc32(data).to_le_bytes());
    v.extend_from_slice(&(data.len() as u32).to_le_bytes());
    v
}

/// Answers one request on `s` (one request per connection).
fn serve(mut s: TcpStream) {
    let mut r = BufReader::new(s.try_clone().unwrap());
    let mut line = String::new();
    if r.read_line(&mut line).is_err() || line.is_empty() {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    let mut len = 0usize;
    loop {
        let mut h = String::new();
        if r.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        let h = h.trim_end().to_string();
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse().unwrap_or(0);
            }
        }
        headers.push(h);
    }
    let mut body = vec![0; len];
    let _ = r.read_exact(&mut body);
    let (status, extra, ctype, content): (&str, String, &str, Vec<u8>) = match path.as_str() {
        "/hello" => (
            "200 OK",
            String::new(),
            "text/plain",
            b"hello, world\n".to_vec(),
        ),
        "/echo" => {
            let mut t = format!("method {method}\n");
            headers.sort();
            for h in &headers {
                t += &format!("header {h}\n");
            }
            t += &format!("body {}\n", String::from_utf8_lossy(&body));
            (
                "200 OK",
                String::new(),
                "text/plain; charset=utf-8",
                t.into_bytes(),
            )
        }
        "/redirect" => (
            "302 Found",
            "Location: /hello\r\n".to_string(),
            "text/html",
            b"moved\n".to_vec(),
        ),
        "/gzip" => (
            "200 OK",
            "Content-Encoding: gzip\r\n".to_string(),
            "text/plain",
            gzip_stored(b"this text came through zlib's inflate\n"),
        ),
        _ => (
            "404 Not Found",
            String::new(),
            "text/html",
            b"<h1>not here</h1>\n".to_vec(),
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nServer: calvados-test\r\nContent-Type: {ctype}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        content.len()
    );
    let _ = s.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = s.write_all(&content);
    }
}

fn run(cmd: &mut Command) -> Output {
    cmd.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("LANG", "C")
        .stdin(Stdio::null())
        .output()
        .expect("run the curl client")
}

#[test]
fn libcurl_client_matches_linux() {
    let build = match curl_build() {
        Ok(b) => b,
        Err(why) => {
            println!("SKIP curl: scripts/build-darwin-curl.sh failed:\n{why}");
            eprintln!("SKIP curl: scripts/build-darwin-curl.sh failed:\n{why}");
            return;
        }
    };
    let work = std::env::temp_dir().join(format!("calvados-curl-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let src = repo().join("tests/curl/client.c");
    let inc = build.join("usr/include");
    let zig_cc = repo().join("scripts/zig-cc");
    let mac = work.join("client");
    let lin = work.join("client.linux");
    let ok = Command::new(&zig_cc)
        .args(["-target", "x86_64-macos", "-O1"])
        .arg(&src)
        .arg("-I")
        .arg(&inc)
        .arg(build.join("usr/lib/libcurl.4.dylib"))
        .arg("-o")
        .arg(&mac)
        .status()
        .unwrap();
    assert!(ok.success(), "building the macOS client failed");
    let ok = Command::new(&zig_cc)
        .args(["-target", "x86_64-linux-gnu", "-O1"])
        .arg(&src)
        .arg("-I")
        .arg(&inc)
        .arg(build.join("linux/libcurl.a"))
        .arg(build.join("linux/libz.a"))
        .args(["-lpthread", "-o"])
        .arg(&lin)
        .status()
        .unwrap();
    assert!(ok.success(), "building the Linux client failed");

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    std::thread::spawn(move || {
        for s in listener.incoming().flatten() {
            std::thread::spawn(move || serve(s));
        }
    });
    // A port where nothing listens: bound once, then released.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();

    let native = run(Command::new(&lin).args([&port, &closed]));
    let ours = run(Command::new(env!("CARGO_BIN_EXE_calvados"))
        .arg("run")
        .arg(&mac)
        .args([&port, &closed]));
    let n = String::from_utf8_lossy(&native.stdout);
    let o = String::from_utf8_lossy(&ours.stdout);
    assert!(native.status.success(), "native client failed: {n}");
    assert_eq!(n, o, "stdout differs");
    assert_eq!(
        String::from_utf8_lossy(&native.stderr),
        String::from_utf8_lossy(&ours.stderr),
        "stderr differs"
    );
    assert_eq!(native.status.code(), ours.status.code());
    for want in [
        "hello, world",
        "header X-Test: yes please",
        "status 404",
        "zlib's inflate",
        "https: 1 ",
    ] {
        assert!(o.contains(want), "missing {want:?} in:\n{o}");
    }
    let _ = std::fs::remove_dir_all(&work);
}
