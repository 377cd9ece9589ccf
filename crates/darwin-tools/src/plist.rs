//! XML property lists: the subset the tools read and write (dict, array,
//! string, integer, real, true/false, date, data), in Apple's XML format
//! (`man 5 plist`: the `<plist version="1.0">` document type).

use std::fmt::Write as _;

/// One property-list value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Dict(Vec<(String, Value)>),
    Array(Vec<Value>),
    String(String),
    Integer(i64),
    Real(String),
    Bool(bool),
    Date(String),
    Data(String),
}

impl Value {
    /// The value of `key` when this is a dict.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Dict(d) => d.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_dict(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Dict(d) => Some(d),
            _ => None,
        }
    }
}

/// A tag or a run of text in the document.
enum Tok<'a> {
    Open(&'a str),
    Close(&'a str),
    Empty(&'a str),
    Text,
}

struct Lexer<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn next(&mut self) -> Result<Option<Tok<'a>>, String> {
        loop {
            let rest = &self.s[self.pos..];
            if rest.is_empty() {
                return Ok(None);
            }
            if let Some(r) = rest.strip_prefix("<!--") {
                let end = r.find("-->").ok_or("unterminated comment")?;
                self.pos += 4 + end + 3;
                continue;
            }
            if rest.starts_with("<?") || rest.starts_with("<!") {
                let end = rest.find('>').ok_or("unterminated declaration")?;
                self.pos += end + 1;
                continue;
            }
            if rest.starts_with('<') {
                let end = rest.find('>').ok_or("unterminated tag")?;
                let inner = &rest[1..end];
                self.pos += end + 1;
                if let Some(name) = inner.strip_prefix('/') {
                    return Ok(Some(Tok::Close(name.trim())));
                }
                if let Some(body) = inner.strip_suffix('/') {
                    let name = body.split_whitespace().next().unwrap_or("");
                    return Ok(Some(Tok::Empty(name)));
                }
                let name = inner.split_whitespace().next().unwrap_or("");
                return Ok(Some(Tok::Open(name)));
            }
            let end = rest.find('<').unwrap_or(rest.len());
            self.pos += end;
            let text: &str = &rest[..end];
            if text.trim().is_empty() {
                continue;
            }
            return Ok(Some(Tok::Text));
        }
    }

    /// The raw text up to the closing tag `name` (for `<string>`, which may be
    /// blank).
    fn text_until(&mut self, name: &str) -> Result<String, String> {
        let rest = &self.s[self.pos..];
        let close = format!("</{name}>");
        let end = rest.find(&close).ok_or(format!("missing {close}"))?;
        self.pos += end + close.len();
        unescape(&rest[..end])
    }
}

fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let r = &rest[i + 1..];
        let end = r.find(';').ok_or("bad entity")?;
        let ent = &r[..end];
        match ent {
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "amp" => out.push('&'),
            "quot" => out.push('"'),
            "apos" => out.push('\''),
            _ => {
                let code = if let Some(h) = ent.strip_prefix("#x") {
                    u32::from_str_radix(h, 16).ok()
                } else if let Some(d) = ent.strip_prefix('#') {
                    d.parse().ok()
                } else {
                    None
                };
                out.push(code.and_then(char::from_u32).ok_or("bad entity")?);
            }
        }
        rest = &r[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn parse_value(lx: &mut Lexer, tok: Tok) -> Result<Value, String> {
    match tok {
        Tok::Empty("true") => Ok(Value::Bool(true)),
        Tok::Empty("false") => Ok(Value::Bool(false)),
        Tok::Empty("string") => Ok(Value::String(String::new())),
        Tok::Empty("dict") => Ok(Value::Dict(Vec::new())),
        Tok::Empty("array") => Ok(Value::Array(Vec::new())),
        Tok::Empty("data") => Ok(Value::Data(String::new())),
        Tok::Open("string") => Ok(Value::String(lx.text_until("string")?)),
        Tok::Open(t @ ("integer" | "real" | "date" | "data")) => {
            let text = lx.text_until(t)?;
            let text = text.trim().to_string();
            Ok(match t {
                "integer" => Value::Integer(text.parse().map_err(|_| "bad integer")?),
                "real" => Value::Real(text),
                "date" => Value::Date(text),
                _ => Value::Data(text.split_whitespace().collect()),
            })
        }
        Tok::Open("array") => {
            let mut items = Vec::new();
            loop {
                match lx.next()?.ok_or("unterminated array")? {
                    Tok::Close("array") => return Ok(Value::Array(items)),
                    t => items.push(parse_value(lx, t)?),
                }
            }
        }
        Tok::Open("dict") => {
            let mut items = Vec::new();
            loop {
                match lx.next()?.ok_or("unterminated dict")? {
                    Tok::Close("dict") => return Ok(Value::Dict(items)),
                    Tok::Open("key") => {
                        let key = lx.text_until("key")?;
                        let t = lx.next()?.ok_or("dict key without value")?;
                        let v = parse_value(lx, t)?;
                        items.push((key, v));
                    }
                    _ => return Err("expected <key> in dict".into()),
                }
            }
        }
        Tok::Open(t) | Tok::Empty(t) => Err(format!("unexpected <{t}>")),
        Tok::Close(t) => Err(format!("unexpected </{t}>")),
        Tok::Text => Err("unexpected text".into()),
    }
}

/// Parses an XML property list document.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut lx = Lexer { s: text, pos: 0 };
    let first = lx.next()?.ok_or("empty property list")?;
    let tok = match first {
        Tok::Open("plist") => lx.next()?.ok_or("empty <plist>")?,
        Tok::Text => return Err("not an XML property list".into()),
        t => t,
    };
    parse_value(&mut lx, tok)
}

fn write_value(out: &mut String, v: &Value, depth: usize) {
    let ind = "\t".repeat(depth);
    match v {
        Value::Dict(d) if d.is_empty() => {
            let _ = writeln!(out, "{ind}<dict/>");
        }
        Value::Dict(d) => {
            let _ = writeln!(out, "{ind}<dict>");
            for (k, v) in d {
                let _ = writeln!(out, "{ind}\t<key>{}</key>", escape(k));
                write_value(out, v, depth + 1);
            }
            let _ = writeln!(out, "{ind}</dict>");
        }
        Value::Array(a) if a.is_empty() => {
            let _ = writeln!(out, "{ind}<array/>");
        }
        Value::Array(a) => {
            let _ = writeln!(out, "{ind}<array>");
            for v in a {
                write_value(out, v, depth + 1);
            }
            let _ = writeln!(out, "{ind}</array>");
        }
        Value::String(s) => {
            let _ = writeln!(out, "{ind}<string>{}</string>", escape(s));
        }
        Value::Integer(i) => {
            let _ = writeln!(out, "{ind}<integer>{i}</integer>");
        }
        Value::Real(r) => {
            let _ = writeln!(out, "{ind}<real>{r}</real>");
        }
        Value::Bool(true) => {
            let _ = writeln!(out, "{ind}<true/>");
        }
        Value::Bool(false) => {
            let _ = writeln!(out, "{ind}<false/>");
        }
        Value::Date(d) => {
            let _ = writeln!(out, "{ind}<date>{d}</date>");
        }
        Value::Data(d) => {
            let _ = writeln!(out, "{ind}<data>{d}</data>");
        }
    }
}

/// Serialises `v` as a complete XML property-list document.
pub fn to_xml(v: &Value) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
         <plist version=\"1.0\">\n",
    );
    write_value(&mut out, v, 0);
    out.push_str("</plist>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let v = Value::Dict(vec![
            ("a".into(), Value::String("x <&> y".into())),
            (
                "b".into(),
                Value::Array(vec![Value::Integer(-3), Value::Bool(true)]),
            ),
            ("c".into(), Value::Dict(vec![])),
            ("d".into(), Value::String(String::new())),
        ]);
        assert_eq!(parse(&to_xml(&v)).unwrap(), v);
    }
}
