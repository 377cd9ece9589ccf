//! Command-line parsing: `getopt`, `getopt_long`, `getopt_long_only` with
//! darwin's own `optind`/`optarg`/`opterr`/`optopt`/`optreset` (data
//! exports the program reads and writes directly), plus `getsubopt`
//! (with darwin's `suboptarg`) and `strtonum`.
//!
//! These follow darwin's BSD implementations, which differ from glibc's:
//!
//! - `getopt` never permutes: it stops at the first non-option. Setting
//!   `optreset = 1` (or `optind = 0` for `getopt_long`) restarts a scan.
//!   `x::` takes an optional argument (attached only). Its messages are
//!   `argv[0]: illegal option -- x` and `argv[0]: option requires an
//!   argument -- x` on `stderr` (glibc: `invalid option -- 'x'`);
//! - `getopt_long` permutes like GNU unless `POSIXLY_CORRECT` is set or the
//!   option string starts with `+` (`-` returns non-options as option 1),
//!   accepts unambiguous prefixes and `-W foo` with `W;`, and reports
//!   through `warnx` (program name from `getprogname()`):
//!   `invalid option -- x`, `option requires an argument -- x`,
//!   ``unrecognized option `--foo'``, ``option `--foo' requires an
//!   argument``, ``option `--foo' is ambiguous``, ``option `--foo' doesn't
//!   allow an argument``. A leading `:` in the option string silences
//!   messages and makes a missing argument return `:`;
//! - `getsubopt` skips blanks and commas between suboptions and leaves the
//!   token in `suboptarg`; `strtonum` reports "invalid", "too small" or
//!   "too large" (`EINVAL`/`ERANGE`).

use core::ptr::{addr_of_mut, null_mut};
use libc::{c_char, c_int, c_longlong};

/// darwin `struct option` (`<getopt.h>`).
#[repr(C)]
pub struct LongOption {
    pub name: *const c_char,
    pub has_arg: c_int,
    pub flag: *mut c_int,
    pub val: c_int,
}

const _: () = {
    assert!(core::mem::size_of::<LongOption>() == 32);
    assert!(core::mem::offset_of!(LongOption, has_arg) == 8);
    assert!(core::mem::offset_of!(LongOption, flag) == 16);
    assert!(core::mem::offset_of!(LongOption, val) == 24);
};

const NO_ARGUMENT: c_int = 0;
const REQUIRED_ARGUMENT: c_int = 1;
const OPTIONAL_ARGUMENT: c_int = 2;

// The program's variables (`_optind`...).
static mut OPTIND: c_int = 1;
static mut OPTERR: c_int = 1;
static mut OPTOPT: c_int = 0;
static mut OPTRESET: c_int = 0;
static mut OPTARG: *mut c_char = null_mut();
static mut SUBOPTARG: *mut c_char = null_mut();

// Plain reads and writes of the program's variables, which it may change
// between calls.
fn optind() -> c_int {
    // SAFETY: a plain read of an int static.
    unsafe { addr_of_mut!(OPTIND).read_volatile() }
}
fn set_optind(v: c_int) {
    // SAFETY: a plain write of an int static.
    unsafe { addr_of_mut!(OPTIND).write_volatile(v) }
}
fn opterr() -> bool {
    // SAFETY: as above.
    unsafe { addr_of_mut!(OPTERR).read_volatile() != 0 }
}
fn set_optopt(v: c_int) {
    // SAFETY: as above.
    unsafe { addr_of_mut!(OPTOPT).write_volatile(v) }
}
fn optreset() -> bool {
    // SAFETY: as above.
    unsafe { addr_of_mut!(OPTRESET).read_volatile() != 0 }
}
fn set_optreset(v: c_int) {
    // SAFETY: as above.
    unsafe { addr_of_mut!(OPTRESET).write_volatile(v) }
}
fn set_optarg(v: *mut c_char) {
    // SAFETY: a plain write of a pointer static.
    unsafe { addr_of_mut!(OPTARG).write_volatile(v) }
}

/// The empty string `place` points at between arguments.
static mut EMSG: [c_char; 1] = [0];
fn emsg() -> *mut c_char {
    // Only ever read (as ""), never written through.
    addr_of_mut!(EMSG).cast()
}

/// The byte at `p + i`.
unsafe fn at(p: *const c_char, i: usize) -> u8 {
    // SAFETY: the caller keeps `i` within the C string (or its NUL).
    unsafe { *p.add(i) as u8 }
}

/// `strchr(s, c)` for `c != 0`: the index of `c` in C string `s`.
unsafe fn index_of(s: *const c_char, c: u8) -> Option<usize> {
    // SAFETY: `s` is a C string.
    let b = unsafe { core::ffi::CStr::from_ptr(s) }.to_bytes();
    b.iter().position(|&x| x == c)
}

/// `argv[i]`.
unsafe fn arg(argv: *const *mut c_char, i: c_int) -> *mut c_char {
    // SAFETY: the caller checks `i < argc`.
    unsafe { *argv.offset(i as isize) }
}

/// Writes `bytes` to our `stderr`.
fn to_stderr(bytes: &[u8]) {
    let fp = crate::c::stdio::stderr();
    // SAFETY: our stderr stream.
    unsafe {
        if let Some(_g) = crate::c::stdio::buffer::Locked::new(fp) {
            crate::c::stdio::buffer::write_bytes(fp, bytes);
        }
    }
}

// ---- getopt (BSD) ----

static mut PLACE: *mut c_char = null_mut();

unsafe extern "C" fn getopt(argc: c_int, argv: *const *mut c_char, ostr: *const c_char) -> c_int {
    // SAFETY: the program's argv (argc entries) and option string; `PLACE`
    // points into one of its arguments or at EMSG.
    unsafe {
        let place = addr_of_mut!(PLACE);
        if (*place).is_null() {
            *place = emsg();
        }
        let opt: u8;
        if optreset() || at(*place, 0) == 0 {
            set_optreset(0);
            let ind = optind();
            if ind >= argc || ind < 0 || at(arg(argv, ind), 0) != b'-' {
                *place = emsg();
                return -1;
            }
            *place = arg(argv, ind).add(1);
            opt = at(*place, 0);
            *place = (*place).add(1);
            set_optopt(opt as c_int);
            if opt == b'-' && at(*place, 0) == 0 {
                set_optind(ind + 1);
                *place = emsg();
                return -1;
            }
            if opt == 0 {
                *place = emsg();
                if index_of(ostr, b'-').is_none() {
                    return -1;
                }
                set_optopt(b'-' as c_int);
                return finish_short(argc, argv, ostr, b'-', place);
            }
        } else {
            opt = at(*place, 0);
            *place = (*place).add(1);
            set_optopt(opt as c_int);
        }
        finish_short(argc, argv, ostr, opt, place)
    }
}

/// The rest of `getopt` once the option character `opt` is known.
unsafe fn finish_short(
    argc: c_int,
    argv: *const *mut c_char,
    ostr: *const c_char,
    opt: u8,
    place: *mut *mut c_char,
) -> c_int {
    // SAFETY: as in getopt.
    unsafe {
        let found = if opt == b':' {
            None
        } else {
            index_of(ostr, opt)
        };
        let Some(oli) = found else {
            if at(*place, 0) == 0 {
                set_optind(optind() + 1);
            }
            if opterr() && at(ostr, 0) != b':' {
                let mut m = prog_of(argv);
                m.extend_from_slice(b": illegal option -- ");
                m.push(opt);
                m.push(b'\n');
                to_stderr(&m);
            }
            return b'?' as c_int;
        };
        if at(ostr, oli + 1) != b':' {
            set_optarg(null_mut());
            if at(*place, 0) == 0 {
                set_optind(optind() + 1);
            }
        } else {
            if at(*place, 0) != 0 {
                set_optarg(*place);
            } else if at(ostr, oli + 2) == b':' {
                set_optarg(null_mut());
            } else {
                let ind = optind() + 1;
                set_optind(ind);
                if argc > ind {
                    set_optarg(arg(argv, ind));
                } else {
                    set_optind(ind + 1);
                    set_optarg(null_mut());
                    *place = emsg();
                    if at(ostr, 0) == b':' {
                        return b':' as c_int;
                    }
                    if opterr() {
                        let mut m = prog_of(argv);
                        m.extend_from_slice(b": option requires an argument -- ");
                        m.push(opt);
                        m.push(b'\n');
                        to_stderr(&m);
                    }
                    return b'?' as c_int;
                }
            }
            *place = emsg();
            set_optind(optind() + 1);
        }
        opt as c_int
    }
}

/// `argv[0]`, which darwin's `getopt` prints in its messages.
unsafe fn prog_of(argv: *const *mut c_char) -> Vec<u8> {
    // SAFETY: the program's argv.
    unsafe {
        let p = *argv;
        if p.is_null() {
            b"(null)".to_vec()
        } else {
            core::ffi::CStr::from_ptr(p).to_bytes().to_vec()
        }
    }
}

// ---- getopt_long (BSD, GNU compatible) ----

const FLAG_PERMUTE: c_int = 0x01;
const FLAG_ALLARGS: c_int = 0x02;
const FLAG_LONGONLY: c_int = 0x04;

/// Which dashes introduced the option being parsed (for messages).
#[derive(Clone, Copy)]
enum Dash {
    None,
    One,
    Two,
    W,
}

impl Dash {
    fn text(self) -> &'static [u8] {
        match self {
            Dash::None => b"",
            Dash::One => b"-",
            Dash::Two => b"--",
            Dash::W => b"-W ",
        }
    }
}

struct LongState {
    place: *mut c_char,
    nonopt_start: c_int,
    nonopt_end: c_int,
    /// -1: not looked up yet.
    posixly_correct: c_int,
    dash: Dash,
}

static mut LONG: LongState = LongState {
    place: null_mut(),
    nonopt_start: -1,
    nonopt_end: -1,
    posixly_correct: -1,
    dash: Dash::None,
};

/// `warnx(msg)`, as darwin's getopt_long reports.
fn complain(msg: &[u8]) {
    crate::c::err::warnx_bytes(msg);
}

/// Moves the options in `[nonopt_end, opt_end)` before the non-options in
/// `[nonopt_start, nonopt_end)`, keeping each block's order.
unsafe fn permute(
    argv: *const *mut c_char,
    nonopt_start: c_int,
    nonopt_end: c_int,
    opt_end: c_int,
) {
    if nonopt_start < 0 || nonopt_end < nonopt_start || opt_end < nonopt_end {
        return;
    }
    // SAFETY: the indices are within argc; darwin's getopt_long rearranges
    // the (formally const) argv array the same way.
    unsafe {
        let v = core::slice::from_raw_parts_mut(
            (argv as *mut *mut c_char).add(nonopt_start as usize),
            (opt_end - nonopt_start) as usize,
        );
        v.rotate_left((nonopt_end - nonopt_start) as usize);
    }
}

unsafe fn parse_long(
    st: &mut LongState,
    argv: *const *mut c_char,
    options: *const c_char,
    long: *const LongOption,
    idx: *mut c_int,
    short_too: bool,
    flags: c_int,
) -> c_int {
    // SAFETY: the program's argv, option string and option table (ended by
    // a NULL name); `st.place` points into the current argument.
    unsafe {
        let print = opterr() && at(options, 0) != b':';
        let badarg = if at(options, 0) == b':' { b':' } else { b'?' } as c_int;
        let current = st.place;
        let cur = core::ffi::CStr::from_ptr(current).to_bytes();
        let dash = st.dash.text();
        set_optind(optind() + 1);
        let (name, has_equal) = match cur.iter().position(|&b| b == b'=') {
            Some(k) => (&cur[..k], Some(current.add(k + 1))),
            None => (cur, None),
        };
        let mut found: Option<usize> = None;
        let mut exact = false;
        let mut second_partial = false;
        let mut i = 0;
        loop {
            let o = &*long.add(i);
            if o.name.is_null() {
                break;
            }
            let oname = core::ffi::CStr::from_ptr(o.name).to_bytes();
            if oname.starts_with(name) {
                if oname.len() == name.len() {
                    found = Some(i);
                    exact = true;
                    break;
                }
                if !(short_too && name.len() == 1) {
                    match found {
                        None => found = Some(i),
                        Some(m) => {
                            let f = &*long.add(m);
                            if flags & FLAG_LONGONLY != 0
                                || o.has_arg != f.has_arg
                                || o.flag != f.flag
                                || o.val != f.val
                            {
                                second_partial = true;
                            }
                        }
                    }
                }
            }
            i += 1;
        }
        if !exact && second_partial {
            if print {
                let mut m = b"option `".to_vec();
                m.extend_from_slice(dash);
                m.extend_from_slice(name);
                m.extend_from_slice(b"' is ambiguous");
                complain(&m);
            }
            set_optopt(0);
            return b'?' as c_int;
        }
        let Some(m) = found else {
            if short_too {
                set_optind(optind() - 1);
                return -1;
            }
            if print {
                let mut msg = b"unrecognized option `".to_vec();
                msg.extend_from_slice(dash);
                msg.extend_from_slice(cur);
                msg.push(b'\'');
                complain(&msg);
            }
            set_optopt(0);
            return b'?' as c_int;
        };
        let o = &*long.add(m);
        let val_or_zero = if o.flag.is_null() { o.val } else { 0 };
        if o.has_arg == NO_ARGUMENT && has_equal.is_some() {
            if print {
                let mut msg = b"option `".to_vec();
                msg.extend_from_slice(dash);
                msg.extend_from_slice(name);
                msg.extend_from_slice(b"' doesn't allow an argument");
                complain(&msg);
            }
            set_optopt(val_or_zero);
            return b'?' as c_int;
        }
        if o.has_arg == REQUIRED_ARGUMENT || o.has_arg == OPTIONAL_ARGUMENT {
            if let Some(v) = has_equal {
                set_optarg(v);
            } else if o.has_arg == REQUIRED_ARGUMENT {
                let ind = optind();
                set_optarg(arg(argv, ind));
                set_optind(ind + 1);
            }
        }
        if o.has_arg == REQUIRED_ARGUMENT && addr_of_mut!(OPTARG).read_volatile().is_null() {
            if print {
                let mut msg = b"option `".to_vec();
                msg.extend_from_slice(dash);
                msg.extend_from_slice(cur);
                msg.extend_from_slice(b"' requires an argument");
                complain(&msg);
            }
            set_optopt(val_or_zero);
            set_optind(optind() - 1);
            return badarg;
        }
        if !idx.is_null() {
            *idx = m as c_int;
        }
        if !o.flag.is_null() {
            *o.flag = o.val;
            0
        } else {
            o.val
        }
    }
}

unsafe fn getopt_internal(
    argc: c_int,
    argv: *const *mut c_char,
    options: *const c_char,
    long: *const LongOption,
    idx: *mut c_int,
    mut flags: c_int,
) -> c_int {
    if options.is_null() {
        return -1;
    }
    // SAFETY: the program's argv/options/table; LONG is only used here,
    // by one thread at a time as in C.
    unsafe {
        let st = &mut *addr_of_mut!(LONG);
        if st.place.is_null() {
            st.place = emsg();
        }
        if optind() == 0 {
            set_optind(1);
            set_optreset(1);
        }
        if st.posixly_correct == -1 || optreset() {
            st.posixly_correct = !libc::getenv(c"POSIXLY_CORRECT".as_ptr()).is_null() as c_int;
        }
        let mut options = options;
        match at(options, 0) {
            b'-' => flags |= FLAG_ALLARGS,
            b'+' => flags &= !FLAG_PERMUTE,
            _ if st.posixly_correct != 0 => flags &= !FLAG_PERMUTE,
            _ => {}
        }
        if matches!(at(options, 0), b'+' | b'-') {
            options = options.add(1);
        }
        let print = opterr() && at(options, 0) != b':';
        let badarg = if at(options, 0) == b':' { b':' } else { b'?' } as c_int;
        set_optarg(null_mut());
        if optreset() {
            st.nonopt_start = -1;
            st.nonopt_end = -1;
        }
        if optreset() || at(st.place, 0) == 0 {
            set_optreset(0);
            loop {
                let ind = optind();
                if ind >= argc {
                    st.place = emsg();
                    if st.nonopt_end != -1 {
                        permute(argv, st.nonopt_start, st.nonopt_end, ind);
                        set_optind(ind - (st.nonopt_end - st.nonopt_start));
                    } else if st.nonopt_start != -1 {
                        set_optind(st.nonopt_start);
                    }
                    st.nonopt_start = -1;
                    st.nonopt_end = -1;
                    return -1;
                }
                st.place = arg(argv, ind);
                if at(st.place, 0) != b'-' || at(st.place, 1) == 0 {
                    // A non-option.
                    st.place = emsg();
                    if flags & FLAG_ALLARGS != 0 {
                        set_optarg(arg(argv, ind));
                        set_optind(ind + 1);
                        return 1;
                    }
                    if flags & FLAG_PERMUTE == 0 {
                        return -1;
                    }
                    if st.nonopt_start == -1 {
                        st.nonopt_start = ind;
                    } else if st.nonopt_end != -1 {
                        permute(argv, st.nonopt_start, st.nonopt_end, ind);
                        st.nonopt_start = ind - (st.nonopt_end - st.nonopt_start);
                        st.nonopt_end = -1;
                    }
                    set_optind(ind + 1);
                    continue;
                }
                if st.nonopt_start != -1 && st.nonopt_end == -1 {
                    st.nonopt_end = ind;
                }
                // "-" alone does nothing; "--" ends the options.
                if at(st.place, 1) != 0 {
                    st.place = st.place.add(1);
                    if at(st.place, 0) == b'-' && at(st.place, 1) == 0 {
                        set_optind(ind + 1);
                        st.place = emsg();
                        if st.nonopt_end != -1 {
                            permute(argv, st.nonopt_start, st.nonopt_end, ind + 1);
                            set_optind(ind + 1 - (st.nonopt_end - st.nonopt_start));
                        }
                        st.nonopt_start = -1;
                        st.nonopt_end = -1;
                        return -1;
                    }
                }
                break;
            }
        }
        let ind = optind();
        if !long.is_null()
            && st.place != arg(argv, ind)
            && (at(st.place, 0) == b'-' || flags & FLAG_LONGONLY != 0)
        {
            let mut short_too = false;
            st.dash = Dash::One;
            if at(st.place, 0) == b'-' {
                st.place = st.place.add(1);
                if at(st.place, 0) == 0 {
                    return badarg;
                }
                st.dash = Dash::Two;
            } else if at(st.place, 0) != b':' && index_of(options, at(st.place, 0)).is_some() {
                short_too = true;
            }
            let r = parse_long(st, argv, options, long, idx, short_too, flags);
            if r != -1 {
                st.place = emsg();
                return r;
            }
        }
        let optchar = at(st.place, 0);
        st.place = st.place.add(1);
        let oli = if optchar == b':' || (optchar == b'-' && at(st.place, 0) != 0) {
            None
        } else {
            index_of(options, optchar)
        };
        let Some(oli) = oli else {
            if optchar == b'-' && at(st.place, 0) == 0 {
                return -1;
            }
            if at(st.place, 0) == 0 {
                set_optind(optind() + 1);
            }
            if print {
                let mut m: Vec<u8> = if st.posixly_correct != 0 {
                    b"illegal option -- ".to_vec()
                } else {
                    b"invalid option -- ".to_vec()
                };
                m.push(optchar);
                complain(&m);
            }
            set_optopt(optchar as c_int);
            return b'?' as c_int;
        };
        if !long.is_null() && optchar == b'W' && at(options, oli + 1) == b';' {
            // -W long-option
            if at(st.place, 0) == 0 {
                let ind = optind() + 1;
                set_optind(ind);
                if ind >= argc {
                    st.place = emsg();
                    if print {
                        let mut m = b"option requires an argument -- ".to_vec();
                        m.push(optchar);
                        complain(&m);
                    }
                    set_optopt(optchar as c_int);
                    return badarg;
                }
                st.place = arg(argv, ind);
            }
            st.dash = Dash::W;
            let r = parse_long(st, argv, options, long, idx, false, flags);
            st.place = emsg();
            return r;
        }
        if at(options, oli + 1) != b':' {
            if at(st.place, 0) == 0 {
                set_optind(optind() + 1);
            }
        } else {
            set_optarg(null_mut());
            if at(st.place, 0) != 0 {
                set_optarg(st.place);
            } else if at(options, oli + 2) != b':' {
                let ind = optind() + 1;
                set_optind(ind);
                if ind >= argc {
                    st.place = emsg();
                    if print {
                        let mut m = b"option requires an argument -- ".to_vec();
                        m.push(optchar);
                        complain(&m);
                    }
                    set_optopt(optchar as c_int);
                    return badarg;
                }
                set_optarg(arg(argv, ind));
            }
            st.place = emsg();
            set_optind(optind() + 1);
        }
        optchar as c_int
    }
}

unsafe extern "C" fn getopt_long(
    argc: c_int,
    argv: *const *mut c_char,
    options: *const c_char,
    long: *const LongOption,
    idx: *mut c_int,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { getopt_internal(argc, argv, options, long, idx, FLAG_PERMUTE) }
}

unsafe extern "C" fn getopt_long_only(
    argc: c_int,
    argv: *const *mut c_char,
    options: *const c_char,
    long: *const LongOption,
    idx: *mut c_int,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { getopt_internal(argc, argv, options, long, idx, FLAG_PERMUTE | FLAG_LONGONLY) }
}

// ---- getsubopt, strtonum ----

fn is_sep(b: u8) -> bool {
    matches!(b, b',' | b' ' | b'\t')
}

unsafe extern "C" fn getsubopt(
    optionp: *mut *mut c_char,
    tokens: *const *const c_char,
    valuep: *mut *mut c_char,
) -> c_int {
    // SAFETY: the program's option string (modified in place, as darwin
    // does), NULL-terminated token list and result pointer.
    unsafe {
        let sub = addr_of_mut!(SUBOPTARG);
        sub.write_volatile(null_mut());
        if !valuep.is_null() {
            *valuep = null_mut();
        }
        if optionp.is_null() || (*optionp).is_null() {
            return -1;
        }
        let mut p = *optionp;
        while at(p, 0) != 0 && is_sep(at(p, 0)) {
            p = p.add(1);
        }
        if at(p, 0) == 0 {
            *optionp = p;
            return -1;
        }
        sub.write_volatile(p);
        p = p.add(1);
        while at(p, 0) != 0 && at(p, 0) != b'=' && !is_sep(at(p, 0)) {
            p = p.add(1);
        }
        if at(p, 0) != 0 {
            if at(p, 0) == b'=' {
                *p = 0;
                p = p.add(1);
                if !valuep.is_null() {
                    *valuep = p;
                }
                while at(p, 0) != 0 && !is_sep(at(p, 0)) {
                    p = p.add(1);
                }
                if at(p, 0) != 0 {
                    *p = 0;
                    p = p.add(1);
                }
            } else {
                *p = 0;
                p = p.add(1);
            }
            while at(p, 0) != 0 && is_sep(at(p, 0)) {
                p = p.add(1);
            }
        }
        *optionp = p;
        let token = core::ffi::CStr::from_ptr(sub.read_volatile());
        let mut n = 0;
        while !tokens.is_null() && !(*tokens.add(n)).is_null() {
            if core::ffi::CStr::from_ptr(*tokens.add(n)) == token {
                return n as c_int;
            }
            n += 1;
        }
        -1
    }
}

unsafe extern "C" fn strtonum(
    s: *const c_char,
    min: c_longlong,
    max: c_longlong,
    errstr: *mut *const c_char,
) -> c_longlong {
    use crate::errno::{self, darwin};
    let saved = errno::get();
    let (value, err): (c_longlong, Option<(&'static core::ffi::CStr, c_int)>) = if min > max {
        (0, Some((c"invalid", darwin::EINVAL)))
    } else {
        let mut end: *mut c_char = null_mut();
        errno::set(0);
        // SAFETY: the caller's C string.
        let v = unsafe { libc::strtoll(s, &mut end, 10) };
        let e = errno::get();
        // SAFETY: `end` points into `s`.
        let rest = unsafe { at(end, 0) };
        if e == darwin::EINVAL || end.cast_const() == s || rest != 0 {
            (0, Some((c"invalid", darwin::EINVAL)))
        } else if (v == c_longlong::MIN && e == darwin::ERANGE) || v < min {
            (0, Some((c"too small", darwin::ERANGE)))
        } else if (v == c_longlong::MAX && e == darwin::ERANGE) || v > max {
            (0, Some((c"too large", darwin::ERANGE)))
        } else {
            (v, None)
        }
    };
    if !errstr.is_null() {
        // SAFETY: the caller's pointer.
        unsafe { *errstr = err.map_or(core::ptr::null(), |e| e.0.as_ptr()) };
    }
    errno::set(err.map_or(saved, |e| e.1));
    value
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_getopt" => getopt,
    func "_getopt_long" => getopt_long,
    func "_getopt_long_only" => getopt_long_only,
    func "_getsubopt" => getsubopt,
    func "_strtonum" => strtonum,
    data "_optind" => OPTIND,
    data "_opterr" => OPTERR,
    data "_optopt" => OPTOPT,
    data "_optreset" => OPTRESET,
    data "_optarg" => OPTARG,
    data "_suboptarg" => SUBOPTARG,
};
