//! `diskutil`: `info` and `list` for the prefix's volumes.
//!
//! A prefix has no disks: it shows one synthesized APFS container `disk1`
//! (on the physical store `disk0s2`) holding `disk1s1` "Macintosh HD"
//! mounted at `/`, and `disk1s7` "Nix Store" at `/nix` when the prefix's
//! `/nix` is a separate host file system. Sizes, free space and block
//! sizes are the host file system's (`statvfs`). The fields and their
//! layout are those of diskutil(8) `info` on an APFS volume (label column
//! padded to 30, sizes as `N.N GB (B Bytes) (exactly U 512-Byte-Units)`);
//! `-plist` gives the same facts as an XML plist, with the keys Apple's
//! scripts and the Nix installer read (`GlobalPermissionsEnabled`,
//! `MountPoint`, `VolumeName`, `FilesystemType`, `DeviceIdentifier`,
//! `ParentWholeDisk`, `Writable`...). Volume-management verbs fail with one
//! line: a prefix cannot hold volumes.

use crate::plist::Value;
use std::path::Path;

const USAGE: &str = "\
Disk Utility Tool
Utility to manage local disks and volumes
Most commands require an administrator or root user

Usage:  diskutil [quiet] <verb> <options>, where <verb> is as follows:

     list                 (List the partitions of a disk)
     info[rmation]        (Get information on a specific disk or partition)

Volume management verbs (apfs, enableOwnership, mount, ...) are not available:
a Calvados prefix has no volumes.";

struct Volume {
    id: &'static str,
    name: &'static str,
    mount: &'static str,
    total: u64,
    free: u64,
    bsize: u64,
    writable: bool,
    uuid: String,
}

fn statvfs(p: &Path) -> Option<libc::statvfs> {
    let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).ok()?;
    // SAFETY: statvfs into a zeroed struct we own.
    unsafe {
        let mut s: libc::statvfs = std::mem::zeroed();
        (libc::statvfs(c.as_ptr(), &mut s) == 0).then_some(s)
    }
}

fn dev_of(p: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(p).ok().map(|m| m.dev())
}

/// A stable UUID for a volume: FNV-1a of its identity, as UUID text.
fn uuid_of(seed: &str) -> String {
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for b in seed.bytes() {
        h ^= b as u128;
        h = h.wrapping_mul(0x0000000001000000000000000000013B);
    }
    let s = format!("{h:032X}");
    format!(
        "{}-{}-{}-{}-{}",
        &s[0..8],
        &s[8..12],
        &s[12..16],
        &s[16..20],
        &s[20..32]
    )
}

fn volume(id: &'static str, name: &'static str, mount: &'static str) -> Option<Volume> {
    let host = crate::prefix::path(mount);
    let s = statvfs(&host)?;
    let frsize = if s.f_frsize > 0 {
        s.f_frsize
    } else {
        s.f_bsize
    };
    Some(Volume {
        id,
        name,
        mount,
        total: s.f_blocks * frsize,
        free: s.f_bavail * frsize,
        bsize: s.f_bsize,
        writable: s.f_flag & libc::ST_RDONLY == 0,
        uuid: uuid_of(&format!(
            "{}:{}:{id}",
            crate::prefix::root().display(),
            s.f_fsid
        )),
    })
}

fn volumes() -> Vec<Volume> {
    let mut v: Vec<Volume> = volume("disk1s1", "Macintosh HD", "/").into_iter().collect();
    let root = crate::prefix::root();
    let nix = root.join("nix");
    if nix.is_dir() && dev_of(&nix) != dev_of(&root) {
        v.extend(volume("disk1s7", "Nix Store", "/nix"));
    }
    v
}

/// The volume `arg` names: a device, a volume name, or a path in it.
fn find(arg: &str) -> Option<Volume> {
    let vols = volumes();
    let dev = arg.strip_prefix("/dev/").unwrap_or(arg);
    if let Some(i) = vols.iter().position(|v| v.id == dev || v.name == arg) {
        return vols.into_iter().nth(i);
    }
    if !arg.starts_with('/') {
        return None;
    }
    let host = crate::prefix::path(arg);
    let d = dev_of(&host)?;
    let nix = vols.iter().position(|v| v.mount == "/nix");
    match nix {
        Some(i) if dev_of(&crate::prefix::path("/nix")) == Some(d) => vols.into_iter().nth(i),
        _ => vols.into_iter().next(),
    }
}

/// `N.N GB (B Bytes) (exactly U 512-Byte-Units)`, decimal units.
fn size_text(b: u64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB", "PB"];
    let mut v = b as f64;
    let mut u = 0;
    while v >= 1000.0 && u < units.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    format!(
        "{v:.1} {} ({b} Bytes) (exactly {} 512-Byte-Units)",
        units[u],
        b / 512
    )
}

fn facts(v: &Volume) -> Vec<(&'static str, Value)> {
    let s = |x: &str| Value::String(x.to_string());
    let i = |x: u64| Value::Integer(x as i64);
    let mut f = vec![
        ("APFSContainerFree", i(v.free)),
        ("APFSContainerReference", s("disk1")),
        ("APFSContainerSize", i(v.total)),
        (
            "APFSPhysicalStores",
            Value::Array(vec![Value::Dict(vec![(
                "APFSPhysicalStore".into(),
                s("disk0s2"),
            )])]),
        ),
        ("APFSVolumeGroupID", s(&v.uuid)),
        ("Bootable", Value::Bool(v.mount == "/")),
        ("BusProtocol", s("PCI-Express")),
        ("CanBeMadeBootable", Value::Bool(false)),
        ("Content", s("41504653-0000-11AA-AA11-00306543ECAC")),
        ("DeviceBlockSize", i(4096)),
        ("DeviceIdentifier", s(v.id)),
        ("DeviceNode", s(&format!("/dev/{}", v.id))),
        ("DiskUUID", s(&v.uuid)),
        ("Ejectable", Value::Bool(false)),
        ("Encryption", Value::Bool(false)),
        ("FileVault", Value::Bool(false)),
        ("FilesystemName", s("APFS")),
        ("FilesystemType", s("apfs")),
        ("FilesystemUserVisibleName", s("APFS")),
        ("FreeSpace", i(v.free)),
        ("Fusion", Value::Bool(false)),
        ("GlobalPermissionsEnabled", Value::Bool(true)),
        ("Internal", Value::Bool(true)),
        ("Locked", Value::Bool(false)),
        ("MediaName", s("")),
        ("MediaType", s("Generic")),
        ("MountPoint", s(v.mount)),
        ("ParentWholeDisk", s("disk1")),
        ("RAIDMaster", Value::Bool(false)),
        ("RAIDSlice", Value::Bool(false)),
        ("Removable", Value::Bool(false)),
        ("RemovableMedia", Value::Bool(false)),
        ("SolidState", Value::Bool(true)),
        ("Size", i(v.total)),
        ("SupportsGlobalPermissionsDisable", Value::Bool(true)),
        ("TotalSize", i(v.total)),
        ("VolumeAllocationBlockSize", i(v.bsize)),
        ("VolumeName", s(v.name)),
        ("VolumeSize", i(v.total)),
        ("VolumeUUID", s(&v.uuid)),
        ("WholeDisk", Value::Bool(false)),
        ("Writable", Value::Bool(v.writable)),
        ("WritableMedia", Value::Bool(true)),
        ("WritableVolume", Value::Bool(v.writable)),
    ];
    f.sort_by_key(|(k, _)| *k);
    f
}

fn info_text(v: &Volume) {
    let row = |k: &str, val: &str| println!("   {:<27}{val}", format!("{k}:"));
    let yn = |b: bool| if b { "Yes" } else { "No" };
    row("Device Identifier", v.id);
    row("Device Node", &format!("/dev/{}", v.id));
    row("Whole", "No");
    row("Part of Whole", "disk1");
    println!();
    row("Volume Name", v.name);
    row("Mounted", "Yes");
    row("Mount Point", v.mount);
    println!();
    row("Partition Type", "41504653-0000-11AA-AA11-00306543ECAC");
    row("File System Personality", "APFS");
    row("Type (Bundle)", "apfs");
    row("Name (User Visible)", "APFS");
    row("Owners", "Enabled");
    println!();
    row("OS Can Be Installed", "No");
    row("Media Type", "Generic");
    row("Protocol", "PCI-Express");
    row("SMART Status", "Verified");
    row("Volume UUID", &v.uuid);
    row("Disk / Partition UUID", &v.uuid);
    println!();
    row("Disk Size", &size_text(v.total));
    row("Device Block Size", "4096 Bytes");
    println!();
    row("Container Total Space", &size_text(v.total));
    row("Container Free Space", &size_text(v.free));
    row("Allocation Block Size", &format!("{} Bytes", v.bsize));
    println!();
    row("Media OS Use Only", "No");
    row("Media Read-Only", "No");
    row("Volume Read-Only", yn(!v.writable));
    println!();
    row("Device Location", "Internal");
    row("Removable Media", "Fixed");
    println!();
    row("Solid State", "Yes");
    println!();
    println!("   This disk is an APFS Volume.  APFS Information:");
    row("APFS Container", "disk1");
    row("APFS Physical Store", "disk0s2");
    row("Fusion Drive", "No");
    row("Encrypted", "No");
    row("FileVault", "No");
    row("Locked", "No");
    println!();
}

fn short_size(b: u64) -> String {
    let t = size_text(b);
    t.split(" (").next().unwrap_or("").to_string()
}

fn list(plist: bool) -> i32 {
    let vols = volumes();
    let total = vols.first().map_or(0, |v| v.total);
    if plist {
        let s = |x: &str| Value::String(x.to_string());
        let mut all = vec![s("disk0"), s("disk0s2"), s("disk1")];
        all.extend(vols.iter().map(|v| s(v.id)));
        let vol_dicts: Vec<Value> = vols
            .iter()
            .map(|v| {
                Value::Dict(vec![
                    ("Content".into(), s("41504653-0000-11AA-AA11-00306543ECAC")),
                    ("DeviceIdentifier".into(), s(v.id)),
                    ("DiskUUID".into(), s(&v.uuid)),
                    ("MountPoint".into(), s(v.mount)),
                    ("Size".into(), Value::Integer(v.total as i64)),
                    ("VolumeName".into(), s(v.name)),
                    ("VolumeUUID".into(), s(&v.uuid)),
                ])
            })
            .collect();
        let doc = Value::Dict(vec![
            ("AllDisks".into(), Value::Array(all)),
            (
                "AllDisksAndPartitions".into(),
                Value::Array(vec![Value::Dict(vec![
                    ("APFSVolumes".into(), Value::Array(vol_dicts.clone())),
                    ("Content".into(), s("EF57347C-0000-11AA-AA11-00306543ECAC")),
                    ("DeviceIdentifier".into(), s("disk1")),
                    ("OSInternal".into(), Value::Bool(false)),
                    ("Size".into(), Value::Integer(total as i64)),
                ])]),
            ),
            (
                "VolumesFromDisks".into(),
                Value::Array(vols.iter().map(|v| s(v.name)).collect()),
            ),
            (
                "WholeDisks".into(),
                Value::Array(vec![s("disk0"), s("disk1")]),
            ),
        ]);
        print!("{}", crate::plist::to_xml(&doc));
        return 0;
    }
    let head = "   #:                       TYPE NAME                    SIZE       IDENTIFIER";
    println!("/dev/disk0 (internal, physical):");
    println!("{head}");
    let t = short_size(total);
    println!("   0:      GUID_partition_scheme                        *{t:<10} disk0");
    println!("   1:                 Apple_APFS Container disk1         {t:<10} disk0s2");
    println!();
    println!("/dev/disk1 (synthesized):");
    println!("{head}");
    println!("   0:      APFS Container Scheme -                      +{t:<10} disk1");
    println!("                                 Physical Store disk0s2");
    for (n, v) in vols.iter().enumerate() {
        let used = short_size(v.total.saturating_sub(v.free));
        println!(
            "{:>4}:                APFS Volume {:<23} {used:<10} {}",
            n + 1,
            v.name,
            v.id
        );
    }
    println!();
    0
}

pub fn main(args: &[String]) -> i32 {
    let args: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "quiet")
        .collect();
    match args.as_slice() {
        [] | ["--help" | "-h" | "help"] => {
            println!("{USAGE}");
            if args.is_empty() {
                return 1;
            }
            0
        }
        ["list", rest @ ..] => list(rest.contains(&"-plist")),
        [v, rest @ ..] if v.starts_with("info") => {
            let plist = rest.contains(&"-plist");
            let target: Vec<&&str> = rest.iter().filter(|a| !a.starts_with('-')).collect();
            let [t] = target.as_slice() else {
                eprintln!(
                    "Usage:  diskutil info[rmation] [-plist] MountPoint|DiskIdentifier|DeviceNode"
                );
                return 1;
            };
            let Some(vol) = find(t) else {
                eprintln!("Could not find disk: {t}");
                return 1;
            };
            if plist {
                let d = facts(&vol)
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect();
                print!("{}", crate::plist::to_xml(&Value::Dict(d)));
            } else {
                info_text(&vol);
            }
            0
        }
        [v, ..] => {
            eprintln!("diskutil {v}: not available: a Calvados prefix has no volumes to manage");
            1
        }
    }
}
