//! darwin's pseudo-random generators, which are not glibc's:
//!
//! - `rand`/`srand`/`rand_r`: the Park–Miller "minimal standard"
//!   generator (`x = 16807 x mod (2^31 - 1)`, a seed of 0 standing for
//!   123459876), starting from 1 (Apple Libc `stdlib/FreeBSD/rand.c`);
//!   glibc's `rand` is its `random`.
//! - `random`/`srandom`/`initstate`/`setstate`: the BSD additive feedback
//!   generator (Libc `stdlib/FreeBSD/random.c`). For the default 128-byte
//!   state and any non-zero seed it produces glibc's sequence; it differs
//!   for seed 0 (BSD keeps 0 and seeds the table from 123459876, glibc uses
//!   1) and for states under 32 bytes (BSD uses Park–Miller there).
//! - `srandomdev`/`sranddev` seed from `/dev/random`.
//!
//! The state words live in the caller's buffer after `initstate`/
//! `setstate` (its first word encodes the type and the rear pointer), as
//! the BSD API requires.

use core::ptr::addr_of_mut;
use libc::{c_char, c_int, c_long, c_uint, size_t};
use std::sync::Mutex;

/// The Park–Miller step shared by `rand` and `random`'s seeding.
fn good_rand(x: i64) -> i64 {
    let x = if x == 0 { 123_459_876 } else { x };
    let hi = x / 127_773;
    let lo = x % 127_773;
    let mut x = 16_807 * lo - 2_836 * hi;
    if x < 0 {
        x += 0x7fff_ffff;
    }
    x
}

/// darwin `do_rand`: one step on a `u_long` context.
fn do_rand(ctx: &mut u64) -> c_int {
    let x = good_rand(*ctx as i64);
    *ctx = x as u64;
    (*ctx % 0x8000_0000) as c_int
}

static NEXT: Mutex<u64> = Mutex::new(1);

extern "C" fn rand() -> c_int {
    let mut n = NEXT.lock().unwrap_or_else(|e| e.into_inner());
    do_rand(&mut n)
}

extern "C" fn srand(seed: c_uint) {
    *NEXT.lock().unwrap_or_else(|e| e.into_inner()) = seed as u64;
}

/// # Safety
/// `ctx` points to the caller's seed.
unsafe extern "C" fn rand_r(ctx: *mut c_uint) -> c_int {
    // SAFETY: the caller's seed.
    unsafe {
        let mut v = *ctx as u64;
        let r = do_rand(&mut v);
        *ctx = v as c_uint;
        r
    }
}

/// Fills `buf` from `/dev/random`; false when that fails.
fn dev_random(buf: &mut [u8]) -> bool {
    use std::io::Read;
    std::fs::File::open("/dev/random")
        .and_then(|mut f| f.read_exact(buf))
        .is_ok()
}

/// A seed from the time and pid (the fallback when `/dev/random` fails).
fn time_seed() -> u32 {
    let mut tv = libc::timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    // SAFETY: `tv` is writable; getpid has no preconditions.
    unsafe {
        libc::gettimeofday(&mut tv, core::ptr::null_mut());
        ((libc::getpid() as u32) << 16) ^ tv.tv_sec as u32 ^ tv.tv_usec as u32
    }
}

extern "C" fn sranddev() {
    let mut b = [0u8; 8];
    if dev_random(&mut b) {
        *NEXT.lock().unwrap_or_else(|e| e.into_inner()) = u64::from_ne_bytes(b);
    } else {
        srand(time_seed());
    }
}

// --- random() ----------------------------------------------------------------

const MAX_TYPES: u32 = 5;
/// Degree and separation of each type (x^7+x^3+1, x^15+x+1, x^31+x^3+1,
/// x^63+x+1).
const DEGREES: [usize; 5] = [0, 7, 15, 31, 63];
const SEPS: [usize; 5] = [0, 3, 1, 3, 1];
/// Minimum state sizes (bytes) of types 1..4.
const BREAKS: [size_t; 5] = [8, 32, 64, 128, 256];

/// The generator: `state` points at the word after the type word.
struct Gen {
    state: *mut u32,
    kind: usize,
    deg: usize,
    sep: usize,
    /// Front and rear positions (indices into `state`).
    f: usize,
    r: usize,
}

// SAFETY: the pointer is only used under the mutex.
unsafe impl Send for Gen {}

/// The default state buffer: the type word and 31 state words.
static mut RANDTBL: [u32; 32] = [0; 32];

static GEN: Mutex<Option<Gen>> = Mutex::new(None);

impl Gen {
    /// One output.
    ///
    /// # Safety
    /// `state` holds `deg` words (1 for type 0).
    unsafe fn next(&mut self) -> c_long {
        // SAFETY: indices stay below `deg`.
        unsafe {
            if self.kind == 0 {
                let v = (good_rand(*self.state as i32 as i64) as u32) & 0x7fff_ffff;
                *self.state = v;
                return v as c_long;
            }
            let f = self.state.add(self.f);
            *f = (*f).wrapping_add(*self.state.add(self.r));
            let v = (*f >> 1) & 0x7fff_ffff;
            self.f += 1;
            if self.f >= self.deg {
                self.f = 0;
                self.r += 1;
            } else {
                self.r += 1;
                if self.r >= self.deg {
                    self.r = 0;
                }
            }
            v as c_long
        }
    }

    /// `srandom`: fills the table from `seed` and stirs it.
    ///
    /// # Safety
    /// As [`Gen::next`].
    unsafe fn seed(&mut self, seed: u32) {
        // SAFETY: indices stay below `deg`.
        unsafe {
            *self.state = seed;
            let lim = if self.kind == 0 {
                50
            } else {
                for i in 1..self.deg {
                    *self.state.add(i) = good_rand(*self.state.add(i - 1) as i32 as i64) as u32;
                }
                self.f = self.sep;
                self.r = 0;
                10 * self.deg
            };
            for _ in 0..lim {
                self.next();
            }
        }
    }

    /// The type word: the rear position and the type.
    fn word(&self) -> u32 {
        if self.kind == 0 {
            0
        } else {
            MAX_TYPES * self.r as u32 + self.kind as u32
        }
    }
}

/// The generator, set up as `initstate(1, randtbl, 128)` on first use.
fn with_gen<R>(f: impl FnOnce(&mut Gen) -> R) -> R {
    let mut g = GEN.lock().unwrap_or_else(|e| e.into_inner());
    let g = g.get_or_insert_with(|| {
        // RANDTBL is only touched under GEN's lock.
        let tbl = addr_of_mut!(RANDTBL).cast::<u32>();
        let mut g = Gen {
            // SAFETY: the table has 32 words.
            state: unsafe { tbl.add(1) },
            kind: 3,
            deg: 31,
            sep: 3,
            f: 3,
            r: 0,
        };
        // SAFETY: 31 state words.
        unsafe {
            g.seed(1);
            *tbl = g.word();
        }
        g
    });
    f(g)
}

extern "C" fn random() -> c_long {
    // SAFETY: the generator's state is valid.
    with_gen(|g| unsafe { g.next() })
}

extern "C" fn srandom(seed: c_uint) {
    // SAFETY: the generator's state is valid.
    with_gen(|g| unsafe { g.seed(seed) })
}

extern "C" fn srandomdev() {
    with_gen(|g| {
        let words = if g.kind == 0 { 1 } else { g.deg };
        let mut b = vec![0u8; words * 4];
        if dev_random(&mut b) {
            for (i, c) in b.chunks_exact(4).enumerate() {
                // SAFETY: `words` state words.
                unsafe { *g.state.add(i) = u32::from_ne_bytes([c[0], c[1], c[2], c[3]]) };
            }
            if g.kind != 0 {
                g.f = g.sep;
                g.r = 0;
            }
        } else {
            // SAFETY: the generator's state is valid.
            unsafe { g.seed(time_seed()) };
        }
    })
}

/// `initstate(seed, buf, n)`: switches to the caller's buffer (the type
/// chosen by its size) and seeds it; returns the previous state, or NULL
/// (with darwin's message) for fewer than 8 bytes.
///
/// # Safety
/// `buf` holds `n` bytes, aligned for `u32`, and outlives its use.
unsafe extern "C" fn initstate(seed: c_uint, buf: *mut c_char, n: size_t) -> *mut c_char {
    with_gen(|g| {
        // SAFETY: the old state's type word precedes it.
        let old = unsafe {
            *g.state.sub(1) = g.word();
            g.state.sub(1).cast::<c_char>()
        };
        if n < BREAKS[0] {
            let msg = format!("random: not enough state ({n} bytes); ignored.\n");
            // SAFETY: writing a buffer to stderr.
            unsafe { libc::write(2, msg.as_ptr().cast(), msg.len()) };
            return core::ptr::null_mut();
        }
        let kind = BREAKS.iter().rposition(|&b| n >= b).unwrap_or(0);
        g.kind = kind;
        g.deg = DEGREES[kind];
        g.sep = SEPS[kind];
        // SAFETY: the caller's buffer of `n` bytes.
        unsafe {
            let words = buf.cast::<u32>();
            g.state = words.add(1);
            g.seed(seed);
            *words = g.word();
        }
        old
    })
}

/// `setstate(buf)`: resumes the state saved in `buf`; returns the previous.
///
/// # Safety
/// `buf` is a state from `initstate` (or a previous `setstate`).
unsafe extern "C" fn setstate(buf: *const c_char) -> *mut c_char {
    with_gen(|g| {
        // SAFETY: the old state's type word precedes it; `buf` is a state.
        unsafe {
            *g.state.sub(1) = g.word();
            let old = g.state.sub(1).cast::<c_char>();
            let words = buf as *mut u32;
            let kind = (*words % MAX_TYPES) as usize;
            let rear = (*words / MAX_TYPES) as usize;
            g.kind = kind;
            g.deg = DEGREES[kind];
            g.sep = SEPS[kind];
            g.state = words.add(1);
            if kind != 0 {
                g.r = rear;
                g.f = (rear + g.sep) % g.deg;
            }
            old
        }
    })
}

/// `arc4random_stir` and `arc4random_addrandom`: no-ops, as on macOS
/// (Libc `gen/FreeBSD/arc4random.c`: the generator reseeds itself).
extern "C" fn arc4random_stir() {}
extern "C" fn arc4random_addrandom(_dat: *mut u8, _len: c_int) {}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_rand" => rand,
    func "_srand" => srand,
    func "_rand_r" => rand_r,
    func "_sranddev" => sranddev,
    func "_random" => random,
    func "_srandom" => srandom,
    func "_srandomdev" => srandomdev,
    func "_initstate" => initstate,
    func "_setstate" => setstate,
    func "_arc4random_stir" => arc4random_stir,
    func "_arc4random_addrandom" => arc4random_addrandom,
};

#[cfg(test)]
mod tests {
    use super::*;

    mod glibc {
        use libc::{c_char, c_long, c_uint, size_t};
        extern "C" {
            pub fn random() -> c_long;
            pub fn initstate(seed: c_uint, state: *mut c_char, n: size_t) -> *mut c_char;
            pub fn setstate(state: *mut c_char) -> *mut c_char;
        }
    }

    #[test]
    fn park_miller() {
        // The minimal standard generator from 1: 16807, 282475249, ...
        let mut c = 1u64;
        assert_eq!(do_rand(&mut c), 16807);
        assert_eq!(do_rand(&mut c), 282_475_249);
        assert_eq!(do_rand(&mut c), 1_622_650_073);
    }

    #[test]
    fn random_matches_glibc_for_nonzero_seeds() {
        let mut buf = [0u32; 64];
        // SAFETY: a 256-byte aligned buffer that outlives the calls below,
        // and glibc's own generator for comparison.
        unsafe {
            let old = initstate(7, buf.as_mut_ptr().cast(), 128);
            let mut gbuf = [0u32; 64];
            let gold = glibc::initstate(7, gbuf.as_mut_ptr().cast(), 128);
            for _ in 0..50 {
                assert_eq!(random(), glibc::random());
            }
            glibc::setstate(gold);
            setstate(old);
        }
    }
}
