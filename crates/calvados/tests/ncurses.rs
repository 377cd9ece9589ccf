//! ncurses, built from Debian's source as macOS ships it
//! (`/usr/lib/libncurses.5.4.dylib`, `scripts/build-darwin-ncurses.sh`,
//! cached) with a static Linux twin from the same source and options.
//! Programs run in a pseudo-terminal of a fixed size, with the same TERM and
//! terminfo database (the darwin tree's `usr/share/terminfo`), fed keys: a C
//! curses program built for both systems must write the same bytes to the
//! terminal natively and under Calvados; the real `ccmake` (cmake's macOS
//! wheel) must configure and generate a tiny project.

use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds (or finds in the cache) ncurses; its build directory, with
/// `usr/lib/libncurses.5.4.dylib`, `usr/include/`, `usr/share/terminfo/`,
/// `linux/libncurses.a` and `linux/include/`. The script also installs the
/// darwin files where the loader looks.
fn ncurses_build() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let o = Command::new("bash")
            .arg(repo().join("scripts/build-darwin-ncurses.sh"))
            .stderr(Stdio::inherit())
            .output()
            .expect("run scripts/build-darwin-ncurses.sh");
        assert!(
            o.status.success(),
            "scripts/build-darwin-ncurses.sh failed (it needs zig and Debian's ncurses source)"
        );
        let out = String::from_utf8(o.stdout).unwrap();
        PathBuf::from(out.lines().last().expect("the script printed no path"))
    })
    .clone()
}

/// The darwin tree the loader looks install names up in.
fn darwin_tree() -> PathBuf {
    repo().join("target/lib/calvados/darwin")
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("calvados-ncurses-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// What a program wrote to its terminal, and how it ended.
struct PtyRun {
    output: Vec<u8>,
    status: ExitStatus,
}

/// Runs `cmd` as the session leader of a new 24x80 pseudo-terminal (its
/// controlling terminal, on stdin/stdout/stderr). For each `(wait, keys)`
/// step, waits until the output since the previous step contains `wait`,
/// then types `keys`. Collects everything written until the program exits.
fn run_in_pty(mut cmd: Command, steps: &[(&str, &[u8])], what: &str) -> PtyRun {
    let ws = libc::winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let (mut master, mut slave) = (-1, -1);
    // SAFETY: openpty writes two fds into the given ints; name and termios
    // may be null, the winsize is a valid struct.
    let r = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &ws,
        )
    };
    assert_eq!(r, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both fds were just opened by openpty and are owned here only.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    cmd.stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave.try_clone().unwrap()));
    // SAFETY: between fork and exec the closure only calls the
    // async-signal-safe setsid and ioctl.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("{what}: spawn: {e}"));
    drop(cmd);
    drop(slave);

    // Reads until EIO (every slave fd closed).
    let output = Arc::new(Mutex::new(Vec::new()));
    let mut reader = std::fs::File::from(master.try_clone().unwrap());
    let sink = Arc::clone(&output);
    let reading = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let mut writer = std::fs::File::from(master);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut from = 0;
    let fail = |why: String, child: &mut std::process::Child, out: &Arc<Mutex<Vec<u8>>>| -> ! {
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "{what}: {why}; the terminal got:\n{}",
            String::from_utf8_lossy(&out.lock().unwrap())
        );
    };
    for (wait, keys) in steps {
        loop {
            {
                let out = output.lock().unwrap();
                let seen = &out[from..];
                if let Some(i) = seen.windows(wait.len()).position(|w| w == wait.as_bytes()) {
                    from += i + wait.len();
                    break;
                }
            }
            if let Ok(Some(st)) = child.try_wait() {
                fail(
                    format!("exited ({st}) before printing {wait:?}"),
                    &mut child,
                    &output,
                );
            }
            if Instant::now() > deadline {
                fail(
                    format!("timed out waiting for {wait:?}"),
                    &mut child,
                    &output,
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        writer.write_all(keys).unwrap();
    }
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if Instant::now() > deadline {
            fail("timed out waiting for the exit".into(), &mut child, &output);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // The reader ends with EIO once the child's terminal fds are closed.
    drop(writer);
    reading.join().unwrap();
    let output = std::mem::take(&mut *output.lock().unwrap());
    PtyRun { output, status }
}

/// Environment for both sides: a fixed terminal type and the database the
/// darwin library reads (hashed directory names, as on macOS; the Linux twin
/// is configured the same way).
fn terminal_env(cmd: &mut Command) {
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::temp_dir())
        .env("TERM", "xterm-256color")
        .env("TERMINFO", darwin_tree().join("usr/share/terminfo"))
        .env("LC_ALL", "C")
        .env("TZ", "UTC");
}

/// The curses program: terminfo and termcap queries first (printed on the
/// terminal as text), then a screen with a boxed, coloured window, keys read
/// with keypad translation until `q`, and after endwin the key names.
const PROGRAM: &str = r#"
#include <curses.h>
#include <term.h>
#include <termcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int out(int c) { return putchar(c); }

static void show(const char *name, const char *s) {
    printf("%s=", name);
    if (s == NULL) { printf("(null)\n"); return; }
    if (s == (char *)-1) { printf("(cancelled)\n"); return; }
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 32 || c == 127) printf("^%c", c ^ 64); else putchar(c);
    }
    putchar('\n');
}

int main(void) {
    char entry[4096], area[2048], *ap = area;
    int err = 99;

    /* termcap level */
    printf("tgetent=%d\n", tgetent(entry, getenv("TERM")));
    printf("co=%d li=%d am=%d km=%d xx=%d\n", tgetnum("co"), tgetnum("li"),
           tgetflag("am"), tgetflag("km"), tgetnum("xx"));
    char *cm = tgetstr("cm", &ap), *cl = tgetstr("cl", &ap);
    show("cm", cm);
    show("cl", cl);
    show("tgoto", tgoto(cm, 7, 3));
    show("zz", tgetstr("zz", &ap));
    printf("[");
    tputs(tgoto(cm, 7, 3), 1, out);
    printf("]\n");

    /* terminfo level */
    printf("setupterm(bogus)=%d err=%d\n", setupterm("no-such-terminal", 1, &err), err);
    printf("setupterm=%d err=%d\n", setupterm(NULL, 1, &err), err);
    printf("colors=%d cols=%d lines=%d am=%d bogus=%d/%d\n", tigetnum("colors"),
           tigetnum("cols"), tigetnum("lines"), tigetflag("am"), tigetnum("bogus"),
           tigetflag("bogus"));
    show("cup", tigetstr("cup"));
    show("setaf", tigetstr("setaf"));
    show("cup(4,9)", tparm(tigetstr("cup"), 4, 9, 0, 0, 0, 0, 0, 0, 0));
    show("setaf(3)", tparm(tigetstr("setaf"), 3, 0, 0, 0, 0, 0, 0, 0, 0));
    show("cols-as-string", tigetstr("cols"));
    show("kcuu1", tigetstr("kcuu1"));
    printf("longname=%s\n", longname());
    /* baudrate() is not printed: the Linux twin's is -1, as zig's glibc 2.42
       headers give B38400 as 38400 while the old cfgetospeed it links
       returns the old code 15. */
    fflush(stdout);
    del_curterm(cur_term);

    /* curses */
    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    typeahead(-1);
    int colors = has_colors();
    if (colors) {
        start_color();
        use_default_colors();
        init_pair(1, COLOR_RED, COLOR_BLACK);
        init_pair(2, COLOR_YELLOW, COLOR_BLUE);
    }
    WINDOW *w = newwin(10, 40, 3, 6);
    box(w, 0, 0);
    wattron(w, COLOR_PAIR(1) | A_BOLD);
    mvwprintw(w, 1, 2, "LINES=%d COLS=%d colors=%d", LINES, COLS, colors);
    wattroff(w, COLOR_PAIR(1) | A_BOLD);
    wattron(w, COLOR_PAIR(2) | A_UNDERLINE);
    mvwaddstr(w, 2, 2, "underlined on blue");
    wattroff(w, COLOR_PAIR(2) | A_UNDERLINE);
    mvwaddch(w, 3, 2, ACS_DIAMOND);
    wattron(w, A_REVERSE);
    mvwprintw(w, 3, 4, "max %dx%d", getmaxy(w), getmaxx(w));
    wattroff(w, A_REVERSE);
    mvprintw(0, 0, "READY");
    mvprintw(1, 0, "press keys, q quits");
    refresh();
    wrefresh(w);

    int keys[32], n = 0, row = 4;
    for (;;) {
        int ch = getch();
        if (n < 32) keys[n++] = ch;
        if (ch == 'q' || ch == ERR) break;
        mvwprintw(w, row, 2, "key %-20s", keyname(ch));
        wclrtoeol(w);
        box(w, 0, 0);
        if (++row > 8) row = 4;
        wrefresh(w);
    }
    delwin(w);
    endwin();
    for (int i = 0; i < n; i++) printf("key %d %s\n", keys[i], keyname(keys[i]));
    printf("isendwin=%d\n", isendwin());
    return 0;
}
"#;

/// Builds the curses program for Linux (static twin) and macOS (the dylib).
fn programs() -> (PathBuf, PathBuf) {
    let build = ncurses_build();
    let dir = repo().join("target/ncurses-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("curses_demo.c");
    std::fs::write(&src, PROGRAM).unwrap();
    let mut out = Vec::new();
    for (side, target, inc, lib) in [
        (
            "linux",
            "x86_64-linux-gnu",
            build.join("linux/include"),
            build.join("linux/libncurses.a"),
        ),
        (
            "darwin",
            "x86_64-macos",
            build.join("usr/include"),
            build.join("usr/lib/libncurses.5.4.dylib"),
        ),
    ] {
        let exe = dir.join(format!("curses_demo.{side}"));
        let o = Command::new("python3")
            .args(["-m", "ziglang", "cc", "-target", target, "-O1", "-w"])
            .arg(format!("-I{}", inc.display()))
            .arg(&src)
            .arg(&lib)
            .arg("-o")
            .arg(&exe)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "zig cc ({side}) failed:\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        out.push(exe);
    }
    (out.remove(0), out.remove(0))
}

/// Keys: letters, arrows and F1 as xterm sends them in keypad-transmit mode,
/// backspace (DEL), then `q`; typed once the screen is up (echo is off by
/// then). With `typeahead(-1)` the screen updates do not depend on when the
/// keys arrive, so the bytes are deterministic.
const KEYS: &[(&str, &[u8])] = &[("READY", b"a\x1bOA\x1bOB\x1bOP\x7fZq")];

#[test]
fn curses_program_matches_linux() {
    let (linux, darwin) = programs();
    let dir = scratch("demo");
    let mut native = Command::new(&linux);
    native.current_dir(&dir);
    terminal_env(&mut native);
    let native = run_in_pty(native, KEYS, "native");
    let mut ours = Command::new(env!("CARGO_BIN_EXE_calvados"));
    ours.arg("run").arg(&darwin).current_dir(&dir);
    terminal_env(&mut ours);
    let ours = run_in_pty(ours, KEYS, "calvados");
    assert!(native.status.success(), "native run: {}", native.status);
    let text = String::from_utf8_lossy(&native.output);
    for want in [
        "tgetent=1",
        "setupterm=0 err=1",
        "key 259 KEY_UP",
        "key 265 KEY_F(1)",
        "isendwin=1",
    ] {
        assert!(text.contains(want), "native output lacks {want:?}:\n{text}");
    }
    assert_eq!(
        String::from_utf8_lossy(&native.output),
        String::from_utf8_lossy(&ours.output),
        "the terminal got different bytes natively (left) and under Calvados (right)"
    );
    assert_eq!(native.status.code(), ours.status.code());
}

/// The real ccmake from cmake's macOS wheel: configure (`c`) and generate
/// (`g`) a project without languages, in a pseudo-terminal.
#[test]
fn real_ccmake_configures_and_generates() {
    let wheel = "cmake-4.4.4-py3-none-macosx_10_10_universal2.whl";
    let ccmake = repo()
        .join("target/third-party/real/x")
        .join(wheel)
        .join("cmake/data/bin/ccmake");
    let ccmake = if ccmake.exists() {
        ccmake
    } else {
        Path::new("/work/main/target/third-party/real/x")
            .join(wheel)
            .join("cmake/data/bin/ccmake")
    };
    if !ccmake.exists() {
        eprintln!("skipped: {wheel} is not unpacked (scripts/fetch-real-binaries.sh)");
        return;
    }
    ncurses_build();
    let curl = darwin_tree().join("usr/lib/libcurl.4.dylib");
    if !curl.exists() {
        eprintln!(
            "skipped: ccmake also needs /usr/lib/libcurl.4.dylib, not built ({} is absent; \
             scripts/build-darwin-curl.sh builds it)",
            curl.display()
        );
        return;
    }
    let dir = scratch("ccmake");
    let (src, bld) = (dir.join("src"), dir.join("build"));
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&bld).unwrap();
    std::fs::write(
        src.join("CMakeLists.txt"),
        "cmake_minimum_required(VERSION 3.10)\nproject(demo NONE)\n\
         set(DEMO_OPTION ON CACHE BOOL \"a demo option\")\n",
    )
    .unwrap();
    // The cmake modules are found relative to the executable, in the wheel.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_calvados"));
    cmd.arg("run").arg(&ccmake).arg(&src).current_dir(&bld);
    terminal_env(&mut cmd);
    let run = run_in_pty(
        cmd,
        &[
            // The first configure adds new (starred) entries; generating is
            // offered after a configure that adds none.
            ("EMPTY CACHE", b"c"),
            ("Configuring done", b"c"),
            ("[g] Generate", b"g"),
            // ccmake 4 stays on its screen after generating.
            ("Generating done", b"q"),
        ],
        "ccmake",
    );
    let text = String::from_utf8_lossy(&run.output);
    assert!(
        run.status.success(),
        "ccmake exited with {}:\n{text}",
        run.status
    );
    assert!(
        bld.join("Makefile").exists(),
        "ccmake generated no Makefile:\n{text}"
    );
    let cache = std::fs::read_to_string(bld.join("CMakeCache.txt")).unwrap();
    assert!(cache.contains("DEMO_OPTION:BOOL=ON"), "{cache}");
}
