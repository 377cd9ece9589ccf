//! The prefix's user database, shared by `dscl`, `dseditgroup` and
//! `sysadminctl`.
//!
//! A record is a set of attributes, each a list of strings, as in Open
//! Directory. Its fields that `/etc/passwd` and `/etc/group` can hold are
//! kept there, in the formats libSystem's `getpwnam`/`getgrnam` read
//! (`crates/libsystem/src/c/pwd.rs`), so every program in the prefix sees a
//! change at once; the whole record is also kept, as macOS's local node
//! keeps it, in `/var/db/dslocal/nodes/Default/{users,groups}/NAME.plist`
//! (a dict of string arrays under the local node's native names: `uid`,
//! `gid`, `home`...). The files win for the fields they hold (an edit by
//! hand is seen). A user has a passwd line, a group a group line, once it
//! has numeric IDs (`UniqueID` and `PrimaryGroupID` for a user,
//! `PrimaryGroupID` for a group).
//!
//! Every change takes the lock `/etc/.calvados-ds.lock` and rewrites files
//! with `prefix::write_atomic`.

use crate::plist::Value;
use crate::prefix;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A record type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Users,
    Groups,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Users => "Users",
            Kind::Groups => "Groups",
        }
    }

    /// The record type of a path component (`Users`, case-insensitive).
    pub fn from_name(s: &str) -> Option<Kind> {
        if s.eq_ignore_ascii_case("users") {
            Some(Kind::Users)
        } else if s.eq_ignore_ascii_case("groups") {
            Some(Kind::Groups)
        } else {
            None
        }
    }

    fn db(self) -> &'static str {
        match self {
            Kind::Users => "/etc/passwd",
            Kind::Groups => "/etc/group",
        }
    }

    fn dir(self) -> PathBuf {
        prefix::path(match self {
            Kind::Users => "/var/db/dslocal/nodes/Default/users",
            Kind::Groups => "/var/db/dslocal/nodes/Default/groups",
        })
    }
}

/// Attributes by standard name, sorted as `dscl` prints them.
pub type Attrs = BTreeMap<String, Vec<String>>;

/// The standard attribute names and the local node's native names for them.
const NATIVE: &[(&str, &str)] = &[
    ("RecordName", "name"),
    ("UniqueID", "uid"),
    ("PrimaryGroupID", "gid"),
    ("NFSHomeDirectory", "home"),
    ("UserShell", "shell"),
    ("RealName", "realname"),
    ("Password", "passwd"),
    ("GeneratedUID", "generateduid"),
    ("GroupMembership", "users"),
    ("GroupMembers", "groupmembers"),
    ("NestedGroups", "nestedgroups"),
    ("AuthenticationAuthority", "authentication_authority"),
    ("IsHidden", "IsHidden"),
];

/// The standard spelling of an attribute name: dscl matches standard names
/// without regard to case (the Nix installer once wrote `PrimaryGroupId`)
/// and accepts the `dsAttrTypeStandard:` prefix.
pub fn canonical_key(k: &str) -> String {
    let k = k.strip_prefix("dsAttrTypeStandard:").unwrap_or(k);
    NATIVE
        .iter()
        .find(|(s, _)| s.eq_ignore_ascii_case(k))
        .map(|(s, _)| s.to_string())
        .unwrap_or_else(|| k.to_string())
}

fn to_native(k: &str) -> &str {
    NATIVE.iter().find(|(s, _)| *s == k).map_or(k, |(_, n)| n)
}

fn from_native(k: &str) -> String {
    NATIVE
        .iter()
        .find(|(_, n)| *n == k)
        .map_or_else(|| k.to_string(), |(s, _)| s.to_string())
}

/// An error as Directory Services reports it.
#[derive(Debug)]
pub enum DsError {
    RecordNotFound,
    Permission(String),
    Io(String),
}

impl DsError {
    /// The `tDirStatus` code and name (`DirServicesTypes.h`).
    pub fn code(&self) -> (i32, &'static str) {
        match self {
            DsError::RecordNotFound => (-14136, "eDSRecordNotFound"),
            DsError::Permission(_) => (-14120, "eDSPermissionError"),
            DsError::Io(_) => (-14000, "eDSOpenFailed"),
        }
    }
}

impl From<std::io::Error> for DsError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::PermissionDenied {
            DsError::Permission(e.to_string())
        } else {
            DsError::Io(e.to_string())
        }
    }
}

/// One line of `/etc/passwd` or `/etc/group`, split on `:`.
fn fields(line: &str) -> Vec<&str> {
    line.split(':').collect()
}

fn db_lines(kind: Kind) -> Vec<String> {
    std::fs::read_to_string(prefix::path(kind.db()))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn is_entry(line: &str) -> bool {
    !line.is_empty() && !line.starts_with(['#', '+', '-'])
}

/// The attributes `/etc/passwd` or `/etc/group` hold for `line`.
fn attrs_of_line(kind: Kind, line: &str) -> Option<(String, Attrs)> {
    let f = fields(line);
    let mut a = Attrs::new();
    let one = |v: &str| vec![v.to_string()];
    match (kind, f.len()) {
        (Kind::Users, 7 | 10) => {
            let (gecos, home, shell) = if f.len() == 7 {
                (f[4], f[5], f[6])
            } else {
                (f[7], f[8], f[9])
            };
            f[2].parse::<u32>().ok()?;
            f[3].parse::<u32>().ok()?;
            a.insert("Password".into(), one(f[1]));
            a.insert("UniqueID".into(), one(&show_id(f[2])));
            a.insert("PrimaryGroupID".into(), one(&show_id(f[3])));
            if !gecos.is_empty() {
                a.insert("RealName".into(), one(gecos));
            }
            a.insert("NFSHomeDirectory".into(), one(home));
            a.insert("UserShell".into(), one(shell));
        }
        (Kind::Groups, 4) => {
            f[2].parse::<u32>().ok()?;
            a.insert("Password".into(), one(f[1]));
            a.insert("PrimaryGroupID".into(), one(&show_id(f[2])));
            let mem: Vec<String> = f[3]
                .split(',')
                .filter(|m| !m.is_empty())
                .map(str::to_string)
                .collect();
            if !mem.is_empty() {
                a.insert("GroupMembership".into(), mem);
            }
        }
        _ => return None,
    }
    Some((f[0].to_string(), a))
}

/// IDs above 2^31 are negative in Open Directory (`nobody` is -2).
fn show_id(s: &str) -> String {
    match s.parse::<u32>() {
        Ok(v) if v > i32::MAX as u32 => (v as i32).to_string(),
        _ => s.to_string(),
    }
}

/// An Open Directory ID as the files store it (`-2` → 4294967294).
fn file_id(s: &str) -> Option<u32> {
    s.parse::<u32>()
        .ok()
        .or_else(|| s.parse::<i32>().ok().map(|v| v as u32))
}

fn plist_path(kind: Kind, name: &str) -> PathBuf {
    kind.dir().join(format!("{name}.plist"))
}

fn read_plist(kind: Kind, name: &str) -> Option<Attrs> {
    let text = std::fs::read_to_string(plist_path(kind, name)).ok()?;
    let v = crate::plist::parse(&text).ok()?;
    let mut a = Attrs::new();
    for (k, v) in v.as_dict()? {
        let vals = match v {
            Value::Array(items) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            Value::String(s) => vec![s.clone()],
            _ => continue,
        };
        a.insert(from_native(k), vals);
    }
    Some(a)
}

/// Names of every record of `kind`.
pub fn names(kind: Kind) -> Vec<String> {
    let mut out: Vec<String> = db_lines(kind)
        .iter()
        .filter(|l| is_entry(l))
        .filter_map(|l| attrs_of_line(kind, l).map(|(n, _)| n))
        .collect();
    if let Ok(dir) = std::fs::read_dir(kind.dir()) {
        for e in dir.flatten() {
            let f = e.file_name().to_string_lossy().into_owned();
            if let Some(n) = f.strip_suffix(".plist") {
                if !n.starts_with('.') {
                    out.push(n.to_string());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The record `name` of `kind`, if it exists.
pub fn read(kind: Kind, name: &str) -> Option<Attrs> {
    let line = db_lines(kind)
        .iter()
        .filter(|l| is_entry(l))
        .filter_map(|l| attrs_of_line(kind, l))
        .find(|(n, _)| n == name);
    let stored = read_plist(kind, name);
    if line.is_none() && stored.is_none() {
        return None;
    }
    let mut a = stored.unwrap_or_default();
    if let Some((_, from_file)) = line {
        if kind == Kind::Groups && !from_file.contains_key("GroupMembership") {
            a.remove("GroupMembership");
        }
        if kind == Kind::Users && !from_file.contains_key("RealName") {
            a.remove("RealName");
        }
        a.extend(from_file);
    }
    a.entry("RecordName".into())
        .or_insert_with(|| vec![name.to_string()]);
    Some(a)
}

/// The record holding `key` = `value`, by name.
pub fn find(kind: Kind, key: &str, value: &str) -> Vec<(String, Attrs)> {
    names(kind)
        .into_iter()
        .filter_map(|n| read(kind, &n).map(|a| (n, a)))
        .filter(|(_, a)| a.get(key).is_some_and(|v| v.iter().any(|x| x == value)))
        .collect()
}

/// Holds the database lock while a change is made.
pub fn lock() -> Result<prefix::Lock, DsError> {
    Ok(prefix::Lock::take(&prefix::path("/etc/.calvados-ds.lock"))?)
}

/// A random `GeneratedUID` (a version 4 UUID, upper case as macOS prints).
pub fn new_uuid() -> String {
    let mut b = [0u8; 16];
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        use std::io::Read as _;
        let _ = f.read_exact(&mut b);
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02X}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The passwd or group line of a record, when it has the numeric IDs.
fn line_of(kind: Kind, name: &str, a: &Attrs, old: Option<&str>) -> Option<String> {
    let first = |k: &str| {
        a.get(k)
            .and_then(|v| v.first())
            .map(|s| s.replace([':', '\n'], " "))
            .unwrap_or_default()
    };
    let gid = file_id(&first("PrimaryGroupID"))?;
    let pw = a
        .get("Password")
        .and_then(|v| v.first())
        .map_or("*".to_string(), |s| s.replace([':', '\n'], ""));
    match kind {
        Kind::Users => {
            let uid = file_id(&first("UniqueID"))?;
            let (gecos, home, shell) = (
                first("RealName"),
                first("NFSHomeDirectory"),
                first("UserShell"),
            );
            // A master.passwd-style line keeps its class, change and expire.
            if let Some(f) = old.map(fields).filter(|f| f.len() == 10) {
                return Some(format!(
                    "{name}:{pw}:{uid}:{gid}:{}:{}:{}:{gecos}:{home}:{shell}",
                    f[4], f[5], f[6]
                ));
            }
            Some(format!("{name}:{pw}:{uid}:{gid}:{gecos}:{home}:{shell}"))
        }
        Kind::Groups => {
            let mem = a
                .get("GroupMembership")
                .map(|v| {
                    v.iter()
                        .map(|m| m.replace([':', ',', '\n'], ""))
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .unwrap_or_default();
            Some(format!("{name}:{pw}:{gid}:{mem}"))
        }
    }
}

/// Puts (or with `None` removes) `name`'s line in the passwd or group file.
fn update_db(kind: Kind, name: &str, a: Option<&Attrs>) -> Result<(), DsError> {
    let lines = db_lines(kind);
    let mut out = Vec::with_capacity(lines.len() + 1);
    let mut placed = false;
    for l in &lines {
        if is_entry(l) && fields(l)[0] == name {
            if let Some(new) = a.and_then(|a| line_of(kind, name, a, Some(l))) {
                if !placed {
                    out.push(new);
                    placed = true;
                }
            }
            continue;
        }
        out.push(l.clone());
    }
    if !placed {
        if let Some(new) = a.and_then(|a| line_of(kind, name, a, None)) {
            out.push(new);
        }
    }
    if out == lines {
        return Ok(());
    }
    let mut text = out.join("\n");
    text.push('\n');
    prefix::write_atomic(&prefix::path(kind.db()), text.as_bytes(), 0o644)?;
    Ok(())
}

/// Stores record `name` of `kind` with exactly the attributes `a`. The
/// caller holds the lock.
pub fn write(kind: Kind, name: &str, a: &Attrs) -> Result<(), DsError> {
    let dict = a
        .iter()
        .map(|(k, v)| {
            (
                to_native(k).to_string(),
                Value::Array(v.iter().cloned().map(Value::String).collect()),
            )
        })
        .collect();
    let xml = crate::plist::to_xml(&Value::Dict(dict));
    prefix::write_atomic(&plist_path(kind, name), xml.as_bytes(), 0o600)?;
    update_db(kind, name, Some(a))
}

/// Deletes record `name` of `kind`. The caller holds the lock.
pub fn delete(kind: Kind, name: &str) -> Result<(), DsError> {
    if read(kind, name).is_none() {
        return Err(DsError::RecordNotFound);
    }
    update_db(kind, name, None)?;
    match std::fs::remove_file(plist_path(kind, name)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// A new record's attributes: its name and a `GeneratedUID`.
pub fn new_record(name: &str) -> Attrs {
    let mut a = Attrs::new();
    a.insert("RecordName".into(), vec![name.to_string()]);
    a.insert("GeneratedUID".into(), vec![new_uuid()]);
    a
}

/// The first ID from `start` that no record of `kind` uses as `key`.
pub fn free_id(kind: Kind, key: &str, start: i64) -> i64 {
    let used: std::collections::HashSet<i64> = names(kind)
        .iter()
        .filter_map(|n| read(kind, n))
        .filter_map(|a| a.get(key)?.first()?.parse().ok())
        .collect();
    (start..).find(|i| !used.contains(i)).unwrap_or(start)
}
