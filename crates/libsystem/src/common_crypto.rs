//! CommonCrypto (`/usr/lib/system/libcommonCrypto.dylib`, re-exported by
//! libSystem): digests, HMAC, PBKDF2, random bytes and AES.
//!
//! The block functions come from RustCrypto (`md-5`, `sha1`, `sha2`'s
//! `compress*`, `aes`, `pbkdf2`). Digest and HMAC contexts are allocated by
//! the program (`CC_SHA256_CTX`, `CCHmacContext`...), and the crates' hasher
//! structs do not fit them (`sha2`'s SHA-256 hasher is 40 bytes of core plus a
//! 64-byte buffer plus a position: more than the 104 bytes of
//! `CC_SHA256_CTX`; the SHA-512 core has a 16-aligned `u128`). So the
//! streaming state is our own, kept entirely inside the darwin struct: chaining
//! value, byte count and the partial block, in the header's own fields. The
//! initial chaining values are read from the crates (their serialized fresh
//! state), so no constant is written twice.

use core::ptr;
use libc::{c_int, c_void, size_t};

use md5::block_api::Md5Core;
use sha1::block_api::Sha1Core;
use sha2::block_api::{Sha256VarCore, Sha512VarCore};
use sha2::digest::block_api::VariableOutputCore;
use sha2::digest::common::hazmat::SerializableState;

// <CommonCrypto/CommonCryptoError.h>
const K_CC_SUCCESS: i32 = 0;
const K_CC_PARAM_ERROR: i32 = -4300;
const K_CC_BUFFER_TOO_SMALL: i32 = -4301;
const K_CC_ALIGNMENT_ERROR: i32 = -4303;
const K_CC_DECODE_ERROR: i32 = -4304;
const K_CC_UNIMPLEMENTED: i32 = -4305;
const K_CC_RNG_FAILURE: i32 = -4307;

/// A digest algorithm.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Alg {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Alg {
    fn block(self) -> usize {
        match self {
            Alg::Md5 | Alg::Sha1 | Alg::Sha224 | Alg::Sha256 => 64,
            Alg::Sha384 | Alg::Sha512 => 128,
        }
    }

    fn out_len(self) -> usize {
        match self {
            Alg::Md5 => 16,
            Alg::Sha1 => 20,
            Alg::Sha224 => 28,
            Alg::Sha256 => 32,
            Alg::Sha384 => 48,
            Alg::Sha512 => 64,
        }
    }

    fn wide(self) -> bool {
        self.block() == 128
    }

    /// The initial chaining value, from the crate's serialized fresh state
    /// (words in little-endian order, then the block count).
    fn iv(self) -> [u64; 8] {
        fn words32(b: &[u8]) -> [u64; 8] {
            let mut h = [0u64; 8];
            for (w, c) in h.iter_mut().zip(b.chunks_exact(4)) {
                *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as u64;
            }
            h
        }
        fn words64(b: &[u8]) -> [u64; 8] {
            let mut h = [0u64; 8];
            for (w, c) in h.iter_mut().zip(b.chunks_exact(8)) {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                *w = u64::from_le_bytes(a);
            }
            h
        }
        match self {
            Alg::Md5 => words32(&Md5Core::default().serialize()[..16]),
            Alg::Sha1 => words32(&Sha1Core::default().serialize()[..20]),
            Alg::Sha224 | Alg::Sha256 => match Sha256VarCore::new(self.out_len()) {
                Ok(c) => words32(&c.serialize()[..32]),
                Err(_) => unreachable!("28 and 32 are SHA-256 output sizes"),
            },
            Alg::Sha384 | Alg::Sha512 => match Sha512VarCore::new(self.out_len()) {
                Ok(c) => words64(&c.serialize()[..64]),
                Err(_) => unreachable!("48 and 64 are SHA-512 output sizes"),
            },
        }
    }
}

/// A streaming digest: chaining value (32-bit words widened for the 64-byte
/// block algorithms), bytes hashed so far, and the partial block.
#[derive(Clone, Copy)]
struct Hasher {
    alg: Alg,
    h: [u64; 8],
    count: u64,
    buf: [u8; 128],
}

impl Hasher {
    fn new(alg: Alg) -> Self {
        Hasher {
            alg,
            h: alg.iv(),
            count: 0,
            buf: [0; 128],
        }
    }

    /// Runs the compression function over whole blocks.
    fn compress(&mut self, blocks: &[u8]) {
        fn narrow<const N: usize>(h: &[u64; 8]) -> [u32; N] {
            core::array::from_fn(|i| h[i] as u32)
        }
        fn widen(h: &mut [u64; 8], s: &[u32]) {
            for (w, v) in h.iter_mut().zip(s) {
                *w = *v as u64;
            }
        }
        let bs = self.alg.block();
        debug_assert_eq!(blocks.len() % bs, 0);
        let n = blocks.len() / bs;
        if n == 0 {
            return;
        }
        if bs == 64 {
            // SAFETY: `blocks` holds `n` whole 64-byte blocks; `[u8; 64]`
            // has alignment 1, so the cast slice covers exactly those bytes.
            let b: &[[u8; 64]] = unsafe { core::slice::from_raw_parts(blocks.as_ptr().cast(), n) };
            match self.alg {
                Alg::Md5 => {
                    let mut s = narrow::<4>(&self.h);
                    md5::block_api::compress(&mut s, b);
                    widen(&mut self.h, &s);
                }
                Alg::Sha1 => {
                    let mut s = narrow::<5>(&self.h);
                    sha1::block_api::compress(&mut s, b);
                    widen(&mut self.h, &s);
                }
                _ => {
                    let mut s = narrow::<8>(&self.h);
                    sha2::block_api::compress256(&mut s, b);
                    widen(&mut self.h, &s);
                }
            }
        } else {
            // SAFETY: as above, with 128-byte blocks.
            let b: &[[u8; 128]] = unsafe { core::slice::from_raw_parts(blocks.as_ptr().cast(), n) };
            sha2::block_api::compress512(&mut self.h, b);
        }
    }

    fn update(&mut self, mut data: &[u8]) {
        let bs = self.alg.block();
        let mut pos = (self.count % bs as u64) as usize;
        self.count = self.count.wrapping_add(data.len() as u64);
        if pos > 0 {
            let take = (bs - pos).min(data.len());
            self.buf[pos..pos + take].copy_from_slice(&data[..take]);
            pos += take;
            data = &data[take..];
            if pos < bs {
                return;
            }
            let block = self.buf;
            self.compress(&block[..bs]);
        }
        let whole = data.len() / bs * bs;
        self.compress(&data[..whole]);
        let rest = &data[whole..];
        self.buf[..rest.len()].copy_from_slice(rest);
    }

    /// Pads (the Merkle–Damgård length block) and writes the digest.
    fn finish(mut self, out: &mut [u8]) {
        let bs = self.alg.block();
        let len_bytes = if self.alg.wide() { 16 } else { 8 };
        let bits = (self.count as u128) << 3;
        let pos = (self.count % bs as u64) as usize;
        let pad_len = if pos < bs - len_bytes {
            bs - len_bytes - pos
        } else {
            2 * bs - len_bytes - pos
        };
        let mut pad = [0u8; 256];
        pad[0] = 0x80;
        let lens = match self.alg {
            Alg::Md5 => (bits as u64).to_le_bytes().to_vec(),
            Alg::Sha384 | Alg::Sha512 => bits.to_be_bytes().to_vec(),
            _ => (bits as u64).to_be_bytes().to_vec(),
        };
        pad[pad_len..pad_len + len_bytes].copy_from_slice(&lens);
        self.update(&pad[..pad_len + len_bytes]);
        let mut full = [0u8; 64];
        match self.alg {
            Alg::Md5 => {
                for (c, w) in full.chunks_exact_mut(4).zip(&self.h) {
                    c.copy_from_slice(&(*w as u32).to_le_bytes());
                }
            }
            Alg::Sha384 | Alg::Sha512 => {
                for (c, w) in full.chunks_exact_mut(8).zip(&self.h) {
                    c.copy_from_slice(&w.to_be_bytes());
                }
            }
            _ => {
                for (c, w) in full.chunks_exact_mut(4).zip(&self.h) {
                    c.copy_from_slice(&(*w as u32).to_be_bytes());
                }
            }
        }
        let n = self.alg.out_len();
        out[..n].copy_from_slice(&full[..n]);
    }

    fn digest(alg: Alg, data: &[u8], out: &mut [u8]) {
        let mut h = Hasher::new(alg);
        h.update(data);
        h.finish(out);
    }
}

/// `CC_MD5_CTX` and `CC_SHA1_CTX` (<CommonCrypto/CommonDigest.h>) share one
/// shape: `W` 32-bit chaining words (`A..D` / `h0..h4`), `Nl,Nh`,
/// `data[16]`, `num`. We keep the chaining value, the byte count and the
/// partial block there.
#[repr(C)]
pub struct WordsCtx<const W: usize> {
    h: [u32; W],
    nl: u32,
    nh: u32,
    data: [u8; 64],
    num: i32,
}
pub type Md5Ctx = WordsCtx<4>;
pub type Sha1Ctx = WordsCtx<5>;
const _: () = assert!(core::mem::size_of::<Md5Ctx>() == 92);
const _: () = assert!(core::mem::align_of::<Md5Ctx>() == 4);
const _: () = assert!(core::mem::offset_of!(Md5Ctx, data) == 24);
const _: () = assert!(core::mem::offset_of!(Md5Ctx, num) == 88);
const _: () = assert!(core::mem::size_of::<Sha1Ctx>() == 96);
const _: () = assert!(core::mem::offset_of!(Sha1Ctx, data) == 28);
const _: () = assert!(core::mem::offset_of!(Sha1Ctx, num) == 92);

/// `CC_SHA256_CTX` (also SHA-224's): `count[2]`, `hash[8]`, `wbuf[16]`.
#[repr(C)]
pub struct Sha256Ctx {
    count: [u32; 2],
    hash: [u32; 8],
    wbuf: [u8; 64],
}
const _: () = assert!(core::mem::size_of::<Sha256Ctx>() == 104);
const _: () = assert!(core::mem::offset_of!(Sha256Ctx, hash) == 8);
const _: () = assert!(core::mem::offset_of!(Sha256Ctx, wbuf) == 40);

/// `CC_SHA512_CTX` (also SHA-384's): `count[2]`, `hash[8]`, `wbuf[16]` of
/// 64-bit words.
#[repr(C)]
pub struct Sha512Ctx {
    count: [u64; 2],
    hash: [u64; 8],
    wbuf: [u8; 128],
}
const _: () = assert!(core::mem::size_of::<Sha512Ctx>() == 208);
const _: () = assert!(core::mem::align_of::<Sha512Ctx>() == 8);
const _: () = assert!(core::mem::offset_of!(Sha512Ctx, hash) == 16);
const _: () = assert!(core::mem::offset_of!(Sha512Ctx, wbuf) == 80);

/// A darwin digest context holding a [`Hasher`]'s state.
trait DigestCtx {
    fn load(&self, alg: Alg) -> Hasher;
    fn store(&mut self, h: &Hasher);
}

impl<const W: usize> DigestCtx for WordsCtx<W> {
    fn load(&self, alg: Alg) -> Hasher {
        let mut h = Hasher::new(alg);
        h.h[..W]
            .iter_mut()
            .zip(&self.h)
            .for_each(|(d, s)| *d = *s as u64);
        h.count = self.nl as u64 | (self.nh as u64) << 32;
        h.buf[..64].copy_from_slice(&self.data);
        h
    }
    fn store(&mut self, h: &Hasher) {
        self.h
            .iter_mut()
            .zip(&h.h)
            .for_each(|(d, s)| *d = *s as u32);
        self.nl = h.count as u32;
        self.nh = (h.count >> 32) as u32;
        self.data.copy_from_slice(&h.buf[..64]);
        self.num = (h.count % 64) as i32;
    }
}

impl DigestCtx for Sha256Ctx {
    fn load(&self, alg: Alg) -> Hasher {
        let mut h = Hasher::new(alg);
        h.h.iter_mut()
            .zip(&self.hash)
            .for_each(|(d, s)| *d = *s as u64);
        h.count = self.count[0] as u64 | (self.count[1] as u64) << 32;
        h.buf[..64].copy_from_slice(&self.wbuf);
        h
    }
    fn store(&mut self, h: &Hasher) {
        self.hash
            .iter_mut()
            .zip(&h.h)
            .for_each(|(d, s)| *d = *s as u32);
        self.count = [h.count as u32, (h.count >> 32) as u32];
        self.wbuf.copy_from_slice(&h.buf[..64]);
    }
}

impl DigestCtx for Sha512Ctx {
    fn load(&self, alg: Alg) -> Hasher {
        let mut h = Hasher::new(alg);
        h.h = self.hash;
        h.count = self.count[0];
        h.buf = self.wbuf;
        h
    }
    fn store(&mut self, h: &Hasher) {
        self.hash = h.h;
        self.count = [h.count, 0];
        self.wbuf = h.buf;
    }
}

/// Builds a byte slice from a C pointer and length (NULL only if empty).
///
/// # Safety
/// `p` points to `len` readable bytes, or `len` is 0.
unsafe fn bytes<'a>(p: *const c_void, len: usize) -> &'a [u8] {
    if len == 0 || p.is_null() {
        return &[];
    }
    // SAFETY: guaranteed by the caller.
    unsafe { core::slice::from_raw_parts(p.cast(), len) }
}

/// # Safety
/// `c` points to a darwin context of type `C`.
unsafe fn ctx_init<C: DigestCtx>(c: *mut C, alg: Alg) -> c_int {
    // SAFETY: the caller's context, properly aligned by its C type.
    unsafe { (*c).store(&Hasher::new(alg)) };
    1
}

/// # Safety
/// `c` is an initialised context; `data` has `len` bytes.
unsafe fn ctx_update<C: DigestCtx>(c: *mut C, alg: Alg, data: *const c_void, len: u32) -> c_int {
    // SAFETY: see the function's contract.
    unsafe {
        let mut h = (*c).load(alg);
        h.update(bytes(data, len as usize));
        (*c).store(&h);
    }
    1
}

/// # Safety
/// `c` is an initialised context; `md` has room for the digest.
unsafe fn ctx_final<C: DigestCtx>(md: *mut u8, c: *mut C, alg: Alg) -> c_int {
    let mut out = [0u8; 64];
    // SAFETY: see the function's contract.
    unsafe {
        (*c).load(alg).finish(&mut out);
        ptr::copy_nonoverlapping(out.as_ptr(), md, alg.out_len());
        // Wipe the context: it holds data derived from the message.
        ptr::write_bytes(c.cast::<u8>(), 0, core::mem::size_of::<C>());
    }
    1
}

/// # Safety
/// `data` has `len` bytes; `md` has room for the digest.
unsafe fn oneshot(alg: Alg, data: *const c_void, len: u32, md: *mut u8) -> *mut u8 {
    let mut out = [0u8; 64];
    // SAFETY: see the function's contract.
    unsafe {
        Hasher::digest(alg, bytes(data, len as usize), &mut out);
        ptr::copy_nonoverlapping(out.as_ptr(), md, alg.out_len());
    }
    md
}

macro_rules! digest_fns {
    ($ctx:ty, $alg:expr, $init:ident, $update:ident, $final:ident, $one:ident) => {
        /// `CC_*_Init`: always 1.
        unsafe extern "C" fn $init(c: *mut $ctx) -> c_int {
            // SAFETY: the program's context.
            unsafe { ctx_init(c, $alg) }
        }
        /// `CC_*_Update`: always 1.
        unsafe extern "C" fn $update(c: *mut $ctx, data: *const c_void, len: u32) -> c_int {
            // SAFETY: the program's context and buffer.
            unsafe { ctx_update(c, $alg, data, len) }
        }
        /// `CC_*_Final(md, c)`: always 1.
        unsafe extern "C" fn $final(md: *mut u8, c: *mut $ctx) -> c_int {
            // SAFETY: the program's context and output buffer.
            unsafe { ctx_final(md, c, $alg) }
        }
        /// One-shot `CC_*(data, len, md)`: returns `md`.
        unsafe extern "C" fn $one(data: *const c_void, len: u32, md: *mut u8) -> *mut u8 {
            // SAFETY: the program's buffers.
            unsafe { oneshot($alg, data, len, md) }
        }
    };
}

digest_fns!(Md5Ctx, Alg::Md5, md5_init, md5_update, md5_final, md5_one);
digest_fns!(
    Sha1Ctx,
    Alg::Sha1,
    sha1_init,
    sha1_update,
    sha1_final,
    sha1_one
);
digest_fns!(
    Sha256Ctx,
    Alg::Sha224,
    sha224_init,
    sha224_update,
    sha224_final,
    sha224_one
);
digest_fns!(
    Sha256Ctx,
    Alg::Sha256,
    sha256_init,
    sha256_update,
    sha256_final,
    sha256_one
);
digest_fns!(
    Sha512Ctx,
    Alg::Sha384,
    sha384_init,
    sha384_update,
    sha384_final,
    sha384_one
);
digest_fns!(
    Sha512Ctx,
    Alg::Sha512,
    sha512_init,
    sha512_update,
    sha512_final,
    sha512_one
);

// ---------------------------------------------------------------- HMAC

/// Our state inside `CCHmacContext` (`uint32_t ctx[96]`, 384 bytes,
/// <CommonCrypto/CommonHMAC.h>): the algorithm, the inner hash's streaming
/// state and the outer hash's chaining value after the key block.
#[repr(C)]
struct HmacState {
    alg: u32,
    count: [u32; 2],
    inner: [u32; 16],
    outer: [u32; 16],
    buf: [u8; 128],
}
const HMAC_CONTEXT_SIZE: usize = 96 * 4;
const _: () = assert!(core::mem::size_of::<HmacState>() <= HMAC_CONTEXT_SIZE);
const _: () = assert!(core::mem::align_of::<HmacState>() <= 4);

/// Marks a context initialised with an algorithm the header does not list.
const HMAC_BAD_ALG: u32 = u32::MAX;

/// `kCCHmacAlg*` (<CommonCrypto/CommonHMAC.h>).
fn hmac_alg(a: u32) -> Option<Alg> {
    Some(match a {
        0 => Alg::Sha1,
        1 => Alg::Md5,
        2 => Alg::Sha256,
        3 => Alg::Sha384,
        4 => Alg::Sha512,
        5 => Alg::Sha224,
        _ => return None,
    })
}

fn split(h: &[u64; 8]) -> [u32; 16] {
    core::array::from_fn(|i| {
        if i % 2 == 0 {
            h[i / 2] as u32
        } else {
            (h[i / 2] >> 32) as u32
        }
    })
}

fn join(w: &[u32; 16]) -> [u64; 8] {
    core::array::from_fn(|i| w[2 * i] as u64 | (w[2 * i + 1] as u64) << 32)
}

/// HMAC (RFC 2104) as an inner hasher plus the outer chaining value.
struct Hmac {
    inner: Hasher,
    outer: [u64; 8],
}

impl Hmac {
    fn new(alg: Alg, key: &[u8]) -> Self {
        let bs = alg.block();
        let mut k = [0u8; 128];
        if key.len() > bs {
            Hasher::digest(alg, key, &mut k);
        } else {
            k[..key.len()].copy_from_slice(key);
        }
        let mut pad = [0u8; 128];
        let mut inner = Hasher::new(alg);
        pad.iter_mut().zip(&k).for_each(|(p, k)| *p = k ^ 0x36);
        inner.update(&pad[..bs]);
        let mut outer = Hasher::new(alg);
        pad.iter_mut().zip(&k).for_each(|(p, k)| *p = k ^ 0x5c);
        outer.update(&pad[..bs]);
        Hmac {
            inner,
            outer: outer.h,
        }
    }

    fn finish(self, mac: &mut [u8]) {
        let alg = self.inner.alg;
        let mut d = [0u8; 64];
        self.inner.finish(&mut d);
        let mut outer = Hasher::new(alg);
        outer.h = self.outer;
        outer.count = alg.block() as u64;
        outer.update(&d[..alg.out_len()]);
        outer.finish(mac);
    }

    fn store(&self, s: &mut HmacState, code: u32) {
        s.alg = code;
        s.count = [self.inner.count as u32, (self.inner.count >> 32) as u32];
        s.inner = split(&self.inner.h);
        s.outer = split(&self.outer);
        s.buf = self.inner.buf;
    }

    fn load(s: &HmacState) -> Option<Self> {
        let alg = hmac_alg(s.alg)?;
        let mut inner = Hasher::new(alg);
        inner.h = join(&s.inner);
        inner.count = s.count[0] as u64 | (s.count[1] as u64) << 32;
        inner.buf = s.buf;
        Some(Hmac {
            inner,
            outer: join(&s.outer),
        })
    }
}

/// `CCHmacInit(ctx, algorithm, key, keyLength)`. An algorithm the header
/// does not list leaves a context on which Update and Final do nothing.
unsafe extern "C" fn cc_hmac_init(ctx: *mut c_void, alg: u32, key: *const c_void, key_len: size_t) {
    // SAFETY: `ctx` is the program's `CCHmacContext` (384 bytes, 4-aligned,
    // which covers `HmacState`); `key` has `key_len` bytes.
    unsafe {
        let s = &mut *ctx.cast::<HmacState>();
        match hmac_alg(alg) {
            Some(a) => Hmac::new(a, bytes(key, key_len)).store(s, alg),
            None => s.alg = HMAC_BAD_ALG,
        }
    }
}

/// `CCHmacUpdate(ctx, data, dataLength)`.
unsafe extern "C" fn cc_hmac_update(ctx: *mut c_void, data: *const c_void, len: size_t) {
    // SAFETY: an initialised `CCHmacContext`; `data` has `len` bytes.
    unsafe {
        let s = &mut *ctx.cast::<HmacState>();
        if let Some(mut h) = Hmac::load(s) {
            h.inner.update(bytes(data, len));
            h.store(s, s.alg);
        }
    }
}

/// `CCHmacFinal(ctx, macOut)`: writes the algorithm's digest length.
unsafe extern "C" fn cc_hmac_final(ctx: *mut c_void, mac: *mut u8) {
    // SAFETY: an initialised `CCHmacContext`; `mac` has room for the MAC.
    unsafe {
        let s = &mut *ctx.cast::<HmacState>();
        if let Some(h) = Hmac::load(s) {
            let n = h.inner.alg.out_len();
            let mut out = [0u8; 64];
            h.finish(&mut out);
            ptr::copy_nonoverlapping(out.as_ptr(), mac, n);
        }
    }
}

/// One-shot `CCHmac(algorithm, key, keyLength, data, dataLength, macOut)`.
unsafe extern "C" fn cc_hmac(
    alg: u32,
    key: *const c_void,
    key_len: size_t,
    data: *const c_void,
    len: size_t,
    mac: *mut u8,
) {
    let Some(a) = hmac_alg(alg) else { return };
    // SAFETY: the program's buffers, of the given lengths.
    unsafe {
        let mut h = Hmac::new(a, bytes(key, key_len));
        h.inner.update(bytes(data, len));
        let mut out = [0u8; 64];
        h.finish(&mut out);
        ptr::copy_nonoverlapping(out.as_ptr(), mac, a.out_len());
    }
}

// ---------------------------------------------------------------- PBKDF2

/// `CCKeyDerivationPBKDF(kCCPBKDF2, password, passwordLen, salt, saltLen,
/// prf, rounds, derivedKey, derivedKeyLen)` (<CommonCrypto/CommonKeyDerivation.h>):
/// zero rounds or output length, or an unknown algorithm or PRF, is
/// `kCCParamError`.
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn cc_pbkdf(
    algorithm: u32,
    password: *const c_void,
    password_len: size_t,
    salt: *const u8,
    salt_len: size_t,
    prf: u32,
    rounds: u32,
    out: *mut u8,
    out_len: size_t,
) -> c_int {
    const K_CC_PBKDF2: u32 = 2;
    if algorithm != K_CC_PBKDF2
        || rounds == 0
        || out_len == 0
        || out.is_null()
        || (password.is_null() && password_len != 0)
        || (salt.is_null() && salt_len != 0)
    {
        return K_CC_PARAM_ERROR;
    }
    // SAFETY: the program's buffers, of the given lengths (checked non-NULL).
    let (pw, salt, dk) = unsafe {
        (
            bytes(password, password_len),
            bytes(salt.cast(), salt_len),
            core::slice::from_raw_parts_mut(out, out_len),
        )
    };
    match prf {
        1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(pw, salt, rounds, dk),
        2 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(pw, salt, rounds, dk),
        3 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pw, salt, rounds, dk),
        4 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(pw, salt, rounds, dk),
        5 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(pw, salt, rounds, dk),
        _ => return K_CC_PARAM_ERROR,
    }
    K_CC_SUCCESS
}

// ---------------------------------------------------------------- random

/// `CCRandomGenerateBytes(bytes, count)`: the kernel's `getrandom`.
unsafe extern "C" fn cc_random(buf: *mut c_void, count: size_t) -> i32 {
    if count == 0 {
        return K_CC_SUCCESS;
    }
    if buf.is_null() {
        return K_CC_PARAM_ERROR;
    }
    // SAFETY: the program's buffer of `count` bytes.
    if !unsafe { crate::kernel::entropy::fill(buf.cast(), count) } {
        return K_CC_RNG_FAILURE;
    }
    K_CC_SUCCESS
}

// ---------------------------------------------------------------- AES

use aes::cipher::{Array, BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};

/// AES with one of its three key sizes.
enum Aes {
    A128(aes::Aes128),
    A192(aes::Aes192),
    A256(aes::Aes256),
}

impl Aes {
    fn new(key: &[u8]) -> Option<Self> {
        Some(match key.len() {
            16 => Aes::A128(aes::Aes128::new_from_slice(key).ok()?),
            24 => Aes::A192(aes::Aes192::new_from_slice(key).ok()?),
            32 => Aes::A256(aes::Aes256::new_from_slice(key).ok()?),
            _ => return None,
        })
    }

    fn encrypt(&self, b: &mut [u8; 16]) {
        let mut a = Array::from(*b);
        match self {
            Aes::A128(c) => c.encrypt_block(&mut a),
            Aes::A192(c) => c.encrypt_block(&mut a),
            Aes::A256(c) => c.encrypt_block(&mut a),
        }
        *b = a.into();
    }

    fn decrypt(&self, b: &mut [u8; 16]) {
        let mut a = Array::from(*b);
        match self {
            Aes::A128(c) => c.decrypt_block(&mut a),
            Aes::A192(c) => c.decrypt_block(&mut a),
            Aes::A256(c) => c.decrypt_block(&mut a),
        }
        *b = a.into();
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Ecb,
    Cbc,
    Ctr,
}

/// What a `CCCryptorRef` points to (allocated by us).
struct Cryptor {
    encrypt: bool,
    mode: Mode,
    pad: bool,
    aes: Aes,
    /// CBC: the chaining block; CTR: the next counter block.
    iv: [u8; 16],
    /// Block modes: pending input bytes (a whole held-back block when
    /// decrypting with padding). CTR: unused key stream bytes.
    buf: [u8; 16],
    buf_len: usize,
}

impl Cryptor {
    fn block(&mut self, b: &mut [u8; 16]) {
        match (self.mode, self.encrypt) {
            (Mode::Cbc, true) => {
                b.iter_mut().zip(&self.iv).for_each(|(x, v)| *x ^= v);
                self.aes.encrypt(b);
                self.iv = *b;
            }
            (Mode::Cbc, false) => {
                let c = *b;
                self.aes.decrypt(b);
                b.iter_mut().zip(&self.iv).for_each(|(x, v)| *x ^= v);
                self.iv = c;
            }
            (_, true) => self.aes.encrypt(b),
            (_, false) => self.aes.decrypt(b),
        }
    }

    /// Bytes Update would write now for `len` more input bytes.
    fn update_len(&self, len: usize) -> usize {
        if self.mode == Mode::Ctr {
            return len;
        }
        let avail = self.buf_len + len;
        let mut n = avail / 16;
        if !self.encrypt && self.pad && avail.is_multiple_of(16) && n > 0 {
            n -= 1;
        }
        n * 16
    }

    /// # Safety
    /// `input` has `len` readable bytes and `out` has `update_len(len)`
    /// writable bytes; they may be the same buffer.
    unsafe fn update(&mut self, mut input: *const u8, mut len: usize, mut out: *mut u8) {
        if self.mode == Mode::Ctr {
            while len > 0 {
                if self.buf_len == 0 {
                    let mut ks = self.iv;
                    self.aes.encrypt(&mut ks);
                    self.buf = ks;
                    self.buf_len = 16;
                    for b in self.iv.iter_mut().rev() {
                        *b = b.wrapping_add(1);
                        if *b != 0 {
                            break;
                        }
                    }
                }
                let k = self.buf[16 - self.buf_len];
                self.buf_len -= 1;
                // SAFETY: within the caller's buffers; each byte is read
                // before it is written.
                unsafe {
                    *out = *input ^ k;
                    input = input.add(1);
                    out = out.add(1);
                }
                len -= 1;
            }
            return;
        }
        let blocks = self.update_len(len) / 16;
        for _ in 0..blocks {
            let mut b = [0u8; 16];
            let have = self.buf_len;
            b[..have].copy_from_slice(&self.buf[..have]);
            // SAFETY: `16 - have` bytes remain in `input` (counted by
            // `update_len`); the block is copied out before `out` is written.
            unsafe {
                ptr::copy(input, b.as_mut_ptr().add(have), 16 - have);
                input = input.add(16 - have);
            }
            len -= 16 - have;
            self.buf_len = 0;
            self.block(&mut b);
            // SAFETY: `out` has room for every produced block.
            unsafe {
                ptr::copy(b.as_ptr(), out, 16);
                out = out.add(16);
            }
        }
        // SAFETY: the rest of the input (at most one block with what is
        // buffered) is kept for later.
        unsafe { ptr::copy(input, self.buf.as_mut_ptr().add(self.buf_len), len) };
        self.buf_len += len;
    }

    /// Output length of Final, or an error status.
    fn final_block(&mut self) -> Result<([u8; 16], usize), i32> {
        if self.mode == Mode::Ctr {
            return Ok(([0; 16], 0));
        }
        match (self.encrypt, self.pad) {
            (true, true) => {
                let p = (16 - self.buf_len) as u8;
                let mut b = [p; 16];
                b[..self.buf_len].copy_from_slice(&self.buf[..self.buf_len]);
                self.buf_len = 0;
                self.block(&mut b);
                Ok((b, 16))
            }
            (false, true) => {
                if self.buf_len == 0 {
                    return Err(K_CC_DECODE_ERROR);
                }
                if self.buf_len != 16 {
                    return Err(K_CC_ALIGNMENT_ERROR);
                }
                let mut b = self.buf;
                self.buf_len = 0;
                self.block(&mut b);
                let p = b[15] as usize;
                if p == 0 || p > 16 || b[16 - p..].iter().any(|&x| x as usize != p) {
                    return Err(K_CC_DECODE_ERROR);
                }
                Ok((b, 16 - p))
            }
            _ if self.buf_len != 0 => Err(K_CC_ALIGNMENT_ERROR),
            _ => Ok(([0; 16], 0)),
        }
    }

    fn output_len(&self, len: usize, last: bool) -> usize {
        if self.mode == Mode::Ctr {
            return len;
        }
        let total = self.buf_len + len;
        if last && self.encrypt && self.pad {
            (total / 16 + 1) * 16
        } else {
            total / 16 * 16
        }
    }
}

/// Makes a cryptor, or gives the status to return.
fn new_cryptor(
    op: u32,
    alg: u32,
    mode: Mode,
    pad: bool,
    key: &[u8],
    iv: *const c_void,
) -> Result<Cryptor, i32> {
    const K_CC_ALGORITHM_AES: u32 = 0;
    let encrypt = match op {
        0 => true,
        1 => false,
        _ => return Err(K_CC_PARAM_ERROR),
    };
    if alg != K_CC_ALGORITHM_AES {
        return Err(K_CC_UNIMPLEMENTED);
    }
    let aes = Aes::new(key).ok_or(K_CC_PARAM_ERROR)?;
    let mut c = Cryptor {
        encrypt,
        mode,
        pad: pad && mode != Mode::Ctr,
        aes,
        iv: [0; 16],
        buf: [0; 16],
        buf_len: 0,
    };
    if !iv.is_null() && mode != Mode::Ecb {
        // SAFETY: an IV is one block (<CommonCrypto/CommonCryptor.h>).
        unsafe { ptr::copy_nonoverlapping(iv.cast::<u8>(), c.iv.as_mut_ptr(), 16) };
    }
    Ok(c)
}

/// Stores a new cryptor in `*out`.
///
/// # Safety
/// `out` is NULL or writable.
unsafe fn give(r: Result<Cryptor, i32>, out: *mut *mut Cryptor) -> i32 {
    if out.is_null() {
        return K_CC_PARAM_ERROR;
    }
    match r {
        Ok(c) => {
            // SAFETY: checked non-NULL above.
            unsafe { *out = Box::into_raw(Box::new(c)) };
            K_CC_SUCCESS
        }
        Err(e) => e,
    }
}

/// `CCCryptorCreate(op, alg, options, key, keyLength, iv, &ref)`:
/// `kCCOptionPKCS7Padding` 1, `kCCOptionECBMode` 2, else CBC. Only AES is
/// provided; other algorithms answer `kCCUnimplemented`.
unsafe extern "C" fn cc_cryptor_create(
    op: u32,
    alg: u32,
    options: u32,
    key: *const c_void,
    key_len: size_t,
    iv: *const c_void,
    out: *mut *mut Cryptor,
) -> i32 {
    let mode = if options & 2 != 0 {
        Mode::Ecb
    } else {
        Mode::Cbc
    };
    // SAFETY: the program's key of `key_len` bytes and result pointer.
    unsafe {
        give(
            new_cryptor(op, alg, mode, options & 1 != 0, bytes(key, key_len), iv),
            out,
        )
    }
}

/// `CCCryptorCreateWithMode(op, mode, alg, padding, iv, key, keyLength,
/// tweak, tweakLength, numRounds, options, &ref)`: ECB, CBC and CTR (big
/// endian, the only counter kind the header still describes) for AES; other
/// modes are `kCCUnimplemented`. The tweak (XTS only) and `numRounds` do not
/// apply to these modes and are ignored.
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn cc_cryptor_create_with_mode(
    op: u32,
    mode: u32,
    alg: u32,
    padding: u32,
    iv: *const c_void,
    key: *const c_void,
    key_len: size_t,
    _tweak: *const c_void,
    _tweak_len: size_t,
    _rounds: c_int,
    _options: u32,
    out: *mut *mut Cryptor,
) -> i32 {
    let mode = match mode {
        1 => Mode::Ecb,
        2 => Mode::Cbc,
        4 => Mode::Ctr,
        _ => return K_CC_UNIMPLEMENTED,
    };
    // SAFETY: the program's key of `key_len` bytes and result pointer.
    unsafe {
        give(
            new_cryptor(op, alg, mode, padding == 1, bytes(key, key_len), iv),
            out,
        )
    }
}

/// `CCCryptorUpdate(ref, dataIn, dataInLength, dataOut, dataOutAvailable,
/// &dataOutMoved)`: `kCCBufferTooSmall` (state untouched) if the output
/// does not fit.
unsafe extern "C" fn cc_cryptor_update(
    c: *mut Cryptor,
    input: *const c_void,
    len: size_t,
    out: *mut c_void,
    avail: size_t,
    moved: *mut size_t,
) -> i32 {
    if c.is_null() || (input.is_null() && len != 0) {
        return K_CC_PARAM_ERROR;
    }
    // SAFETY: a cryptor we made; the program's buffers.
    unsafe {
        let c = &mut *c;
        let need = c.update_len(len);
        if need > avail {
            return K_CC_BUFFER_TOO_SMALL;
        }
        if need > 0 && out.is_null() {
            return K_CC_PARAM_ERROR;
        }
        c.update(input.cast(), len, out.cast());
        if !moved.is_null() {
            *moved = need;
        }
    }
    K_CC_SUCCESS
}

/// `CCCryptorFinal(ref, dataOut, dataOutAvailable, &dataOutMoved)`: the
/// padding block when encrypting with PKCS#7; checks and strips it when
/// decrypting (`kCCDecodeError`); leftover bytes without padding are
/// `kCCAlignmentError`.
unsafe extern "C" fn cc_cryptor_final(
    c: *mut Cryptor,
    out: *mut c_void,
    avail: size_t,
    moved: *mut size_t,
) -> i32 {
    if c.is_null() {
        return K_CC_PARAM_ERROR;
    }
    // SAFETY: a cryptor we made; the program's buffers.
    unsafe {
        let c = &mut *c;
        if c.mode != Mode::Ctr && c.encrypt && c.pad && avail < 16 {
            return K_CC_BUFFER_TOO_SMALL;
        }
        if !c.encrypt && c.pad && c.buf_len == 16 && avail < 16 {
            // The plain text length is only known once decrypted; a full
            // block of room is asked for, as for encryption.
            return K_CC_BUFFER_TOO_SMALL;
        }
        let (b, n) = match c.final_block() {
            Ok(r) => r,
            Err(e) => return e,
        };
        if n > 0 {
            ptr::copy_nonoverlapping(b.as_ptr(), out.cast::<u8>(), n);
        }
        if !moved.is_null() {
            *moved = n;
        }
    }
    K_CC_SUCCESS
}

/// `CCCryptorReset(ref, iv)`: a new IV (NULL: zeros), pending data dropped.
/// <CommonCrypto/CommonCryptor.h>: since macOS 10.13 it answers
/// `kCCUnimplemented` for every mode but CBC, and so do we.
unsafe extern "C" fn cc_cryptor_reset(c: *mut Cryptor, iv: *const c_void) -> i32 {
    if c.is_null() {
        return K_CC_PARAM_ERROR;
    }
    // SAFETY: a cryptor we made; an IV is one block.
    unsafe {
        let c = &mut *c;
        if c.mode != Mode::Cbc {
            return K_CC_UNIMPLEMENTED;
        }
        c.iv = [0; 16];
        if !iv.is_null() {
            ptr::copy_nonoverlapping(iv.cast::<u8>(), c.iv.as_mut_ptr(), 16);
        }
        c.buf_len = 0;
    }
    K_CC_SUCCESS
}

/// `CCCryptorRelease(ref)`: wipes and frees.
unsafe extern "C" fn cc_cryptor_release(c: *mut Cryptor) -> i32 {
    if !c.is_null() {
        // SAFETY: a cryptor we made with `Box::into_raw`.
        let mut b = unsafe { Box::from_raw(c) };
        b.iv = [0; 16];
        b.buf = [0; 16];
    }
    K_CC_SUCCESS
}

/// `CCCryptorGetOutputLength(ref, inputLength, final)`: the output room
/// Update (and Final, if `final`) need for that much more input.
unsafe extern "C" fn cc_cryptor_get_output_length(
    c: *mut Cryptor,
    len: size_t,
    last: bool,
) -> size_t {
    if c.is_null() {
        return 0;
    }
    // SAFETY: a cryptor we made.
    unsafe { (*c).output_len(len, last) }
}

/// One-shot `CCCrypt(op, alg, options, key, keyLength, iv, dataIn,
/// dataInLength, dataOut, dataOutAvailable, &dataOutMoved)`; in place is
/// allowed. Too small an output gives `kCCBufferTooSmall` and the needed
/// size in `dataOutMoved`.
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn cc_crypt(
    op: u32,
    alg: u32,
    options: u32,
    key: *const c_void,
    key_len: size_t,
    iv: *const c_void,
    input: *const c_void,
    len: size_t,
    out: *mut c_void,
    avail: size_t,
    moved: *mut size_t,
) -> i32 {
    let mode = if options & 2 != 0 {
        Mode::Ecb
    } else {
        Mode::Cbc
    };
    // SAFETY: the program's key.
    let r = unsafe { new_cryptor(op, alg, mode, options & 1 != 0, bytes(key, key_len), iv) };
    let mut c = match r {
        Ok(c) => c,
        Err(e) => return e,
    };
    if input.is_null() && len != 0 {
        return K_CC_PARAM_ERROR;
    }
    let need = c.output_len(len, true);
    if need > avail {
        if !moved.is_null() {
            // SAFETY: the program's result pointer.
            unsafe { *moved = need };
        }
        return K_CC_BUFFER_TOO_SMALL;
    }
    let first = c.update_len(len);
    // SAFETY: `out` has `avail >= need >= first` bytes; in place is fine
    // since each block is read before it is written.
    unsafe { c.update(input.cast(), len, out.cast()) };
    let (b, n) = match c.final_block() {
        Ok(r) => r,
        Err(e) => return e,
    };
    // SAFETY: `first + n <= need <= avail`.
    unsafe {
        if n > 0 {
            ptr::copy_nonoverlapping(b.as_ptr(), out.cast::<u8>().add(first), n);
        }
        if !moved.is_null() {
            *moved = first + n;
        }
    }
    K_CC_SUCCESS
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_CC_MD5_Init" => md5_init,
    func "_CC_MD5_Update" => md5_update,
    func "_CC_MD5_Final" => md5_final,
    func "_CC_MD5" => md5_one,
    func "_CC_SHA1_Init" => sha1_init,
    func "_CC_SHA1_Update" => sha1_update,
    func "_CC_SHA1_Final" => sha1_final,
    func "_CC_SHA1" => sha1_one,
    func "_CC_SHA224_Init" => sha224_init,
    func "_CC_SHA224_Update" => sha224_update,
    func "_CC_SHA224_Final" => sha224_final,
    func "_CC_SHA224" => sha224_one,
    func "_CC_SHA256_Init" => sha256_init,
    func "_CC_SHA256_Update" => sha256_update,
    func "_CC_SHA256_Final" => sha256_final,
    func "_CC_SHA256" => sha256_one,
    func "_CC_SHA384_Init" => sha384_init,
    func "_CC_SHA384_Update" => sha384_update,
    func "_CC_SHA384_Final" => sha384_final,
    func "_CC_SHA384" => sha384_one,
    func "_CC_SHA512_Init" => sha512_init,
    func "_CC_SHA512_Update" => sha512_update,
    func "_CC_SHA512_Final" => sha512_final,
    func "_CC_SHA512" => sha512_one,
    func "_CCHmacInit" => cc_hmac_init,
    func "_CCHmacUpdate" => cc_hmac_update,
    func "_CCHmacFinal" => cc_hmac_final,
    func "_CCHmac" => cc_hmac,
    func "_CCKeyDerivationPBKDF" => cc_pbkdf,
    func "_CCRandomGenerateBytes" => cc_random,
    func "_CCCryptorCreate" => cc_cryptor_create,
    func "_CCCryptorCreateWithMode" => cc_cryptor_create_with_mode,
    func "_CCCryptorUpdate" => cc_cryptor_update,
    func "_CCCryptorFinal" => cc_cryptor_final,
    func "_CCCryptorReset" => cc_cryptor_reset,
    func "_CCCryptorRelease" => cc_cryptor_release,
    func "_CCCryptorGetOutputLength" => cc_cryptor_get_output_length,
    func "_CCCrypt" => cc_crypt,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    fn dig(alg: Alg, data: &[u8]) -> String {
        let mut out = [0u8; 64];
        Hasher::digest(alg, data, &mut out);
        hex(&out[..alg.out_len()])
    }

    #[test]
    fn digests_known_answers() {
        assert_eq!(dig(Alg::Md5, b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(dig(Alg::Md5, b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            dig(Alg::Sha1, b"abc"),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            dig(Alg::Sha224, b"abc"),
            "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"
        );
        assert_eq!(
            dig(Alg::Sha256, b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            dig(Alg::Sha384, b"abc"),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
        );
        assert_eq!(
            dig(Alg::Sha512, b"abc"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        );
    }

    #[test]
    fn streaming_matches_crates() {
        use sha2::Digest;
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
        for split in [0, 1, 55, 63, 64, 65, 127, 128, 129, 500, 1000] {
            let mut c = Sha512Ctx {
                count: [0; 2],
                hash: [0; 8],
                wbuf: [0; 128],
            };
            let mut out = [0u8; 64];
            // SAFETY: a local context and buffers.
            unsafe {
                sha512_init(&mut c);
                sha512_update(&mut c, data.as_ptr().cast(), split as u32);
                sha512_update(&mut c, data[split..].as_ptr().cast(), (1000 - split) as u32);
                sha512_final(out.as_mut_ptr(), &mut c);
            }
            assert_eq!(out[..], sha2::Sha512::digest(&data)[..]);
            let mut h = Hasher::new(Alg::Sha256);
            h.update(&data[..split]);
            h.update(&data[split..]);
            let mut o = [0u8; 64];
            h.finish(&mut o);
            assert_eq!(o[..32], sha2::Sha256::digest(&data)[..]);
            let mut h = Hasher::new(Alg::Md5);
            h.update(&data[..split]);
            h.update(&data[split..]);
            h.finish(&mut o);
            assert_eq!(o[..16], md5::Md5::digest(&data)[..]);
        }
    }

    #[test]
    fn hmac_rfc4231_case2() {
        let mut out = [0u8; 64];
        // SAFETY: local buffers.
        unsafe {
            cc_hmac(
                2,
                b"Jefe".as_ptr().cast(),
                4,
                b"what do ya want for nothing?".as_ptr().cast(),
                28,
                out.as_mut_ptr(),
            )
        };
        assert_eq!(
            hex(&out[..32]),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn hmac_matches_crate_long_key() {
        use hmac::{KeyInit as _, Mac};
        let key = [0xaau8; 131];
        let data = b"Test Using Larger Than Block-Size Key - Hash Key First";
        let mut m = <hmac::Hmac<sha2::Sha384>>::new_from_slice(&key).unwrap();
        m.update(data);
        let want = m.finalize().into_bytes();
        let mut h = Hmac::new(Alg::Sha384, &key);
        h.inner.update(data);
        let mut out = [0u8; 64];
        h.finish(&mut out);
        assert_eq!(out[..48], want[..]);
    }

    #[test]
    fn pbkdf2_rfc6070() {
        let mut out = [0u8; 20];
        // SAFETY: local buffers.
        let r = unsafe {
            cc_pbkdf(
                2,
                b"password".as_ptr().cast(),
                8,
                b"salt".as_ptr(),
                4,
                1,
                2,
                out.as_mut_ptr(),
                20,
            )
        };
        assert_eq!(r, 0);
        assert_eq!(hex(&out), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
        // SAFETY: as above.
        let r = unsafe {
            cc_pbkdf(
                2,
                b"password".as_ptr().cast(),
                8,
                b"salt".as_ptr(),
                4,
                1,
                0,
                out.as_mut_ptr(),
                20,
            )
        };
        assert_eq!(r, K_CC_PARAM_ERROR);
    }

    #[test]
    fn aes_cbc_sp800_38a() {
        let key: Vec<u8> = (0..16)
            .map(|i| {
                [
                    0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09,
                    0xcf, 0x4f, 0x3c,
                ][i]
            })
            .collect();
        let iv: Vec<u8> = (0..16u8).collect();
        let pt = [
            0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93,
            0x17, 0x2a,
        ];
        let mut out = [0u8; 32];
        let mut moved = 0usize;
        // SAFETY: local buffers.
        let r = unsafe {
            cc_crypt(
                0,
                0,
                0,
                key.as_ptr().cast(),
                16,
                iv.as_ptr().cast(),
                pt.as_ptr().cast(),
                16,
                out.as_mut_ptr().cast(),
                32,
                &mut moved,
            )
        };
        assert_eq!((r, moved), (0, 16));
        assert_eq!(hex(&out[..16]), "7649abac8119b246cee98e9b12e9197d");
        // SAFETY: local buffers.
        let r = unsafe {
            cc_crypt(
                0,
                0,
                1,
                key.as_ptr().cast(),
                16,
                iv.as_ptr().cast(),
                pt.as_ptr().cast(),
                16,
                out.as_mut_ptr().cast(),
                32,
                &mut moved,
            )
        };
        assert_eq!((r, moved), (0, 32));
        let mut back = [0u8; 32];
        let ct = out;
        // SAFETY: local buffers.
        let r = unsafe {
            cc_crypt(
                1,
                0,
                1,
                key.as_ptr().cast(),
                16,
                iv.as_ptr().cast(),
                ct.as_ptr().cast(),
                32,
                back.as_mut_ptr().cast(),
                32,
                &mut moved,
            )
        };
        assert_eq!((r, moved), (0, 16));
        assert_eq!(back[..16], pt);
    }
}
