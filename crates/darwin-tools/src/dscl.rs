//! `dscl`: the Directory Service command line, on the prefix's local node
//! (`userdb`).
//!
//! dscl(1): `dscl [options] [datasource [command]]`; datasource `.`,
//! `localhost` or the node name `/Local/Default`; commands `-read`,
//! `-list`, `-search`, `-create`, `-append`, `-merge`, `-delete`,
//! `-change`, `-passwd`, with or without the dash. `-read` prints
//! `Key: value...` lines, a key whose values hold a space on the following
//! lines, one value a line, after a space; `-list PATH KEY` prints each
//! name and its values. A failure prints `<dscl_cmd> DS Error: CODE (NAME)`
//! on stderr and exits with the code's low byte negated (-14136
//! eDSRecordNotFound exits 56, as scripts test).
//!
//! Interactive mode (no command) is not offered. `-passwd` checks that the
//! user exists and stores nothing: a prefix has no password store, and
//! nothing in it authenticates users.

use crate::userdb::{self, Attrs, DsError, Kind};

const USAGE: &str = "\
dscl (v11.0)
usage: dscl [options] [<datasource> [<command>]]
datasource:
    localhost    (default)                                    or
    <nodename>   (Directory Service style node name)          or
    .            (the local node)
options:
    -u <user>      authenticate as user
    -P <password>  authentication password
    -p             prompt for password
    -f <filepath>  targeted file path (ignored)
    -raw           don't strip off prefix from DS constants
    -plist         print out record(s) or attribute(s) in XML plist format
    -url           print record attribute values in URL-style encoding
    -q             quiet - no interactive prompt
commands:
    -read      <path> [<key>...]
    -list      <path> [<key>]
    -search    <path> <key> <val>
    -create    <record_path> [<key> [<val>...]]
    -append    <record_path> <key> <val>...
    -merge     <record_path> <key> <val>...
    -delete    <path> [<key> [<val>...]]
    -change    <record_path> <key> <old_val> <new_val>
    -passwd    <user_path> [<new_password> | <old_password> <new_password>]";

/// What a dscl path names.
enum Target {
    Root,
    Type(Kind),
    Record(Kind, String),
}

fn ds_fail(e: DsError) -> i32 {
    let (code, name) = e.code();
    eprintln!("<dscl_cmd> DS Error: {code} ({name})");
    if let DsError::Io(m) | DsError::Permission(m) = &e {
        eprintln!("dscl: {m}");
    }
    (code.unsigned_abs() & 0xff) as i32
}

/// An unknown path: the node has no such record type.
fn invalid_path(path: &str) -> i32 {
    eprintln!("{path}: Invalid Path");
    ds_fail_code(-14009, "eDSUnknownNodeName")
}

fn ds_fail_code(code: i32, name: &str) -> i32 {
    eprintln!("<dscl_cmd> DS Error: {code} ({name})");
    (code.unsigned_abs() & 0xff) as i32
}

fn parse_path(node_prefix: bool, path: &str) -> Option<Target> {
    let mut p = path;
    if node_prefix || p.starts_with("/Local/Default") {
        p = p.strip_prefix("/Local/Default").unwrap_or(p);
    }
    let parts: Vec<&str> = p.split('/').filter(|s| !s.is_empty()).collect();
    match parts.as_slice() {
        [] => Some(Target::Root),
        [t] => Kind::from_name(t).map(Target::Type),
        [t, n] => Kind::from_name(t).map(|k| Target::Record(k, n.to_string())),
        _ => None,
    }
}

/// Prints one attribute as `-read` does.
fn print_attr(key: &str, vals: &[String]) {
    if vals.iter().any(|v| v.contains(char::is_whitespace)) {
        println!("{key}:");
        for v in vals {
            println!(" {v}");
        }
    } else if vals.is_empty() {
        println!("{key}:");
    } else {
        println!("{key}: {}", vals.join(" "));
    }
}

/// The attributes `-read` shows: the stored ones and the two dscl adds.
fn shown(kind: Kind, mut a: Attrs) -> Attrs {
    a.insert(
        "AppleMetaNodeLocation".into(),
        vec!["/Local/Default".into()],
    );
    a.insert(
        "RecordType".into(),
        vec![format!("dsRecTypeStandard:{}", kind.name())],
    );
    a
}

fn plist_of(a: &Attrs, raw_names: bool) -> String {
    use crate::plist::Value;
    let dict = a
        .iter()
        .map(|(k, v)| {
            let key = if raw_names || k.contains(':') {
                k.clone()
            } else {
                format!("dsAttrTypeStandard:{k}")
            };
            (
                key,
                Value::Array(v.iter().cloned().map(Value::String).collect()),
            )
        })
        .collect();
    crate::plist::to_xml(&Value::Dict(dict))
}

/// NSArray-description quoting, as `-search` prints values.
fn quoted(v: &str) -> String {
    if !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_$+/:.-".contains(c))
    {
        v.to_string()
    } else {
        format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

struct Opts {
    plist: bool,
    raw: bool,
}

pub fn main(args: &[String]) -> i32 {
    let mut opts = Opts {
        plist: false,
        raw: false,
    };
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--help" | "-h" | "-help" => {
                println!("{USAGE}");
                return 0;
            }
            "-q" | "-url" | "-p" => {}
            "-plist" => opts.plist = true,
            "-raw" => opts.raw = true,
            "-u" | "-P" | "-f" => i += 1,
            _ => break,
        }
        i += 1;
    }
    let Some(source) = args.get(i) else {
        eprintln!("{USAGE}");
        return 64;
    };
    let node_prefix = match source.as_str() {
        "." | "/Local/Default" => false,
        "localhost" | "localonly" => true,
        other => {
            eprintln!("Data source ({other}) is not valid.");
            return 64;
        }
    };
    let rest = &args[i + 1..];
    let Some(cmd) = rest.first() else {
        eprintln!("dscl: interactive mode is not available in a Calvados prefix");
        eprintln!("{USAGE}");
        return 64;
    };
    let cmd = cmd.trim_start_matches('-').to_ascii_lowercase();
    let cargs = &rest[1..];
    let Some(path) = cargs.first() else {
        eprintln!("{USAGE}");
        return 64;
    };
    let Some(target) = parse_path(node_prefix, path) else {
        return invalid_path(path);
    };
    let cargs = &cargs[1..];
    let r = match cmd.as_str() {
        "read" => read(&opts, target, cargs),
        "list" | "ls" => list(target, cargs),
        "search" => search(target, cargs),
        "create" | "append" | "merge" | "delete" | "change" | "passwd" => {
            modify(&cmd, target, cargs, path)
        }
        _ => {
            eprintln!("Unrecognized command: {cmd}");
            eprintln!("{USAGE}");
            return 64;
        }
    };
    r.unwrap_or_else(ds_fail)
}

fn read(opts: &Opts, target: Target, keys: &[String]) -> Result<i32, DsError> {
    let (kind, name) = match target {
        Target::Record(k, n) => (k, n),
        Target::Type(k) => {
            print_attr("RecordType", &[format!("dsRecTypeStandard:{}", k.name())]);
            return Ok(0);
        }
        Target::Root => {
            print_attr("AppleMetaNodeLocation", &["/Local/Default".into()]);
            return Ok(0);
        }
    };
    let a = shown(
        kind,
        userdb::read(kind, &name).ok_or(DsError::RecordNotFound)?,
    );
    let mut missing = Vec::new();
    let sel: Attrs = if keys.is_empty() {
        a
    } else {
        let mut s = Attrs::new();
        for k in keys {
            let c = userdb::canonical_key(k);
            match a.get(&c) {
                Some(v) => {
                    s.insert(c, v.clone());
                }
                None => missing.push(k.clone()),
            }
        }
        s
    };
    if opts.plist {
        print!("{}", plist_of(&sel, opts.raw));
    } else {
        for (k, v) in &sel {
            let key = if opts.raw && !k.contains(':') {
                format!("dsAttrTypeStandard:{k}")
            } else {
                k.clone()
            };
            print_attr(&key, v);
        }
    }
    if let Some(k) = missing.first() {
        eprintln!("No such key: {k}");
        return Ok(181);
    }
    Ok(0)
}

fn list(target: Target, keys: &[String]) -> Result<i32, DsError> {
    let kind = match target {
        Target::Root => {
            println!("Groups");
            println!("Users");
            return Ok(0);
        }
        Target::Type(k) => k,
        Target::Record(k, n) => {
            // A record lists its attribute names.
            let a = shown(k, userdb::read(k, &n).ok_or(DsError::RecordNotFound)?);
            for key in a.keys() {
                println!("{key}");
            }
            return Ok(0);
        }
    };
    let names = userdb::names(kind);
    let Some(key) = keys.first().map(|k| userdb::canonical_key(k)) else {
        for n in &names {
            println!("{n}");
        }
        return Ok(0);
    };
    let rows: Vec<(String, Vec<String>)> = names
        .iter()
        .filter_map(|n| {
            let a = userdb::read(kind, n)?;
            Some((n.clone(), a.get(&key)?.clone()))
        })
        .collect();
    let width = rows.iter().map(|(n, _)| n.len()).max().unwrap_or(0) + 1;
    for (n, v) in rows {
        println!("{n:<width$}{}", v.join(" "));
    }
    Ok(0)
}

fn search(target: Target, args: &[String]) -> Result<i32, DsError> {
    let Target::Type(kind) = target else {
        return Ok(invalid_path("search"));
    };
    let [key, val, ..] = args else {
        eprintln!("{USAGE}");
        return Ok(64);
    };
    let key = userdb::canonical_key(key);
    for (name, a) in userdb::find(kind, &key, val) {
        println!("{name}\t\t{key} = (");
        let vals: Vec<String> = a[&key]
            .iter()
            .map(|v| format!("    {}", quoted(v)))
            .collect();
        println!("{}", vals.join(",\n"));
        println!(")");
    }
    Ok(0)
}

fn modify(cmd: &str, target: Target, args: &[String], path: &str) -> Result<i32, DsError> {
    let Target::Record(kind, name) = target else {
        if cmd == "create" {
            // Record types exist already.
            return Ok(0);
        }
        return Ok(invalid_path(path));
    };
    let _lock = userdb::lock()?;
    let existing = userdb::read(kind, &name);
    let mut a = match (cmd, existing) {
        ("create", None) => userdb::new_record(&name),
        (_, Some(a)) => a,
        (_, None) => return Err(DsError::RecordNotFound),
    };
    let key = args.first().map(|k| userdb::canonical_key(k));
    let vals: Vec<String> = args.iter().skip(1).cloned().collect();
    match (cmd, key) {
        ("create", None) => {}
        ("create", Some(k)) => {
            a.insert(k, vals);
        }
        ("append" | "merge", Some(k)) if !vals.is_empty() => {
            let cur = a.entry(k).or_default();
            for v in vals {
                if cmd == "append" || !cur.contains(&v) {
                    cur.push(v);
                }
            }
        }
        ("delete", None) => {
            userdb::delete(kind, &name)?;
            return Ok(0);
        }
        ("delete", Some(k)) => {
            if vals.is_empty() {
                a.remove(&k);
            } else if let Some(cur) = a.get_mut(&k) {
                cur.retain(|v| !vals.contains(v));
            }
        }
        ("change", Some(k)) if vals.len() == 2 => {
            let Some(cur) = a.get_mut(&k) else {
                return Ok(ds_fail_code(-14134, "eDSAttributeNotFound"));
            };
            match cur.iter_mut().find(|v| **v == vals[0]) {
                Some(v) => *v = vals[1].clone(),
                None => return Ok(ds_fail_code(-14134, "eDSAttributeNotFound")),
            }
        }
        ("passwd", _) if kind == Kind::Users => return Ok(0),
        _ => {
            eprintln!("{USAGE}");
            return Ok(64);
        }
    }
    if a.get("RecordName").is_none_or(|v| v.first() != Some(&name)) {
        eprintln!("dscl: renaming a record is not supported");
        return Ok(64);
    }
    userdb::write(kind, &name, &a)?;
    Ok(0)
}
