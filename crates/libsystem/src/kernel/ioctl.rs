//! `ioctl` with darwin request numbers (`<sys/ioccom.h>` encoding:
//! direction, 13-bit size, group, number), terminals with darwin's
//! `struct termios` (`<sys/termios.h>`: 8-byte `tcflag_t`, `NCCS` 20, BSD
//! flag bits and `c_cc` indices, numeric `speed_t`), and pseudo-terminals
//! (`posix_openpt`, `openpty`, `forkpty`...).

use crate::errno::{check, darwin};
use libc::{c_char, c_int, c_ulong, c_void, pid_t, size_t};

/// `_IOC(inout, group, num, len)` from `<sys/ioccom.h>`.
const fn ioc(inout: u32, group: u8, num: u8, len: u32) -> u32 {
    inout | ((len & 0x1fff) << 16) | ((group as u32) << 8) | num as u32
}
const VOID: u32 = 0x2000_0000;
const OUT: u32 = 0x4000_0000;
const IN: u32 = 0x8000_0000;

const INT: u32 = 4;
const TERMIOS: u32 = core::mem::size_of::<Termios>() as u32;
const WINSIZE: u32 = 8;

const FIOCLEX: u32 = ioc(VOID, b'f', 1, 0);
const FIONCLEX: u32 = ioc(VOID, b'f', 2, 0);
const FIONREAD: u32 = ioc(OUT, b'f', 127, INT);
const FIONBIO: u32 = ioc(IN, b'f', 126, INT);
const FIOASYNC: u32 = ioc(IN, b'f', 125, INT);
const FIOSETOWN: u32 = ioc(IN, b'f', 124, INT);
const FIOGETOWN: u32 = ioc(OUT, b'f', 123, INT);
const TIOCEXCL: u32 = ioc(VOID, b't', 13, 0);
const TIOCNXCL: u32 = ioc(VOID, b't', 14, 0);
const TIOCFLUSH: u32 = ioc(IN, b't', 16, INT);
const TIOCGETA: u32 = ioc(OUT, b't', 19, TERMIOS);
const TIOCSETA: u32 = ioc(IN, b't', 20, TERMIOS);
const TIOCSETAW: u32 = ioc(IN, b't', 21, TERMIOS);
const TIOCSETAF: u32 = ioc(IN, b't', 22, TERMIOS);
const TIOCGETD: u32 = ioc(OUT, b't', 26, INT);
const TIOCSETD: u32 = ioc(IN, b't', 27, INT);
const TIOCSBRK: u32 = ioc(VOID, b't', 123, 0);
const TIOCCBRK: u32 = ioc(VOID, b't', 122, 0);
const TIOCSDTR: u32 = ioc(VOID, b't', 121, 0);
const TIOCCDTR: u32 = ioc(VOID, b't', 120, 0);
const TIOCGPGRP: u32 = ioc(OUT, b't', 119, INT);
const TIOCSPGRP: u32 = ioc(IN, b't', 118, INT);
const TIOCOUTQ: u32 = ioc(OUT, b't', 115, INT);
const TIOCSTI: u32 = ioc(IN, b't', 114, 1);
const TIOCNOTTY: u32 = ioc(VOID, b't', 113, 0);
const TIOCPKT: u32 = ioc(IN, b't', 112, INT);
const TIOCSTOP: u32 = ioc(VOID, b't', 111, 0);
const TIOCSTART: u32 = ioc(VOID, b't', 110, 0);
const TIOCMSET: u32 = ioc(IN, b't', 109, INT);
const TIOCMBIS: u32 = ioc(IN, b't', 108, INT);
const TIOCMBIC: u32 = ioc(IN, b't', 107, INT);
const TIOCMGET: u32 = ioc(OUT, b't', 106, INT);
const TIOCGWINSZ: u32 = ioc(OUT, b't', 104, WINSIZE);
const TIOCSWINSZ: u32 = ioc(IN, b't', 103, WINSIZE);
const TIOCSCTTY: u32 = ioc(VOID, b't', 97, 0);
const TIOCSIG: u32 = ioc(VOID, b't', 95, 0);
const TIOCDRAIN: u32 = ioc(VOID, b't', 94, 0);
const TIOCPTYGRANT: u32 = ioc(VOID, b't', 84, 0);
const TIOCPTYGNAME: u32 = ioc(OUT, b't', 83, 128);
const TIOCPTYUNLK: u32 = ioc(VOID, b't', 82, 0);

const _: () = assert!(TIOCGWINSZ == 0x4008_7468);
const _: () = assert!(TIOCSWINSZ == 0x8008_7467);
const _: () = assert!(FIONREAD == 0x4004_667f);
const _: () = assert!(TIOCGETA == 0x4048_7413);

/// darwin `struct termios`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct Termios {
    pub iflag: u64,
    pub oflag: u64,
    pub cflag: u64,
    pub lflag: u64,
    pub cc: [u8; 20],
    pub ispeed: u64,
    pub ospeed: u64,
}
const _: () = assert!(core::mem::size_of::<Termios>() == 72);
const _: () = assert!(core::mem::offset_of!(Termios, cc) == 32);
const _: () = assert!(core::mem::offset_of!(Termios, ispeed) == 56);

/// darwin `_POSIX_VDISABLE`; Linux's is 0.
const VDISABLE: u8 = 0xff;

/// (darwin bit, Linux bit) pairs of `c_iflag`.
const IFLAG: &[(u64, libc::tcflag_t)] = &[
    (0x1, libc::IGNBRK),
    (0x2, libc::BRKINT),
    (0x4, libc::IGNPAR),
    (0x8, libc::PARMRK),
    (0x10, libc::INPCK),
    (0x20, libc::ISTRIP),
    (0x40, libc::INLCR),
    (0x80, libc::IGNCR),
    (0x100, libc::ICRNL),
    (0x200, libc::IXON),
    (0x400, libc::IXOFF),
    (0x800, libc::IXANY),
    (0x2000, libc::IMAXBEL),
    (0x4000, libc::IUTF8),
];

/// `c_oflag` single bits; the delay fields are handled separately.
const OFLAG: &[(u64, libc::tcflag_t)] = &[
    (0x1, libc::OPOST),
    (0x2, libc::ONLCR),
    (0x10, libc::OCRNL),
    (0x20, libc::ONOCR),
    (0x40, libc::ONLRET),
    (0x80, libc::OFILL),
    (0x2_0000, libc::OFDEL),
];

/// `c_oflag` delay fields: (darwin mask, [(darwin value, Linux value)]).
const ODELAYS: &[(u64, &[(u64, libc::tcflag_t)])] = &[
    (0x300, &[(0x100, libc::NL1)]),
    (
        0xc04,
        &[(0x400, libc::TAB1), (0x800, libc::TAB2), (0x4, libc::TAB3)],
    ),
    (
        0x3000,
        &[
            (0x1000, libc::CR1),
            (0x2000, libc::CR2),
            (0x3000, libc::CR3),
        ],
    ),
    (0x4000, &[(0x4000, libc::FF1)]),
    (0x8000, &[(0x8000, libc::BS1)]),
    (0x1_0000, &[(0x1_0000, libc::VT1)]),
];

const CFLAG: &[(u64, libc::tcflag_t)] = &[
    (0x400, libc::CSTOPB),
    (0x800, libc::CREAD),
    (0x1000, libc::PARENB),
    (0x2000, libc::PARODD),
    (0x4000, libc::HUPCL),
    (0x8000, libc::CLOCAL),
];
const CSIZE: &[(u64, libc::tcflag_t)] = &[
    (0x000, libc::CS5),
    (0x100, libc::CS6),
    (0x200, libc::CS7),
    (0x300, libc::CS8),
];
/// darwin `CCTS_OFLOW | CRTS_IFLOW` (`CRTSCTS`).
const CRTSCTS: u64 = 0x3_0000;
/// darwin `CIGNORE`: `tcsetattr` leaves the control flags alone.
const CIGNORE: u64 = 0x1;

const LFLAG: &[(u64, libc::tcflag_t)] = &[
    (0x1, libc::ECHOKE),
    (0x2, libc::ECHOE),
    (0x4, libc::ECHOK),
    (0x8, libc::ECHO),
    (0x10, libc::ECHONL),
    (0x20, libc::ECHOPRT),
    (0x40, libc::ECHOCTL),
    (0x80, libc::ISIG),
    (0x100, libc::ICANON),
    (0x400, libc::IEXTEN),
    (0x800, libc::EXTPROC),
    (0x40_0000, libc::TOSTOP),
    (0x80_0000, libc::FLUSHO),
    (0x2000_0000, libc::PENDIN),
    (0x8000_0000, libc::NOFLSH),
];

/// darwin `c_cc` index → Linux index (`VDSUSP` 11 and `VSTATUS` 18 have none).
const CC: &[(usize, usize)] = &[
    (0, libc::VEOF),
    (1, libc::VEOL),
    (2, libc::VEOL2),
    (3, libc::VERASE),
    (4, libc::VWERASE),
    (5, libc::VKILL),
    (6, libc::VREPRINT),
    (8, libc::VINTR),
    (9, libc::VQUIT),
    (10, libc::VSUSP),
    (12, libc::VSTART),
    (13, libc::VSTOP),
    (14, libc::VLNEXT),
    (15, libc::VDISCARD),
];
const VMIN: usize = 16;
const VTIME: usize = 17;

/// Numeric speed ↔ Linux `B*` code.
const SPEEDS: &[(u64, libc::speed_t)] = &[
    (0, libc::B0),
    (50, libc::B50),
    (75, libc::B75),
    (110, libc::B110),
    (134, libc::B134),
    (150, libc::B150),
    (200, libc::B200),
    (300, libc::B300),
    (600, libc::B600),
    (1200, libc::B1200),
    (1800, libc::B1800),
    (2400, libc::B2400),
    (4800, libc::B4800),
    (9600, libc::B9600),
    (19200, libc::B19200),
    (38400, libc::B38400),
    (57600, libc::B57600),
    (115200, libc::B115200),
    (230400, libc::B230400),
    (460800, libc::B460800),
    (500000, libc::B500000),
    (576000, libc::B576000),
    (921600, libc::B921600),
    (1000000, libc::B1000000),
    (1152000, libc::B1152000),
    (1500000, libc::B1500000),
    (2000000, libc::B2000000),
    (2500000, libc::B2500000),
    (3000000, libc::B3000000),
    (3500000, libc::B3500000),
    (4000000, libc::B4000000),
];

fn bits_to_darwin(v: libc::tcflag_t, map: &[(u64, libc::tcflag_t)]) -> u64 {
    map.iter()
        .filter(|(_, l)| v & l != 0)
        .fold(0, |a, (d, _)| a | d)
}
fn bits_to_linux(v: u64, map: &[(u64, libc::tcflag_t)]) -> libc::tcflag_t {
    map.iter()
        .filter(|(d, _)| v & d != 0)
        .fold(0, |a, (_, l)| a | l)
}
fn mask(map: &[(u64, libc::tcflag_t)]) -> libc::tcflag_t {
    map.iter().fold(0, |a, (_, l)| a | l)
}

/// Linux termios → darwin's.
pub fn termios_to_darwin(l: &libc::termios) -> Termios {
    let mut d = Termios {
        iflag: bits_to_darwin(l.c_iflag, IFLAG),
        oflag: bits_to_darwin(l.c_oflag, OFLAG),
        cflag: bits_to_darwin(l.c_cflag, CFLAG),
        lflag: bits_to_darwin(l.c_lflag, LFLAG),
        ..Default::default()
    };
    for (dmask, vals) in ODELAYS {
        let lmask = vals.iter().fold(0, |a, (_, lv)| a | lv);
        let lv = l.c_oflag & lmask;
        if let Some((dv, _)) = vals.iter().find(|(_, v)| *v == lv) {
            d.oflag |= dv & dmask;
        }
    }
    let cs = l.c_cflag & libc::CSIZE;
    d.cflag |= CSIZE
        .iter()
        .find(|(_, v)| *v == cs)
        .map_or(0x300, |(dv, _)| *dv);
    if l.c_cflag & libc::CRTSCTS != 0 {
        d.cflag |= CRTSCTS;
    }
    d.cc = [VDISABLE; 20];
    for &(di, li) in CC {
        d.cc[di] = if l.c_cc[li] == 0 {
            VDISABLE
        } else {
            l.c_cc[li]
        };
    }
    d.cc[VMIN] = l.c_cc[libc::VMIN];
    d.cc[VTIME] = l.c_cc[libc::VTIME];
    // SAFETY: the speed getters only read the struct.
    let (is, os) = unsafe { (libc::cfgetispeed(l), libc::cfgetospeed(l)) };
    let num = |b| SPEEDS.iter().find(|(_, c)| *c == b).map_or(0, |(n, _)| *n);
    d.ispeed = num(is);
    d.ospeed = num(os);
    d
}

/// darwin termios → Linux's, on top of `base` (the terminal's current
/// state, which keeps what darwin cannot express). `None`: a speed Linux
/// has no code for (`EINVAL`).
pub fn termios_to_linux(d: &Termios, base: &libc::termios) -> Option<libc::termios> {
    let mut l = *base;
    l.c_iflag = (l.c_iflag & !mask(IFLAG)) | bits_to_linux(d.iflag, IFLAG);
    let mut omask = mask(OFLAG);
    let mut oflag = bits_to_linux(d.oflag, OFLAG);
    for (dmask, vals) in ODELAYS {
        omask |= vals.iter().fold(0, |a, (_, lv)| a | lv);
        if let Some((_, lv)) = vals.iter().find(|(dv, _)| *dv == d.oflag & dmask) {
            oflag |= lv;
        }
    }
    l.c_oflag = (l.c_oflag & !omask) | oflag;
    l.c_lflag = (l.c_lflag & !mask(LFLAG)) | bits_to_linux(d.lflag, LFLAG);
    for &(di, li) in CC {
        l.c_cc[li] = if d.cc[di] == VDISABLE { 0 } else { d.cc[di] };
    }
    l.c_cc[libc::VMIN] = d.cc[VMIN];
    l.c_cc[libc::VTIME] = d.cc[VTIME];
    if d.cflag & CIGNORE == 0 {
        let cmask = mask(CFLAG) | libc::CSIZE | libc::CRTSCTS;
        let mut c = bits_to_linux(d.cflag, CFLAG);
        c |= CSIZE
            .iter()
            .find(|(dv, _)| *dv == d.cflag & 0x300)
            .map_or(libc::CS8, |(_, lv)| *lv);
        if d.cflag & CRTSCTS != 0 {
            c |= libc::CRTSCTS;
        }
        l.c_cflag = (l.c_cflag & !cmask) | c;
        let code = |n| SPEEDS.iter().find(|(s, _)| *s == n).map(|(_, c)| *c);
        let (is, os) = (code(d.ispeed)?, code(d.ospeed)?);
        // Linux keeps one line speed (glibc's setters share CBAUD): the
        // input speed goes first, the output speed wins.
        // SAFETY: the setters only write the struct; the codes are valid.
        unsafe {
            libc::cfsetispeed(&mut l, is);
            libc::cfsetospeed(&mut l, os);
        }
    }
    Some(l)
}

fn get_linux(fd: c_int) -> Option<libc::termios> {
    // SAFETY: plain data filled by glibc.
    let mut l: libc::termios = unsafe { core::mem::zeroed() };
    // SAFETY: `l` is a valid termios.
    if unsafe { libc::tcgetattr(fd, &mut l) } != 0 {
        crate::errno::set_from_linux();
        return None;
    }
    Some(l)
}

unsafe extern "C" fn tcgetattr(fd: c_int, t: *mut Termios) -> c_int {
    let Some(l) = get_linux(fd) else {
        return -1;
    };
    if t.is_null() {
        crate::errno::set(darwin::EFAULT);
        return -1;
    }
    // SAFETY: the caller's darwin termios.
    unsafe { t.write(termios_to_darwin(&l)) };
    0
}

/// darwin `TCSASOFT`: leave the hardware state (control flags, speeds) alone.
const TCSASOFT: c_int = 0x10;

unsafe extern "C" fn tcsetattr(fd: c_int, action: c_int, t: *const Termios) -> c_int {
    let act = action & !TCSASOFT;
    if !(0..=2).contains(&act) {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    if t.is_null() {
        crate::errno::set(darwin::EFAULT);
        return -1;
    }
    let Some(base) = get_linux(fd) else {
        return -1;
    };
    // SAFETY: the caller's darwin termios.
    let mut d = unsafe { *t };
    if action & TCSASOFT != 0 {
        d.cflag |= CIGNORE;
    }
    let Some(l) = termios_to_linux(&d, &base) else {
        crate::errno::set(darwin::EINVAL);
        return -1;
    };
    // TCSANOW/TCSADRAIN/TCSAFLUSH are 0/1/2 on both.
    // SAFETY: `l` is a valid Linux termios.
    check(unsafe { libc::tcsetattr(fd, act, &l) })
}

unsafe extern "C" fn cfgetispeed(t: *const Termios) -> u64 {
    // SAFETY: the caller's darwin termios.
    unsafe { (*t).ispeed }
}

unsafe extern "C" fn cfgetospeed(t: *const Termios) -> u64 {
    // SAFETY: the caller's darwin termios.
    unsafe { (*t).ospeed }
}

/// darwin stores any numeric speed; validity is checked by `tcsetattr`.
unsafe extern "C" fn cfsetispeed(t: *mut Termios, s: u64) -> c_int {
    // SAFETY: the caller's darwin termios.
    unsafe { (*t).ispeed = s };
    0
}

unsafe extern "C" fn cfsetospeed(t: *mut Termios, s: u64) -> c_int {
    // SAFETY: the caller's darwin termios.
    unsafe { (*t).ospeed = s };
    0
}

unsafe extern "C" fn cfsetspeed(t: *mut Termios, s: u64) -> c_int {
    // SAFETY: the caller's darwin termios.
    unsafe {
        (*t).ispeed = s;
        (*t).ospeed = s;
    }
    0
}

/// BSD `cfmakeraw` (Apple's libc follows FreeBSD): besides what glibc
/// clears it also clears `IMAXBEL`, `IXOFF`, `INPCK`, `IGNPAR`, `ECHOE`,
/// `ECHOK`, `NOFLSH`, `TOSTOP`, `PENDIN`, and sets `IGNBRK` and `CREAD`.
unsafe extern "C" fn cfmakeraw(t: *mut Termios) {
    // SAFETY: the caller's darwin termios.
    let t = unsafe { &mut *t };
    t.iflag &= !(0x2000 | 0x400 | 0x10 | 0x2 | 0x8 | 0x20 | 0x40 | 0x80 | 0x100 | 0x200 | 0x4);
    t.iflag |= 0x1;
    t.oflag &= !0x1;
    t.lflag &=
        !(0x8 | 0x2 | 0x4 | 0x10 | 0x100 | 0x80 | 0x400 | 0x8000_0000 | 0x40_0000 | 0x2000_0000);
    t.cflag &= !(0x300 | 0x1000);
    t.cflag |= 0x300 | 0x800;
    t.cc[VMIN] = 1;
    t.cc[VTIME] = 0;
}

/// darwin `TCIFLUSH` 1, `TCOFLUSH` 2, `TCIOFLUSH` 3 → Linux 0, 1, 2.
extern "C" fn tcflush(fd: c_int, q: c_int) -> c_int {
    if !(1..=3).contains(&q) {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: no memory is involved.
    check(unsafe { libc::tcflush(fd, q - 1) })
}

/// darwin `TCOOFF` 1, `TCOON` 2, `TCIOFF` 3, `TCION` 4 → Linux 0..3.
extern "C" fn tcflow(fd: c_int, a: c_int) -> c_int {
    if !(1..=4).contains(&a) {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: no memory is involved.
    check(unsafe { libc::tcflow(fd, a - 1) })
}

extern "C" fn tcdrain(fd: c_int) -> c_int {
    // SAFETY: no memory is involved.
    check(unsafe { libc::tcdrain(fd) })
}

extern "C" fn tcsendbreak(fd: c_int, d: c_int) -> c_int {
    // SAFETY: no memory is involved.
    check(unsafe { libc::tcsendbreak(fd, d) })
}

extern "C" fn tcgetpgrp(fd: c_int) -> pid_t {
    // SAFETY: no memory is involved.
    check(unsafe { libc::tcgetpgrp(fd) })
}

extern "C" fn tcsetpgrp(fd: c_int, pg: pid_t) -> c_int {
    // SAFETY: no memory is involved.
    check(unsafe { libc::tcsetpgrp(fd, pg) })
}

extern "C" fn tcgetsid(fd: c_int) -> pid_t {
    // SAFETY: no memory is involved.
    check(unsafe { libc::tcgetsid(fd) })
}

/// A plain `ioctl` whose argument layout agrees on both systems.
unsafe fn pass(fd: c_int, req: c_ulong, arg: usize) -> c_int {
    // SAFETY: the caller's argument, of the layout the request defines.
    check(unsafe { libc::ioctl(fd, req, arg) })
}

/// `ioctl` with darwin request numbers; `arg` is the optional third argument.
///
/// # Safety
/// `arg` must be what darwin defines for `req` (usually a pointer).
pub unsafe extern "C" fn ioctl(fd: c_int, req: c_ulong, arg: usize) -> c_int {
    let req = req as u32;
    // SAFETY: each arm passes `arg` as the type the request defines.
    unsafe {
        match req {
            FIOCLEX => pass(fd, libc::FIOCLEX, 0),
            FIONCLEX => pass(fd, libc::FIONCLEX, 0),
            FIONREAD => pass(fd, libc::FIONREAD, arg),
            FIONBIO => pass(fd, libc::FIONBIO, arg),
            FIOASYNC => pass(fd, libc::FIOASYNC, arg),
            FIOSETOWN => check(libc::fcntl(fd, libc::F_SETOWN, *(arg as *const c_int))),
            FIOGETOWN => {
                let r = check(libc::fcntl(fd, libc::F_GETOWN));
                if r == -1 {
                    return -1;
                }
                *(arg as *mut c_int) = r;
                0
            }
            TIOCGWINSZ => pass(fd, libc::TIOCGWINSZ, arg),
            TIOCSWINSZ => pass(fd, libc::TIOCSWINSZ, arg),
            TIOCGETA => tcgetattr(fd, arg as *mut Termios),
            TIOCSETA => tcsetattr(fd, 0, arg as *const Termios),
            TIOCSETAW => tcsetattr(fd, 1, arg as *const Termios),
            TIOCSETAF => tcsetattr(fd, 2, arg as *const Termios),
            TIOCGPGRP => pass(fd, libc::TIOCGPGRP, arg),
            TIOCSPGRP => pass(fd, libc::TIOCSPGRP, arg),
            TIOCSCTTY => pass(fd, libc::TIOCSCTTY, 0),
            TIOCNOTTY => pass(fd, libc::TIOCNOTTY, 0),
            TIOCOUTQ => pass(fd, libc::TIOCOUTQ, arg),
            TIOCSTI => pass(fd, libc::TIOCSTI, arg),
            TIOCEXCL => pass(fd, libc::TIOCEXCL, 0),
            TIOCNXCL => pass(fd, libc::TIOCNXCL, 0),
            // TIOCM_* bits agree.
            TIOCMGET => pass(fd, libc::TIOCMGET, arg),
            TIOCMSET => pass(fd, libc::TIOCMSET, arg),
            TIOCMBIS => pass(fd, libc::TIOCMBIS, arg),
            TIOCMBIC => pass(fd, libc::TIOCMBIC, arg),
            TIOCSDTR | TIOCCDTR => {
                let dtr: c_int = libc::TIOCM_DTR;
                let r = if req == TIOCSDTR {
                    libc::TIOCMBIS
                } else {
                    libc::TIOCMBIC
                };
                pass(fd, r, &dtr as *const c_int as usize)
            }
            TIOCSBRK => pass(fd, libc::TIOCSBRK, 0),
            TIOCCBRK => pass(fd, libc::TIOCCBRK, 0),
            // TIOCPKT_* bits agree.
            TIOCPKT => pass(fd, libc::TIOCPKT, arg),
            // TTYDISC is 0 like N_TTY.
            TIOCGETD => pass(fd, libc::TIOCGETD, arg),
            TIOCSETD => pass(fd, libc::TIOCSETD, arg),
            TIOCSTOP => tcflow(fd, 1),
            TIOCSTART => tcflow(fd, 2),
            TIOCDRAIN => tcdrain(fd),
            // FREAD 1 / FWRITE 2; 0 flushes both.
            TIOCFLUSH => {
                let w = if arg == 0 { 0 } else { *(arg as *const c_int) } & 3;
                tcflush(fd, if w == 0 { 3 } else { w })
            }
            TIOCSIG => {
                let sig = crate::kernel::signal::to_linux(arg as c_int);
                pass(fd, libc::TIOCSIG as c_ulong, sig as usize)
            }
            TIOCPTYGRANT => grantpt(fd),
            TIOCPTYUNLK => unlockpt(fd),
            TIOCPTYGNAME => ptsname_r(fd, arg as *mut c_char, 128),
            _ => {
                crate::errno::set(libc::ENOTTY);
                -1
            }
        }
    }
}

// ---- pseudo-terminals --------------------------------------------------

extern "C" fn posix_openpt(flags: c_int) -> c_int {
    let f = crate::kernel::fs::open_flags_to_linux(flags);
    // SAFETY: no memory is involved.
    check(unsafe { libc::posix_openpt(f) })
}

extern "C" fn grantpt(fd: c_int) -> c_int {
    // SAFETY: no memory is involved.
    check(unsafe { libc::grantpt(fd) })
}

extern "C" fn unlockpt(fd: c_int) -> c_int {
    // SAFETY: no memory is involved.
    check(unsafe { libc::unlockpt(fd) })
}

/// darwin `ptsname_r` fails with -1 and errno (glibc returns the number).
unsafe extern "C" fn ptsname_r(fd: c_int, buf: *mut c_char, n: size_t) -> c_int {
    if buf.is_null() {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: the caller's buffer of `n` bytes.
    let e = unsafe { libc::ptsname_r(fd, buf, n) };
    if e != 0 {
        crate::errno::set(crate::errno::linux_to_darwin(e));
        return -1;
    }
    0
}

unsafe extern "C" fn ptsname(fd: c_int) -> *mut c_char {
    static mut BUF: [c_char; 128] = [0; 128];
    let buf = core::ptr::addr_of_mut!(BUF).cast::<c_char>();
    // SAFETY: our static buffer (not thread-safe, as documented for ptsname).
    if unsafe { ptsname_r(fd, buf, 128) } != 0 {
        return core::ptr::null_mut();
    }
    buf
}

unsafe extern "C" fn ttyname_r(fd: c_int, buf: *mut c_char, n: size_t) -> c_int {
    // SAFETY: the caller's buffer of `n` bytes.
    crate::errno::linux_to_darwin(unsafe { libc::ttyname_r(fd, buf, n) })
}

unsafe extern "C" fn ttyname(fd: c_int) -> *mut c_char {
    static mut BUF: [c_char; 128] = [0; 128];
    let buf = core::ptr::addr_of_mut!(BUF).cast::<c_char>();
    // SAFETY: our static buffer.
    let e = unsafe { ttyname_r(fd, buf, 128) };
    if e != 0 {
        crate::errno::set(e);
        return core::ptr::null_mut();
    }
    buf
}

/// `openpty(&master, &slave, name, termp, winp)`: a new pair, the slave
/// configured from the darwin termios and window size when given.
unsafe extern "C" fn openpty(
    amaster: *mut c_int,
    aslave: *mut c_int,
    name: *mut c_char,
    termp: *const Termios,
    winp: *const c_void,
) -> c_int {
    let m = posix_openpt(0x2 | 0x2_0000);
    if m < 0 {
        return -1;
    }
    let mut path = [0 as c_char; 128];
    // SAFETY: our descriptor and buffers; the caller's out-pointers.
    unsafe {
        let fail = |fd: c_int| {
            let e = crate::errno::get();
            libc::close(fd);
            crate::errno::set(e);
            -1
        };
        if grantpt(m) != 0 || unlockpt(m) != 0 || ptsname_r(m, path.as_mut_ptr(), 128) != 0 {
            return fail(m);
        }
        let s = libc::open(path.as_ptr(), libc::O_RDWR | libc::O_NOCTTY);
        if s < 0 {
            crate::errno::set_from_linux();
            return fail(m);
        }
        if (!termp.is_null() && tcsetattr(s, 2, termp) != 0)
            || (!winp.is_null() && pass(s, libc::TIOCSWINSZ, winp as usize) != 0)
        {
            fail(s);
            return fail(m);
        }
        if !name.is_null() {
            libc::strcpy(name, path.as_ptr());
        }
        *amaster = m;
        *aslave = s;
    }
    0
}

/// `login_tty`: a new session with `fd` as controlling terminal and stdio.
extern "C" fn login_tty(fd: c_int) -> c_int {
    // SAFETY: descriptor operations only.
    unsafe {
        libc::setsid();
        if libc::ioctl(fd, libc::TIOCSCTTY, 0) != 0 {
            crate::errno::set_from_linux();
            return -1;
        }
        for i in 0..3 {
            libc::dup2(fd, i);
        }
        if fd > 2 {
            libc::close(fd);
        }
    }
    0
}

/// `forkpty`: `openpty`, then our `fork`; the child's stdio is the slave.
unsafe extern "C" fn forkpty(
    amaster: *mut c_int,
    name: *mut c_char,
    termp: *const Termios,
    winp: *const c_void,
) -> pid_t {
    let (mut m, mut s) = (-1, -1);
    // SAFETY: forwarded contract.
    if unsafe { openpty(&mut m, &mut s, name, termp, winp) } != 0 {
        return -1;
    }
    // The exported `fork` (whatever process bookkeeping it does).
    let Some(f) = crate::lookup(b"_fork") else {
        crate::errno::set(darwin::ENOSYS);
        return -1;
    };
    // SAFETY: `_fork` is an `extern "C" fn() -> pid_t`.
    let fork: extern "C" fn() -> pid_t = unsafe { core::mem::transmute(f.addr()) };
    let pid = fork();
    // SAFETY: closing our descriptors; the caller's out-pointer.
    unsafe {
        match pid {
            -1 => {
                let e = crate::errno::get();
                libc::close(m);
                libc::close(s);
                crate::errno::set(e);
            }
            0 => {
                libc::close(m);
                login_tty(s);
            }
            _ => {
                libc::close(s);
                *amaster = m;
            }
        }
    }
    pid
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_ioctl" => ioctl,
    func "_tcgetattr" => tcgetattr,
    func "_tcsetattr" => tcsetattr,
    func "_cfgetispeed" => cfgetispeed,
    func "_cfgetospeed" => cfgetospeed,
    func "_cfsetispeed" => cfsetispeed,
    func "_cfsetospeed" => cfsetospeed,
    func "_cfsetspeed" => cfsetspeed,
    func "_cfmakeraw" => cfmakeraw,
    func "_tcflush" => tcflush,
    func "_tcflow" => tcflow,
    func "_tcdrain" => tcdrain,
    func "_tcdrain$NOCANCEL" => tcdrain,
    func "_tcsendbreak" => tcsendbreak,
    func "_tcgetpgrp" => tcgetpgrp,
    func "_tcsetpgrp" => tcsetpgrp,
    func "_tcgetsid" => tcgetsid,
    func "_posix_openpt" => posix_openpt,
    func "_grantpt" => grantpt,
    func "_unlockpt" => unlockpt,
    func "_ptsname" => ptsname,
    func "_ptsname_r" => ptsname_r,
    func "_ttyname" => ttyname,
    func "_ttyname_r" => ttyname_r,
    func "_openpty" => openpty,
    func "_login_tty" => login_tty,
    func "_forkpty" => forkpty,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn termios_round_trip() {
        // SAFETY: plain data.
        let mut l: libc::termios = unsafe { core::mem::zeroed() };
        l.c_iflag = libc::ICRNL | libc::IXON | libc::IXOFF;
        l.c_oflag = libc::OPOST | libc::ONLCR | libc::TAB3 | libc::CR2;
        l.c_cflag = libc::CS7 | libc::CREAD | libc::PARENB | libc::CRTSCTS;
        l.c_lflag = libc::ICANON | libc::ECHO | libc::ISIG | libc::IEXTEN;
        l.c_cc[libc::VINTR] = 3;
        l.c_cc[libc::VMIN] = 1;
        // SAFETY: valid codes.
        unsafe {
            libc::cfsetispeed(&mut l, libc::B115200);
            libc::cfsetospeed(&mut l, libc::B115200);
        }
        let d = termios_to_darwin(&l);
        assert_eq!(d.iflag, 0x100 | 0x200 | 0x400);
        assert_eq!(d.oflag, 0x1 | 0x2 | 0x4 | 0x2000);
        assert_eq!(d.cflag, 0x200 | 0x800 | 0x1000 | CRTSCTS);
        assert_eq!(d.lflag, 0x100 | 0x8 | 0x80 | 0x400);
        assert_eq!(d.cc[8], 3);
        assert_eq!(d.cc[0], VDISABLE);
        assert_eq!(d.cc[VMIN], 1);
        assert_eq!((d.ispeed, d.ospeed), (115200, 115200));
        // SAFETY: plain data.
        let back = termios_to_linux(&d, &unsafe { core::mem::zeroed() }).unwrap();
        assert_eq!(back.c_iflag, l.c_iflag);
        assert_eq!(back.c_oflag, l.c_oflag);
        assert_eq!(back.c_lflag, l.c_lflag);
        assert_eq!(back.c_cflag & !libc::CBAUD, l.c_cflag & !libc::CBAUD);
        assert_eq!(back.c_cc[libc::VINTR], 3);
        let mut bad = d;
        bad.ospeed = 12345;
        // SAFETY: plain data.
        assert!(termios_to_linux(&bad, &unsafe { core::mem::zeroed() }).is_none());
    }
}
