//! HTTPS from a Go program (`tests/go/tls/main.go`): Go on darwin verifies
//! every server chain through Security.framework (`SecTrustEvaluateWithError`),
//! Go on Linux with its own verifier over the same CA files. The program is
//! built for linux/amd64 and darwin/amd64 (cgo off); `tls gen DIR` makes the
//! certificates (run under Calvados), then `tls serve-and-get DIR` must
//! print the same natively and under Calvados, with `SSL_CERT_FILE` naming
//! the generated CA, and with `SSL_CERT_DIR` holding it beside the host's
//! bundle; with the host's store alone everything must be rejected.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn go_available() -> bool {
    let ok = Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: Go is not installed (run scripts/setup.sh)");
    }
    ok
}

fn build(src: &Path, goos: &str, out: &Path) {
    let o = Command::new("go")
        .args(["build", "-o"])
        .arg(out)
        .arg(src)
        .env("GOOS", goos)
        .env("GOARCH", "amd64")
        .env("CGO_ENABLED", "0")
        .env("GOFLAGS", "-mod=mod")
        .output()
        .expect("go build");
    assert!(
        o.status.success(),
        "go build {goos}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Runs `exe args` natively or under Calvados, with the trust-store
/// variables set as given (and removed otherwise).
fn run(calvados: bool, exe: &Path, args: &[&Path], env: &[(&str, &Path)]) -> Output {
    let mut cmd = if calvados {
        let mut c = Command::new(env!("CARGO_BIN_EXE_calvados"));
        c.arg("run").arg(exe);
        c
    } else {
        Command::new(exe)
    };
    cmd.args(args)
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn same(what: &str, native: &Output, ours: &Output) {
    assert_eq!(
        text(&ours.stdout),
        text(&native.stdout),
        "{what}: stdout differs; calvados stderr: {}",
        text(&ours.stderr)
    );
    assert_eq!(
        ours.status.code(),
        native.status.code(),
        "{what}: exit status"
    );
}

#[test]
fn go_https_verifies_like_linux() {
    if !go_available() {
        return;
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/go/tls/main.go");
    let out: PathBuf = std::env::temp_dir().join(format!("calvados-go-tls-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let (certs, native_certs, empty) = (out.join("certs"), out.join("native"), out.join("empty"));
    for d in [&certs, &native_certs, &empty] {
        std::fs::create_dir_all(d).unwrap();
    }
    let linux = out.join("tls.linux");
    let darwin = out.join("tls.darwin");
    build(&src, "linux", &linux);
    build(&src, "darwin", &darwin);

    // Certificates made by the darwin build (crypto/ecdsa, crypto/x509).
    let gen = Path::new("gen");
    let ours = run(true, &darwin, &[gen, &certs], &[]);
    let native = run(false, &linux, &[gen, &native_certs], &[]);
    same("gen", &native, &ours);
    assert!(ours.status.success(), "gen failed: {}", text(&ours.stderr));

    // The generated CA as the whole store (no certificate directories).
    let get = Path::new("serve-and-get");
    let ca = certs.join("ca.pem");
    let vars = [
        ("SSL_CERT_FILE", ca.as_path()),
        ("SSL_CERT_DIR", empty.as_path()),
    ];
    let native = run(false, &linux, &[get, &certs], &vars);
    let ours = run(true, &darwin, &[get, &certs], &vars);
    same("serve-and-get with SSL_CERT_FILE", &native, &ours);
    let got = text(&ours.stdout);
    assert!(
        got.contains("good as 127.0.0.1: 200 \"hello from good"),
        "the trusted server was not reached:\n{got}"
    );

    // The CA found in a certificate directory, next to the host's bundle.
    let cadir = out.join("cadir");
    std::fs::create_dir_all(&cadir).unwrap();
    std::fs::copy(&ca, cadir.join("test-ca.pem")).unwrap();
    let vars = [("SSL_CERT_DIR", cadir.as_path())];
    let native = run(false, &linux, &[get, &certs], &vars);
    let ours = run(true, &darwin, &[get, &certs], &vars);
    same("serve-and-get with SSL_CERT_DIR", &native, &ours);

    // The host's store alone, which does not know the generated CA. A
    // chain that stops short of a self-signed root is errSecCreateChainFailed
    // on darwin (not an UnknownAuthorityError, see main.go), so only the
    // rejections are checked here.
    let ours = run(
        true,
        &darwin,
        &[get, &certs],
        &[("SSL_CERT_DIR", empty.as_path())],
    );
    let got = text(&ours.stdout);
    for want in [
        "good as 127.0.0.1: rejected, url error true, other, mentions x509 true\n",
        "chained as 127.0.0.1: rejected, url error true, other, mentions x509 true\n",
        "stranger as localhost: rejected, url error true, unknown authority, mentions x509 true\n",
        "verify with intermediate: 0 x509: \u{201c}Calvados Test Intermediate\u{201d} certificate is not trusted\n",
    ] {
        assert!(got.contains(want), "host store: no {want:?} in:\n{got}");
    }
    assert!(ours.status.success(), "host store: {}", text(&ours.stderr));

    let _ = std::fs::remove_dir_all(&out);
}
