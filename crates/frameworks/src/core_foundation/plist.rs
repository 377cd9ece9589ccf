//! XML property lists (Apple's `PropertyList-1.0.dtd`): `dict`, `array`,
//! `string`, `integer`, `real`, `true`, `false`, `data` (base64) and
//! `date` (ISO 8601, kept as its text's `CFDate`), read into CF objects.
//! Binary plists are not read (None).

use super::base::{Owned, Ref};
use super::{array, dictionary as dict, number, string};

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

enum Tag<'a> {
    Open(&'a str),
    Close(&'a str),
    Empty(&'a str),
}

fn decode_entities(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(end) = after.find(';') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let ent = &after[..end];
        let ch = match ent {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn base64(t: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in t.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

impl<'a> Parser<'a> {
    /// The next tag, skipping text, comments, `<?...?>` and `<!...>`.
    fn tag(&mut self) -> Option<Tag<'a>> {
        loop {
            let i = self.s[self.pos..].find('<')? + self.pos;
            let rest = &self.s[i..];
            if rest.starts_with("<!--") {
                self.pos = i + rest.find("-->")? + 3;
                continue;
            }
            if rest.starts_with("<?") || rest.starts_with("<!") {
                self.pos = i + rest.find('>')? + 1;
                continue;
            }
            let end = rest.find('>')?;
            let inner = &rest[1..end];
            self.pos = i + end + 1;
            let name_of = |x: &'a str| x.split_whitespace().next().unwrap_or("");
            return Some(if let Some(n) = inner.strip_prefix('/') {
                Tag::Close(name_of(n))
            } else if let Some(n) = inner.strip_suffix('/') {
                Tag::Empty(name_of(n))
            } else {
                Tag::Open(name_of(inner))
            });
        }
    }

    /// Text up to the closing tag `name`.
    fn text(&mut self, name: &str) -> Option<String> {
        let close = format!("</{name}>");
        let i = self.s[self.pos..].find(&close)? + self.pos;
        let t = decode_entities(&self.s[self.pos..i]);
        self.pos = i + close.len();
        Some(t)
    }

    /// A value starting with tag `t` (an owned CF object).
    fn value(&mut self, t: Tag<'a>) -> Option<Owned> {
        Some(Owned(match t {
            Tag::Empty("true") => number::boolean(true),
            Tag::Empty("false") => number::boolean(false),
            Tag::Empty("string") => string::new_string(""),
            Tag::Empty("dict") => dict::new_cftype_dict(),
            Tag::Empty("array") => array::new_cftype_array(&[]),
            Tag::Empty("data") => super::data::new_data(Vec::new()),
            Tag::Open("string") => string::new_string(&self.text("string")?),
            Tag::Open("integer") => {
                let t = self.text("integer")?;
                let t = t.trim();
                let v = match t.strip_prefix("0x") {
                    Some(h) => i64::from_str_radix(h, 16).ok()?,
                    None => t.parse().ok()?,
                };
                number::new_int(v)
            }
            Tag::Open("real") => number::new_float(self.text("real")?.trim().parse().ok()?),
            Tag::Open("data") => super::data::new_data(base64(&self.text("data")?)?),
            Tag::Open("date") => string::new_string(self.text("date")?.trim()),
            Tag::Open("array") => {
                let mut items = Vec::new();
                loop {
                    match self.tag()? {
                        Tag::Close("array") => break,
                        t => items.push(self.value(t)?),
                    }
                }
                let raw: Vec<Ref> = items.iter().map(|o| o.0).collect();
                array::new_cftype_array(&raw)
            }
            Tag::Open("dict") => {
                let d = Owned(dict::new_cftype_dict());
                loop {
                    match self.tag()? {
                        Tag::Close("dict") => break,
                        Tag::Open("key") => {
                            let k = Owned(string::new_string(&self.text("key")?));
                            let t = self.tag()?;
                            let v = self.value(t)?;
                            // SAFETY: our dictionary and objects.
                            unsafe { dict::set(d.0, k.0, v.0) };
                        }
                        Tag::Empty("key") => {
                            let k = Owned(string::new_string(""));
                            let t = self.tag()?;
                            let v = self.value(t)?;
                            // SAFETY: as above.
                            unsafe { dict::set(d.0, k.0, v.0) };
                        }
                        _ => return None,
                    }
                }
                d.into_raw()
            }
            _ => return None,
        }))
    }
}

/// Parses an XML property list into a new CF object.
pub fn parse(bytes: &[u8]) -> Option<Owned> {
    let s = core::str::from_utf8(bytes).ok()?;
    let mut p = Parser { s, pos: 0 };
    match p.tag()? {
        Tag::Open("plist") => {
            let t = p.tag()?;
            p.value(t)
        }
        Tag::Empty("plist") | Tag::Close(_) => None,
        t => p.value(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_plist() {
        let x = br#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
  <key>CFBundleExecutable</key><string>Tool &amp; Co</string>
  <key>N</key><integer>42</integer><key>B</key><true/>
  <key>L</key><array><string>a</string><real>1.5</real></array>
</dict></plist>"#;
        let d = parse(x).unwrap();
        // SAFETY: a dictionary we just parsed.
        unsafe {
            let k = Owned(string::new_string("CFBundleExecutable"));
            assert_eq!(string::to_string(dict::get(d.0, k.0)), "Tool & Co");
            let n = Owned(string::new_string("N"));
            assert_eq!(number::num(dict::get(d.0, n.0)), number::Num::Int(42));
        }
        assert_eq!(base64("aGk=").unwrap(), b"hi");
    }
}
