//! `dseditgroup`: group records (`userdb`).
//!
//! dseditgroup(8): `dseditgroup [-pLqv] [-o read|create|delete|edit|checkmember]
//! [-u user] [-P password] [-n nodename] [-a recordname] [-d recordname]
//! [-t recordtype] [-i gid] [-g guid] [-r realname] [-c comment]
//! [-k keyword] [-m member] groupname`. `read` is the default operation;
//! `create` takes `-i` (else the first free ID from 501) and `-r` (else
//! the group name); `edit` adds (`-a`) or removes (`-d`) a user (`-t user`,
//! `GroupMembership`) or group (`-t group`, `NestedGroups`, by
//! GeneratedUID); `checkmember` prints `yes USER is a member of GROUP` and
//! exits 0, or `no USER is NOT a member of GROUP` and exits 64. A member
//! counts when listed in `GroupMembership` or when the group is the user's
//! primary group.

use crate::userdb::{self, Attrs, DsError, Kind};

const USAGE: &str = "\
Usage: dseditgroup [-pqv] [-o edit] [-n nodename] [-u username] [-P password]
                   [-a recordname] [-d recordname] [-t recordtype]
                   [-T grouptype] [-i gid] [-g guid] [-r realname] [-k keyword]
                   [-c comment] groupname
       dseditgroup [-pqv] [-o create|delete|read] [-n nodename] [-u username]
                   [-P password] [-i gid] [-g guid] [-r realname] [-c comment]
                   groupname
       dseditgroup [-o checkmember] [-m member] groupname";

struct Args {
    op: String,
    add: Vec<String>,
    del: Vec<String>,
    rtype: String,
    gid: Option<String>,
    guid: Option<String>,
    realname: Option<String>,
    comment: Option<String>,
    member: Option<String>,
    group: String,
}

fn usage() -> i32 {
    eprintln!("{USAGE}");
    64
}

fn parse(args: &[String]) -> Result<Args, i32> {
    let mut a = Args {
        op: "read".into(),
        add: Vec::new(),
        del: Vec::new(),
        rtype: "user".into(),
        gid: None,
        guid: None,
        realname: None,
        comment: None,
        member: None,
        group: String::new(),
    };
    let mut i = 0;
    let mut group = None;
    while i < args.len() {
        let s = args[i].as_str();
        let val = |i: usize| args.get(i + 1).cloned().ok_or_else(usage);
        match s {
            "--help" | "-h" => {
                println!("{USAGE}");
                return Err(0);
            }
            "-p" | "-q" | "-v" | "-L" => {}
            "-o" => a.op = val(i)?,
            "-a" => a.add.push(val(i)?),
            "-d" => a.del.push(val(i)?),
            "-t" => a.rtype = val(i)?,
            "-i" => a.gid = Some(val(i)?),
            "-g" => a.guid = Some(val(i)?),
            "-r" => a.realname = Some(val(i)?),
            "-c" => a.comment = Some(val(i)?),
            "-m" => a.member = Some(val(i)?),
            "-u" | "-P" | "-n" | "-T" | "-k" | "-s" => {
                val(i)?;
            }
            _ if s.starts_with('-') => return Err(usage()),
            _ => {
                group = Some(s.to_string());
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a.group = group.ok_or_else(usage)?;
    Ok(a)
}

fn fail(e: DsError) -> i32 {
    let (code, name) = e.code();
    eprintln!("Error: {name} ({code})");
    64
}

pub fn main(args: &[String]) -> i32 {
    let a = match parse(args) {
        Ok(a) => a,
        Err(s) => return s,
    };
    let r = match a.op.as_str() {
        "read" => read(&a),
        "create" => create(&a),
        "delete" => delete(&a),
        "edit" => edit(&a),
        "checkmember" => Ok(checkmember(&a)),
        _ => Ok(usage()),
    };
    r.unwrap_or_else(fail)
}

fn read(a: &Args) -> Result<i32, DsError> {
    let g = userdb::read(Kind::Groups, &a.group).ok_or(DsError::RecordNotFound)?;
    println!("dsAttrTypeStandard:AppleMetaNodeLocation -");
    println!("\t\t/Local/Default");
    for (k, v) in &g {
        println!("dsAttrTypeStandard:{k} -");
        for x in v {
            println!("\t\t{x}");
        }
    }
    println!("dsAttrTypeStandard:RecordType -");
    println!("\t\tdsRecTypeStandard:Groups");
    Ok(0)
}

fn create(a: &Args) -> Result<i32, DsError> {
    let _lock = userdb::lock()?;
    if userdb::read(Kind::Groups, &a.group).is_some() {
        eprintln!(
            "Group not created: a group named {} already exists.",
            a.group
        );
        return Ok(64);
    }
    let mut g = userdb::new_record(&a.group);
    let gid = match &a.gid {
        Some(i) if i.parse::<i64>().is_ok() => i.clone(),
        Some(_) => return Ok(usage()),
        None => userdb::free_id(Kind::Groups, "PrimaryGroupID", 501).to_string(),
    };
    g.insert("PrimaryGroupID".into(), vec![gid]);
    g.insert("Password".into(), vec!["*".into()]);
    g.insert(
        "RealName".into(),
        vec![a.realname.clone().unwrap_or_else(|| a.group.clone())],
    );
    if let Some(u) = &a.guid {
        g.insert("GeneratedUID".into(), vec![u.clone()]);
    }
    if let Some(c) = &a.comment {
        g.insert("Comment".into(), vec![c.clone()]);
    }
    userdb::write(Kind::Groups, &a.group, &g)?;
    Ok(0)
}

fn delete(a: &Args) -> Result<i32, DsError> {
    let _lock = userdb::lock()?;
    userdb::delete(Kind::Groups, &a.group)?;
    Ok(0)
}

fn push_unique(g: &mut Attrs, key: &str, v: &str) {
    let cur = g.entry(key.into()).or_default();
    if !cur.iter().any(|x| x == v) {
        cur.push(v.to_string());
    }
}

fn remove(g: &mut Attrs, key: &str, v: &str) {
    if let Some(cur) = g.get_mut(key) {
        cur.retain(|x| x != v);
        if cur.is_empty() {
            g.remove(key);
        }
    }
}

fn edit(a: &Args) -> Result<i32, DsError> {
    let _lock = userdb::lock()?;
    let mut g = userdb::read(Kind::Groups, &a.group).ok_or(DsError::RecordNotFound)?;
    let member_kind = match a.rtype.as_str() {
        "user" => Kind::Users,
        "group" => Kind::Groups,
        _ => return Ok(usage()),
    };
    for (names, adding) in [(&a.add, true), (&a.del, false)] {
        for m in names {
            let Some(rec) = userdb::read(member_kind, m) else {
                eprintln!("Record was not found.");
                return Ok(64);
            };
            let guid = rec.get("GeneratedUID").and_then(|v| v.first()).cloned();
            let (name_key, guid_key) = match member_kind {
                Kind::Users => (Some("GroupMembership"), "GroupMembers"),
                Kind::Groups => (None, "NestedGroups"),
            };
            if adding {
                if let Some(k) = name_key {
                    push_unique(&mut g, k, m);
                }
                if let Some(u) = &guid {
                    push_unique(&mut g, guid_key, u);
                }
            } else {
                if let Some(k) = name_key {
                    remove(&mut g, k, m);
                }
                if let Some(u) = &guid {
                    remove(&mut g, guid_key, u);
                }
            }
        }
    }
    if let Some(r) = &a.realname {
        g.insert("RealName".into(), vec![r.clone()]);
    }
    if let Some(i) = &a.gid {
        g.insert("PrimaryGroupID".into(), vec![i.clone()]);
    }
    if let Some(c) = &a.comment {
        g.insert("Comment".into(), vec![c.clone()]);
    }
    userdb::write(Kind::Groups, &a.group, &g)?;
    Ok(0)
}

/// The login name of the caller (checkmember's default member).
fn current_user() -> String {
    // SAFETY: getuid cannot fail.
    let uid = unsafe { libc::getuid() }.to_string();
    userdb::find(Kind::Users, "UniqueID", &uid)
        .into_iter()
        .next()
        .map(|(n, _)| n)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or(uid)
}

fn checkmember(a: &Args) -> i32 {
    let user = a.member.clone().unwrap_or_else(current_user);
    let Some(g) = userdb::read(Kind::Groups, &a.group) else {
        eprintln!("Group not found.");
        return 64;
    };
    let Some(u) = userdb::read(Kind::Users, &user) else {
        eprintln!("Unable to find the user record");
        return 64;
    };
    let listed = g.get("GroupMembership").is_some_and(|v| v.contains(&user));
    let primary = u.get("PrimaryGroupID").and_then(|v| v.first()).is_some()
        && u.get("PrimaryGroupID").and_then(|v| v.first())
            == g.get("PrimaryGroupID").and_then(|v| v.first());
    if listed || primary {
        println!("yes {user} is a member of {}", a.group);
        0
    } else {
        println!("no {user} is NOT a member of {}", a.group);
        64
    }
}
