//! The real x86_64-darwin Nix 2.26.3 (the release tarball of
//! `fixtures/nix-darwin/`, installed by `calvados nix install` into
//! prefixes in /tmp and run by `calvados nix`) used the way people use it:
//! channels fetched over HTTP from loopback, the flake registry, the REPL
//! (piped and on a pseudo-terminal), signed binary substitution from an
//! HTTP binary cache, and two Nix processes building in one store at once.
//!
//! Building the tarball takes over an hour, so without
//! `target/third-party/nix-darwin/nix-2.26.3-x86_64-darwin.tar.xz` every
//! test passes with a message saying so. Python 3 serves HTTP (its
//! `http.server`) and drives the terminal (its `pty` module).
//!
//! Builders end with a shell builtin (`true`): when the last command of a
//! `sh -c` builder is a coreutils program, `sh` execs it, and coreutils
//! closes stdout and stderr itself before exiting; Nix takes the end of the
//! log (the pseudo-terminal's EOF) as the builder's end and kills its
//! process group, so the build can fail "due to signal 9" when the kill
//! lands before the exit. That race is Nix's own, not Calvados': a native
//! Linux `chmod` on a pseudo-terminal whose reader kills the process group
//! at EOF loses it about as often (8 runs in 10 on this machine).

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

mod common;

const CALVADOS: &str = env!("CARGO_BIN_EXE_calvados");

/// The darwin Nix tarball, or `None` (with a message) when it is not built.
fn tarball() -> Option<PathBuf> {
    let t = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/third-party/nix-darwin/nix-2.26.3-x86_64-darwin.tar.xz");
    if t.exists() {
        Some(t)
    } else {
        eprintln!(
            "skipped: {} is not built (`fixtures/nix-darwin/build.sh` builds it)",
            t.display()
        );
        None
    }
}

/// A scratch directory under /tmp, removed (store paths are read-only, so
/// made writable first) when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let p = PathBuf::from(format!(
            "/tmp/calvados-nixuse-{}-{name}",
            std::process::id()
        ));
        common::remove_tree(&p);
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        common::remove_tree(&self.0);
    }
}

/// What one command inside a prefix printed.
struct Run {
    ok: bool,
    out: String,
}

/// Fails the test when a run shows a trap for a missing function or a
/// process (the program itself, or a builder) killed by a signal.
fn check_clean(what: &str, out: &str, status: std::process::ExitStatus) {
    assert!(
        !out.contains("calvados: unimplemented"),
        "{what}: missing function:\n{out}"
    );
    assert!(
        !out.contains("due to signal"),
        "{what}: a builder died by a signal:\n{out}"
    );
    assert!(
        status.signal().is_none(),
        "{what}: killed by signal {:?}:\n{out}",
        status.signal()
    );
}

/// A prefix with the tarball's Nix installed and on `PATH`.
struct Prefix {
    dir: Scratch,
}

impl Prefix {
    /// `calvados nix install` of the tarball, with `conf` (`KEY = VALUE`
    /// lines) set in `/etc/nix/nix.conf`; no channel, no Internet.
    fn install(tarball: &Path, name: &str, conf: &str) -> Prefix {
        let dir = Scratch::new(name);
        let mut c = Command::new(CALVADOS);
        c.args(["nix", "install", "--prefix"]).arg(&dir.0);
        for kv in ["substituters =", "flake-registry ="]
            .into_iter()
            .chain(conf.lines())
        {
            c.args(["--conf", kv]);
        }
        let o = c
            .args(["--no-channel-add", "--no-modify-profile"])
            .arg(tarball)
            .output()
            .unwrap();
        let out =
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
        check_clean("calvados nix install", &out, o.status);
        assert!(o.status.success(), "calvados nix install:\n{out}");
        let pre = Prefix { dir };
        let out = pre.ok("nix --version");
        assert!(out.contains("nix (Nix) 2.26.3"), "{out}");
        pre
    }

    fn path(&self) -> &Path {
        &self.dir.0
    }

    /// A host path inside the prefix (`/` inside it).
    fn host(&self, inner: &str) -> PathBuf {
        self.path().join(inner.trim_start_matches('/'))
    }

    /// `script` run by `/bin/sh` under `calvados nix` (the Nix profile
    /// loaded), stdout and stderr together.
    fn sh(&self, script: &str) -> Run {
        let o = Command::new(CALVADOS)
            .args(["nix", "--prefix"])
            .arg(self.path())
            .args(["/bin/sh", "-c"])
            .arg(format!("exec 2>&1; {script}"))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let out =
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
        check_clean(script, &out, o.status);
        Run {
            ok: o.status.success(),
            out,
        }
    }

    /// Like [`Prefix::sh`], asserting success.
    fn ok(&self, script: &str) -> String {
        let r = self.sh(script);
        assert!(r.ok, "`{script}` failed:\n{}", r.out);
        r.out
    }
}

/// `python3 -m http.server` on an ephemeral loopback port, killed on drop.
struct Http {
    child: Child,
    port: u16,
}

impl Http {
    fn serve(dir: &Path) -> Http {
        let mut child = Command::new("python3")
            .args(["-u", "-m", "http.server", "0", "--bind", "127.0.0.1"])
            .arg("--directory")
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m http.server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
        let port = line
            .split_whitespace()
            .skip_while(|w| *w != "port")
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("http.server said {line:?}"));
        Http { child, port }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Http {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A derivation whose `sh` builder makes `$out/bin/NAME` print `text`.
const CHANNEL_NIX: &str = r#"
let
  mk = name: text: derivation {
    inherit name;
    system = "x86_64-darwin";
    PATH = "/bin:/usr/bin";
    builder = "/bin/sh";
    args = [ "-c" "mkdir -p $out/bin; printf '#!/bin/sh\\necho ${text}\\n' > $out/bin/${name}; chmod +x $out/bin/${name}; true" ];
  };
in {
  hello = mk "hello-1.0" "hello from the channel";
  cowsay = mk "cowsay-2.0" "moo";
  figlet = mk "figlet-3.1" "big letters";
}
"#;

#[test]
fn channel_over_http() {
    let Some(tb) = tarball() else { return };
    let t0 = Instant::now();
    let site = Scratch::new("channel-site");
    let src = site.0.join("src/mychan");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("default.nix"), CHANNEL_NIX).unwrap();
    // Three channels of the same expressions: `channel/nixexprs.tar.xz`;
    // `bz/` with only `nixexprs.tar.bz2` (Nix falls back to it after the
    // 404 of the `.xz`); and a tarball URL of its own, `direct.tar.gz`.
    let www = site.0.join("www");
    for dir in ["channel", "bz"] {
        std::fs::create_dir_all(www.join(dir)).unwrap();
    }
    for (flag, file) in [
        ("-cJf", "channel/nixexprs.tar.xz"),
        ("-cjf", "bz/nixexprs.tar.bz2"),
        ("-czf", "direct.tar.gz"),
    ] {
        let st = Command::new("tar")
            .arg("-C")
            .arg(site.0.join("src"))
            .arg(flag)
            .arg(www.join(file))
            .arg("mychan")
            .status()
            .unwrap();
        assert!(st.success(), "tar {flag} {file}");
    }
    let http = Http::serve(&site.0.join("www"));
    let p = Prefix::install(&tb, "channel", "");

    // `<url>/channel` answers with a redirect to `channel/`, which Nix follows.
    let out = p.ok(&format!(
        "nix-channel --add {}/channel mychan && nix-channel --update && nix-channel --list",
        http.url()
    ));
    assert!(out.contains("unpacking 1 channels"), "{out}");
    assert!(
        out.contains(&format!("mychan {}/channel", http.url())),
        "{out}"
    );
    let out = p.ok("nix-env -qaP | sort");
    let want = "mychan.cowsay  cowsay-2.0\nmychan.figlet  figlet-3.1\nmychan.hello   hello-1.0\n";
    assert!(out.ends_with(want), "nix-env -qaP:\n{out}");
    let out = p.ok("nix-env -qa | sort");
    assert!(
        out.ends_with("cowsay-2.0\nfiglet-3.1\nhello-1.0\n"),
        "nix-env -qa:\n{out}"
    );
    let out = p.ok(&format!(
        "nix-channel --add {0}/bz bzchan && nix-channel --add {0}/direct.tar.gz gzchan && \
         nix-channel --update && nix-env -qaP | sort",
        http.url()
    ));
    assert!(out.contains("unpacking 3 channels"), "{out}");
    for chan in ["bzchan", "gzchan", "mychan"] {
        assert!(
            out.contains(&format!("{chan}.figlet  figlet-3.1\n")),
            "{out}"
        );
    }
    let out = p.ok("nix-env -iA mychan.hello && hello-1.0 && nix-env -q");
    assert!(out.contains("building '/nix/store/"), "{out}");
    assert!(out.contains("hello from the channel\n"), "{out}");
    assert!(out.contains("hello-1.0\nnix-2.26.3\n"), "{out}");
    eprintln!("channel_over_http: {:.1} s", t0.elapsed().as_secs_f64());
}

const FLAKE_NIX: &str = r#"{
  description = "a tiny flake";
  outputs = { self }: {
    answer = 6 * 7;
    packages.x86_64-darwin.default = derivation {
      name = "tiny"; system = "x86_64-darwin"; builder = "/bin/sh";
      args = [ "-c" "echo built by a flake > $out" ];
    };
  };
}
"#;

#[test]
fn flake_registry() {
    let Some(tb) = tarball() else { return };
    let t0 = Instant::now();
    let p = Prefix::install(&tb, "registry", "");
    let flake = p.host("/private/tmp/tiny");
    std::fs::create_dir_all(&flake).unwrap();
    std::fs::write(flake.join("flake.nix"), FLAKE_NIX).unwrap();
    // /tmp is a symlink to /private/tmp, as on macOS, where Nix refuses
    // `path:` flakes under a symlink.
    let r = p.sh("nix eval path:/tmp/tiny#answer");
    assert!(
        !r.ok && r.out.contains("path '//tmp' is a symlink"),
        "{}",
        r.out
    );
    let out = p.ok("nix registry add tiny path:/private/tmp/tiny && nix registry list");
    assert!(
        out.contains("user   flake:tiny path:/private/tmp/tiny"),
        "{out}"
    );
    let out = p.ok("nix eval tiny#answer");
    assert_eq!(out, "42\n");
    let out = p.ok("cat $(nix build tiny --no-link --print-out-paths)");
    assert!(out.ends_with("built by a flake\n"), "{out}");
    let out = p.ok("nix registry remove tiny && nix registry list");
    assert!(!out.contains("flake:tiny"), "{out}");
    eprintln!("flake_registry: {:.1} s", t0.elapsed().as_secs_f64());
}

/// Drives `nix repl` on a pseudo-terminal: waits for each answer, edits a
/// line with Ctrl-A (start of line) and backspaces, drops one with Ctrl-C
/// (SIGINT from the terminal: GNU readline goes on reading, and Nix drops
/// the line it returns, so an empty one is sent), and leaves with Ctrl-D. (The tarball's Nix
/// uses GNU readline, with which Nix 2.26 installs no completion function
/// and records no history, so neither is tested.)
const PTY_DRIVER: &str = r#"
import os, pty, select, sys, time
calvados, prefix = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.environ['TERM'] = 'xterm'
    os.execv(calvados, [calvados, 'nix', '--prefix', prefix, 'nix', 'repl'])
out = b''
def wait_for(s, n=1, t=30):
    global out
    end = time.time() + t
    while out.count(s) < n and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                d = os.read(fd, 4096)
            except OSError:
                break
            if not d:
                break
            out += d
    return out.count(s) >= n
steps = [(b'', b'nix-repl> '), (b'6 * 7\r', b'42'),
         (b'1 + 1\x01' + b'10\r', b'102'), (b'2 * 30\x7f\x7f5\r', b'\x1b[36;1m10\x1b[0m'),
         (b'100 * 5\x03', b'^C'), (b'\r', (b'nix-repl> ', 5)), (b'9 * 9\r', b'81'),
         (b'\x04', None)]
def settle(quiet=0.3, t=10):
    # Until the output has been quiet for a moment: keys typed while Nix
    # still prints the last answer (a loaded machine) race readline.
    global out
    end = time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return
        try:
            d = os.read(fd, 4096)
        except OSError:
            return
        if not d:
            return
        out += d
for keys, want in steps:
    settle()
    os.write(fd, keys)
    if want is not None:
        s, n = want if isinstance(want, tuple) else (want, 1)
        print('%r %s' % (want, 'seen' if wait_for(s, n) else 'MISSING'))
wait_for(b'\x00', 1, 10)
st = None
for _ in range(150):
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    time.sleep(0.1)
else:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    st = 'timeout (killed)'
print('status', st)
sys.stdout.write(out.decode('utf-8', 'replace'))
"#;

#[test]
fn repl_piped_and_on_a_terminal() {
    let Some(tb) = tarball() else { return };
    let t0 = Instant::now();
    let p = Prefix::install(&tb, "repl", "");
    let out = p.ok("printf '1 + 2\\nbuiltins.currentSystem\\nx = 5\\nx * 7\\n:q\\n' | nix repl");
    assert!(out.contains("Nix 2.26.3"), "{out}");
    for want in ["3", "\"x86_64-darwin\"", "35"] {
        assert!(out.contains(&format!("{want}\x1b[0m")), "{want} in:\n{out}");
    }

    let script = p.host("/private/tmp/drive_repl.py");
    std::fs::write(&script, PTY_DRIVER).unwrap();
    let o = Command::new("python3")
        .arg(&script)
        .arg(CALVADOS)
        .arg(p.path())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    check_clean("nix repl on a terminal", &out, o.status);
    assert!(o.status.success(), "{out}");
    assert!(!out.contains("MISSING"), "{out}");
    assert!(out.contains("status 0\n"), "{out}");
    eprintln!(
        "repl_piped_and_on_a_terminal: {:.1} s",
        t0.elapsed().as_secs_f64()
    );
}

const SUBST_NIX: &str = r#"{ payload ? "42" }: derivation {
  name = "subst-${payload}"; system = "x86_64-darwin"; PATH = "/bin:/usr/bin"; builder = "/bin/sh";
  args = [ "-c" "mkdir $out; echo payload-${payload} > $out/data; true" ];
}
"#;

#[test]
fn signed_binary_substitution() {
    let Some(tb) = tarball() else { return };
    let t0 = Instant::now();
    let cache = Scratch::new("binary-cache");
    let inner_cache = format!("/Volumes/SystemRoot{}", cache.0.display());

    // Prefix A builds a path and signs it (`nix store sign`), builds a
    // second one signed as it is built (the `secret-key-files` setting), and
    // copies both to a file:// cache.
    let a = Prefix::install(&tb, "subst-a", "");
    std::fs::write(a.host("/private/tmp/subst.nix"), SUBST_NIX).unwrap();
    let out = a.ok(&format!(
        "cd /tmp && nix-store --generate-binary-cache-key test-key-1 sk pk && \
         p=$(nix-build subst.nix --no-out-link) && echo path=$p && \
         nix store sign -k /tmp/sk $p && \
         q=$(nix-build subst.nix --argstr payload 7 --option secret-key-files /tmp/sk --no-out-link) && \
         echo path2=$q && nix copy --to file://{inner_cache} $p $q && nix path-info --sigs $p $q"
    ));
    let field = |key: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or_else(|| panic!("{key} in:\n{out}"))
            .to_string()
    };
    let (path, path2) = (field("path="), field("path2="));
    assert!(out.contains("added 1 signatures"), "{out}");
    for p in [&path, &path2] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(p.as_str()) && l.contains("\tultimate test-key-1:")),
            "{p} signed in:\n{out}"
        );
    }
    let pk = std::fs::read_to_string(a.host("/private/tmp/pk")).unwrap();
    assert!(pk.starts_with("test-key-1:"), "{pk}");
    let hash = &path["/nix/store/".len()..][..32];
    let narinfo = std::fs::read_to_string(cache.0.join(format!("{hash}.narinfo"))).unwrap();
    assert!(narinfo.contains("Sig: test-key-1:"), "{narinfo}");
    drop(a);

    let http = Http::serve(&cache.0);
    let conf = |key: &str| {
        format!(
            "substituters = {}\ntrusted-public-keys = {key}\nrequire-sigs = true",
            http.url()
        )
    };

    // Prefix B trusts the key: the path is fetched, nothing is built, both
    // by `nix-store -r` and by `nix-build` of the same derivation.
    let b = Prefix::install(&tb, "subst-b", &conf(pk.trim()));
    std::fs::write(b.host("/private/tmp/subst.nix"), SUBST_NIX).unwrap();
    let out = b.ok(&format!("nix-store -r {path} && cat {path}/data"));
    assert!(
        out.contains(&format!("copying path '{path}' from '{}'", http.url())),
        "{out}"
    );
    assert!(!out.contains("building"), "{out}");
    assert!(out.ends_with("payload-42\n"), "{out}");
    let out = b.ok(&format!("nix-store -r {path2} && cat {path2}/data"));
    assert!(out.contains("copying path"), "{out}");
    assert!(out.ends_with("payload-7\n"), "{out}");
    let out = b.ok(&format!(
        "nix-store --delete {path} && nix-build /tmp/subst.nix --no-out-link && nix-store --verify-path {path}"
    ));
    assert!(out.contains("will be fetched"), "{out}");
    assert!(!out.contains("will be built"), "{out}");
    assert!(out.contains(&format!("{path}\n")), "{out}");
    drop(b);

    // Prefix C trusts another key of the same name: the substitute is
    // rejected for its signature and the path is not there.
    let c = Prefix::install(
        &tb,
        "subst-c",
        &conf("test-key-1:8PyPBLJOxZ6VcwXc9HZTMR0sjbSPV+sbdKjhdFI+v7E="),
    );
    let r = c.sh(&format!("nix-store -r {path}"));
    assert!(!r.ok, "{}", r.out);
    assert!(
        r.out
            .contains("as it's not signed by any of the keys in 'trusted-public-keys'"),
        "{}",
        r.out
    );
    assert!(!c.host(&path).exists());
    eprintln!(
        "signed_binary_substitution: {:.1} s",
        t0.elapsed().as_secs_f64()
    );
}

const PAR_NIX: &str = r#"{ tag }: builtins.listToAttrs (map (i: {
  name = "d${toString i}";
  value = derivation {
    name = "par-${tag}-${toString i}"; system = "x86_64-darwin"; PATH = "/bin:/usr/bin";
    builder = "/bin/sh"; args = [ "-c" "mkdir $out; echo ${tag}-${toString i} > $out/v; sleep 0.2; true" ];
  };
}) [ 1 2 3 4 5 6 ])
"#;

#[test]
fn two_builds_at_once() {
    let Some(tb) = tarball() else { return };
    let t0 = Instant::now();
    let p = Prefix::install(&tb, "parallel", "");
    let mut f = std::fs::File::create(p.host("/private/tmp/par.nix")).unwrap();
    f.write_all(PAR_NIX.as_bytes()).unwrap();
    // The same six derivations in both (they wait for each other's locks),
    // then six different ones each.
    for (a, b) in [("S", "S"), ("A", "B")] {
        let out = p.ok(&format!(
            "nix-build /tmp/par.nix --argstr tag {a} --no-out-link > /tmp/oa 2>&1 & a=$!; \
             nix-build /tmp/par.nix --argstr tag {b} --no-out-link -j3 > /tmp/ob 2>&1 & b=$!; \
             wait $a; ra=$?; wait $b; rb=$?; cat /tmp/oa /tmp/ob; echo status $ra $rb; \
             for p in $(grep '^/nix/store/' /tmp/oa /tmp/ob | cut -d: -f2); do cat $p/v; done | sort -u | tr '\\n' ' '"
        ));
        assert!(out.contains("status 0 0\n"), "{out}");
        check_clean(
            "parallel builds",
            &out,
            std::process::ExitStatus::from_raw(0),
        );
        let mut want: Vec<String> = (1..=6)
            .flat_map(|i| [format!("{a}-{i}"), format!("{b}-{i}")])
            .collect();
        want.sort();
        want.dedup();
        assert!(out.ends_with(&(want.join(" ") + " ")), "{out}");
    }
    let out = p.ok("nix-store --verify --check-contents");
    assert!(!out.contains("error"), "{out}");
    assert!(out.contains("checking store hashes"), "{out}");
    eprintln!("two_builds_at_once: {:.1} s", t0.elapsed().as_secs_f64());
}

const SLEEPER_NIX: &str = r#"derivation {
  name = "sleeper"; system = "x86_64-darwin"; PATH = "/bin:/usr/bin"; builder = "/bin/sh";
  args = [ "-c" "mkdir -p $out/bin; cp /bin/sleep $out/bin/; true" ];
}
"#;

/// The garbage collector keeps a store path whose Mach-O program is running
/// (Nix finds it through `/proc`, which the prefix mounts: the loader maps
/// the program's file) and deletes it once the program has ended.
#[test]
fn gc_keeps_running_programs() {
    let Some(tb) = tarball() else { return };
    let t0 = Instant::now();
    let p = Prefix::install(&tb, "gc", "");
    std::fs::write(p.host("/private/tmp/sleeper.nix"), SLEEPER_NIX).unwrap();
    let out = p.ok(
        "p=$(nix-build /tmp/sleeper.nix --no-out-link) && echo path=$p && \
         { $p/bin/sleep 30 & s=$!; sleep 1; \
           nix-store --delete $p; echo delete-while-running=$?; \
           nix-store --gc --print-roots | grep -c \"^/proc/$s/.* -> $p\\$\"; \
           kill $s; wait $s; nix-store --delete $p; echo delete-after=$?; \
           test -e $p; echo exists=$?; }",
    );
    assert!(out.contains("since it is still alive"), "{out}");
    assert!(out.contains("delete-while-running=1\n"), "{out}");
    assert!(!out.contains("\n0\n"), "no /proc root found:\n{out}");
    assert!(out.contains("1 store paths deleted"), "{out}");
    assert!(out.contains("delete-after=0\nexists=1\n"), "{out}");
    // Nix's collector also asks /usr/bin/lsof (calvados-tools) for roots.
    assert!(!out.contains("lsof"), "{out}");
    eprintln!(
        "gc_keeps_running_programs: {:.1} s",
        t0.elapsed().as_secs_f64()
    );
}
