//! A short, unified-looking report of where two outputs first differ.

const CONTEXT: usize = 2;
const SHOWN: usize = 6;
const MAX_LINE: usize = 160;

fn show(line: &[u8]) -> String {
    let s = String::from_utf8_lossy(line);
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
        if out.len() > MAX_LINE {
            out.push('…');
            break;
        }
    }
    out
}

fn lines(data: &[u8]) -> Vec<&[u8]> {
    if data.is_empty() {
        return Vec::new();
    }
    let body = data.strip_suffix(b"\n").unwrap_or(data);
    body.split(|&b| b == b'\n').collect()
}

/// `expected` vs `actual`, labelled; every output line starts with `indent`.
pub fn diff(
    label_expected: &str,
    expected: &[u8],
    label_actual: &str,
    actual: &[u8],
    indent: &str,
) -> String {
    let a = lines(expected);
    let b = lines(actual);
    let first = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = format!("{indent}--- {label_expected}\n{indent}+++ {label_actual}\n");
    out.push_str(&format!("{indent}@@ line {} @@\n", first + 1));
    for l in &a[first.saturating_sub(CONTEXT)..first] {
        out.push_str(&format!("{indent} {}\n", show(l)));
    }
    let tail = |v: &[&[u8]], sign: char, out: &mut String| {
        let rest = &v[first.min(v.len())..];
        for l in rest.iter().take(SHOWN) {
            out.push_str(&format!("{indent}{sign}{}\n", show(l)));
        }
        if rest.len() > SHOWN {
            out.push_str(&format!(
                "{indent}{sign}… ({} more lines)\n",
                rest.len() - SHOWN
            ));
        }
        if rest.is_empty() {
            out.push_str(&format!("{indent}{sign}<end of output>\n"));
        }
    };
    tail(&a, '-', &mut out);
    tail(&b, '+', &mut out);
    // Same lines but different bytes: only the final newline differs.
    if a == b {
        let nl = |d: &[u8]| {
            if d.ends_with(b"\n") {
                "ends with a newline"
            } else {
                "no final newline"
            }
        };
        out.push_str(&format!(
            "{indent}(final newline differs: expected {}, actual {})\n",
            nl(expected),
            nl(actual)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::diff;

    #[test]
    fn first_difference() {
        let d = diff("a", b"1\n2\n3\n4\n", "b", b"1\n2\n3\nX\n", "");
        assert!(d.contains("@@ line 4 @@"), "{d}");
        assert!(d.contains("-4\n+X\n"), "{d}");
        assert!(d.contains(" 2\n 3\n"), "{d}");
    }

    #[test]
    fn truncated() {
        let d = diff("a", b"1\n2\n", "b", b"1\n", "");
        assert!(d.contains("-2\n+<end of output>"), "{d}");
    }

    #[test]
    fn newline_only() {
        let d = diff("a", b"x\n", "b", b"x", "");
        assert!(d.contains("final newline differs"), "{d}");
    }
}
