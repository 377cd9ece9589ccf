//! compiler-rt's 128-bit integer division helpers, which libSystem
//! re-exports (`libcompiler_rt`): compilers emit calls to them for
//! `__int128` division (GHC's runtime, for one, imports them).

/// `__udivti3(a, b)`: unsigned quotient; division by zero is undefined
/// in C, here it panics (aborts), as a trap would.
extern "C" fn udivti3(a: u128, b: u128) -> u128 {
    a / b
}

/// `__umodti3(a, b)`: unsigned remainder.
extern "C" fn umodti3(a: u128, b: u128) -> u128 {
    a % b
}

/// `__divti3(a, b)`: signed quotient, truncated toward zero.
extern "C" fn divti3(a: i128, b: i128) -> i128 {
    a.wrapping_div(b)
}

/// `__modti3(a, b)`: signed remainder, with the sign of `a`.
extern "C" fn modti3(a: i128, b: i128) -> i128 {
    a.wrapping_rem(b)
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "___udivti3" => udivti3,
    func "___umodti3" => umodti3,
    func "___divti3" => divti3,
    func "___modti3" => modti3,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division() {
        let big = (1u128 << 100) + 12345;
        assert_eq!(udivti3(big, 1 << 64), 1 << 36);
        assert_eq!(umodti3(big, 1 << 64), 12345);
        assert_eq!(divti3(-7, 2), -3);
        assert_eq!(modti3(-7, 2), -1);
        assert_eq!(divti3(i128::MIN, -1), i128::MIN);
    }
}
