//! What a prefix holds (layout version 1, docs/prefix.md): directories,
//! symlinks, the macOS version, the system accounts and groups.
//!
//! The accounts and groups are those macOS 11 ships in `/etc/passwd` and
//! `/etc/group` (Apple's published files); ids that macOS writes as
//! negative numbers are stored as their 32-bit unsigned values, which is
//! what `pw_uid`/`gr_gid` hold and what libSystem's parser reads.

/// `nobody`'s id on macOS (-2 as a `uid_t`/`gid_t`).
pub const NOBODY: u32 = 4294967294;
/// `nogroup` (-1 as a `gid_t`).
pub const NOGROUP: u32 = 4294967295;

pub const PRODUCT_NAME: &str = "macOS";
pub const PRODUCT_VERSION: &str = "11.7.4";
pub const PRODUCT_BUILD: &str = "20G1120";

/// `System/Library/CoreServices/SystemVersion.plist` as macOS 11.7.4 has
/// it: the 11.x files carry no `BuildID`; 11.5 and later report iOS 14.7
/// support, and the 2023 updates a 1983-2023 copyright.
pub fn system_version_plist() -> String {
    let keys = [
        ("ProductBuildVersion", PRODUCT_BUILD),
        ("ProductCopyright", "1983-2023 Apple Inc."),
        ("ProductName", PRODUCT_NAME),
        ("ProductUserVisibleVersion", PRODUCT_VERSION),
        ("ProductVersion", PRODUCT_VERSION),
        ("iOSSupportVersion", "14.7"),
    ];
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
         <plist version=\"1.0\">\n<dict>\n",
    );
    for (k, v) in keys {
        s += &format!("\t<key>{k}</key>\n\t<string>{v}</string>\n");
    }
    s += "</dict>\n</plist>\n";
    s
}

/// Directories every prefix has, with the mode they are created with.
pub const DIRS: &[(&str, u32)] = &[
    ("System", 0o755),
    ("System/Library", 0o755),
    ("System/Library/CoreServices", 0o755),
    ("bin", 0o755),
    ("sbin", 0o755),
    ("usr", 0o755),
    ("usr/bin", 0o755),
    ("usr/sbin", 0o755),
    ("usr/lib", 0o755),
    ("usr/libexec", 0o755),
    ("usr/libexec/calvados", 0o755),
    ("usr/share", 0o755),
    ("private", 0o755),
    ("private/etc", 0o755),
    ("private/tmp", 0o1777),
    ("private/var", 0o755),
    ("private/var/root", 0o750),
    ("private/var/empty", 0o755),
    ("private/var/db", 0o755),
    ("private/var/db/dslocal", 0o755),
    ("private/var/db/dslocal/nodes", 0o755),
    ("private/var/db/dslocal/nodes/Default", 0o755),
    ("private/var/db/dslocal/nodes/Default/users", 0o755),
    ("private/var/db/dslocal/nodes/Default/groups", 0o755),
    ("Users", 0o755),
    ("Users/Shared", 0o1777),
    ("Volumes", 0o755),
    // Mount points of `calvados shell`.
    ("Volumes/SystemRoot", 0o755),
    ("dev", 0o755),
    ("proc", 0o755),
    ("nix", 0o755),
];

/// Symlinks every prefix has: (path, target).
pub const LINKS: &[(&str, &str)] = &[
    ("tmp", "private/tmp"),
    ("var", "private/var"),
    ("etc", "private/etc"),
    // The host's ELF loader and glibc, for Calvados itself inside a shell.
    ("lib", "Volumes/SystemRoot/lib"),
    ("lib64", "Volumes/SystemRoot/lib64"),
    (
        "private/etc/resolv.conf",
        "/Volumes/SystemRoot/etc/resolv.conf",
    ),
    ("private/etc/hosts", "/Volumes/SystemRoot/etc/hosts"),
    ("private/etc/ssl", "/Volumes/SystemRoot/etc/ssl"),
];

/// Where `calvados-tools` goes, and the names it answers to.
pub const TOOLS: &str = "usr/libexec/calvados/calvados-tools";
pub const TOOL_LINKS: &[(&str, &str)] = &[
    ("usr/bin/sw_vers", "../libexec/calvados/calvados-tools"),
    ("usr/bin/dscl", "../libexec/calvados/calvados-tools"),
    ("usr/bin/sandbox-exec", "../libexec/calvados/calvados-tools"),
    ("usr/sbin/diskutil", "../libexec/calvados/calvados-tools"),
    ("usr/sbin/dseditgroup", "../libexec/calvados/calvados-tools"),
    ("usr/sbin/sysadminctl", "../libexec/calvados/calvados-tools"),
    ("usr/sbin/lsof", "../libexec/calvados/calvados-tools"),
    ("usr/bin/lsof", "../libexec/calvados/calvados-tools"),
    ("bin/launchctl", "../usr/libexec/calvados/calvados-tools"),
];

/// Paths that belong to the user once created: init creates them when
/// missing and never rewrites them.
pub fn is_user_data(rel: &str) -> bool {
    let under = |top: &str| rel == top || rel.starts_with(&format!("{top}/"));
    under("Users")
        || under("private/var")
        || under("nix")
        || rel == "private/etc/passwd"
        || rel == "private/etc/group"
        || rel == super::MARKER
}

/// `/etc/shells`: the shells of macOS 11.
pub const SHELLS: &str = "\
# The shells users may have as their login shell (chpass(1), ftpd).

/bin/bash
/bin/csh
/bin/dash
/bin/ksh
/bin/sh
/bin/tcsh
/bin/zsh
";

pub const PASSWD_HEADER: &str = "\
##
# User Database (Calvados prefix)
#
# macOS keeps accounts in Open Directory; in a Calvados prefix this file and
# /etc/group are the database getpwnam(3) and getgrnam(3) read.
##
";

pub const GROUP_HEADER: &str = "\
##
# Group Database (Calvados prefix)
##
";

/// One macOS system account.
pub struct Account {
    pub name: &'static str,
    pub uid: u32,
    pub gid: u32,
    pub gecos: &'static str,
    pub home: &'static str,
    pub shell: &'static str,
}

const fn acct(
    name: &'static str,
    uid: u32,
    gid: u32,
    gecos: &'static str,
    home: &'static str,
) -> Account {
    Account {
        name,
        uid,
        gid,
        gecos,
        home,
        shell: "/usr/bin/false",
    }
}

/// macOS 11's system accounts (Apple's `/etc/passwd`, in its order).
pub const ACCOUNTS: &[Account] = &[
    acct("nobody", NOBODY, NOBODY, "Unprivileged User", "/var/empty"),
    Account {
        name: "root",
        uid: 0,
        gid: 0,
        gecos: "System Administrator",
        home: "/var/root",
        shell: "/bin/sh",
    },
    acct("daemon", 1, 1, "System Services", "/var/root"),
    Account {
        name: "_uucp",
        uid: 4,
        gid: 4,
        gecos: "Unix to Unix Copy Protocol",
        home: "/var/spool/uucp",
        shell: "/usr/sbin/uucico",
    },
    acct("_taskgated", 13, 13, "Task Gate Daemon", "/var/empty"),
    acct("_networkd", 24, 24, "Network Services", "/var/networkd"),
    acct(
        "_installassistant",
        25,
        25,
        "Install Assistant",
        "/var/empty",
    ),
    acct("_lp", 26, 26, "Printing Services", "/var/spool/cups"),
    acct(
        "_postfix",
        27,
        27,
        "Postfix Mail Server",
        "/var/spool/postfix",
    ),
    acct(
        "_scsd",
        31,
        31,
        "Service Configuration Service",
        "/var/empty",
    ),
    acct(
        "_ces",
        32,
        32,
        "Certificate Enrollment Service",
        "/var/empty",
    ),
    acct(
        "_appstore",
        33,
        33,
        "Mac App Store Service",
        "/var/db/appstore",
    ),
    acct("_mcxalr", 54, 54, "MCX AppLaunch", "/var/empty"),
    acct("_appleevents", 55, 55, "AppleEvents Daemon", "/var/empty"),
    acct("_geod", 56, 56, "Geo Services Daemon", "/var/db/geod"),
    acct("_devdocs", 59, 59, "Developer Documentation", "/var/empty"),
    acct("_sandbox", 60, 60, "Seatbelt", "/var/empty"),
    acct("_mdnsresponder", 65, 65, "mDNSResponder", "/var/empty"),
    acct("_ard", 67, 67, "Apple Remote Desktop", "/var/empty"),
    acct(
        "_www",
        70,
        70,
        "World Wide Web Server",
        "/Library/WebServer",
    ),
    acct("_eppc", 71, 71, "Apple Events User", "/var/empty"),
    acct("_cvs", 72, 72, "CVS Server", "/var/empty"),
    acct("_svn", 73, 73, "SVN Server", "/var/empty"),
    acct("_mysql", 74, 74, "MySQL Server", "/var/empty"),
    acct("_sshd", 75, 75, "sshd Privilege separation", "/var/empty"),
    acct("_qtss", 76, 76, "QuickTime Streaming Server", "/var/empty"),
    acct("_cyrus", 77, 6, "Cyrus Administrator", "/var/imap"),
    acct("_mailman", 78, 78, "Mailman List Server", "/var/empty"),
    acct("_appserver", 79, 79, "Application Server", "/var/empty"),
    acct("_clamav", 82, 82, "ClamAV Daemon", "/var/virusmails"),
    acct("_amavisd", 83, 83, "AMaViS Daemon", "/var/virusmails"),
    acct("_jabber", 84, 84, "Jabber XMPP Server", "/var/empty"),
    acct("_appowner", 87, 87, "Application Owner", "/var/empty"),
    acct("_windowserver", 88, 88, "WindowServer", "/var/empty"),
    acct("_spotlight", 89, 89, "Spotlight", "/var/empty"),
    acct("_tokend", 91, 91, "Token Daemon", "/var/empty"),
    acct(
        "_securityagent",
        92,
        92,
        "SecurityAgent",
        "/var/db/securityagent",
    ),
    acct("_calendar", 93, 93, "Calendar", "/var/empty"),
    acct("_teamsserver", 94, 94, "TeamsServer", "/var/teamsserver"),
    acct(
        "_update_sharing",
        95,
        NOBODY,
        "Update Sharing",
        "/var/empty",
    ),
    acct("_installer", 96, NOBODY, "Installer", "/var/empty"),
    acct("_atsserver", 97, 97, "ATS Server", "/var/empty"),
    acct("_ftp", 98, NOBODY, "FTP Daemon", "/var/empty"),
    acct("_unknown", 99, 99, "Unknown User", "/var/empty"),
    acct(
        "_softwareupdate",
        200,
        200,
        "Software Update Service",
        "/var/db/softwareupdate",
    ),
    acct("_coreaudiod", 202, 202, "Core Audio Daemon", "/var/empty"),
    acct("_screensaver", 203, 203, "Screensaver", "/var/empty"),
    acct(
        "_locationd",
        205,
        205,
        "Location Daemon",
        "/var/db/locationd",
    ),
    acct(
        "_trustevaluationagent",
        208,
        208,
        "Trust Evaluation Agent",
        "/var/empty",
    ),
    acct("_timezone", 210, 210, "AutoTimeZoneDaemon", "/var/empty"),
    acct("_lda", 211, 211, "Local Delivery Agent", "/var/empty"),
    acct("_cvmsroot", 212, 212, "CVMS Root", "/var/empty"),
    acct(
        "_usbmuxd",
        213,
        213,
        "iPhone OS Device Helper",
        "/var/db/lockdown",
    ),
    acct("_dovecot", 214, 6, "Dovecot Administrator", "/var/empty"),
    acct("_dpaudio", 215, 215, "DP Audio", "/var/empty"),
    acct("_postgres", 216, 216, "PostgreSQL Server", "/var/empty"),
    acct(
        "_krbtgt",
        217,
        NOBODY,
        "Kerberos Ticket Granting Ticket",
        "/var/empty",
    ),
    acct(
        "_kadmin_admin",
        218,
        NOBODY,
        "Kerberos Admin Service",
        "/var/empty",
    ),
    acct(
        "_kadmin_changepw",
        219,
        NOBODY,
        "Kerberos Change Password Service",
        "/var/empty",
    ),
    acct(
        "_devicemgr",
        220,
        220,
        "Device Management Server",
        "/var/empty",
    ),
    acct("_webauthserver", 221, 221, "Web Auth Server", "/var/empty"),
    acct("_netbios", 222, 222, "NetBIOS", "/var/empty"),
    acct("_warmd", 224, 224, "Warm Daemon", "/var/empty"),
    acct(
        "_dovenull",
        227,
        227,
        "Dovecot Authentication",
        "/var/empty",
    ),
    acct(
        "_netstatistics",
        228,
        228,
        "Network Statistics Daemon",
        "/var/empty",
    ),
    acct(
        "_avbdeviced",
        229,
        NOBODY,
        "Ethernet AVB Device Daemon",
        "/var/empty",
    ),
    acct(
        "_krb_krbtgt",
        230,
        NOBODY,
        "Open Directory Kerberos Ticket Granting Ticket",
        "/var/empty",
    ),
    acct(
        "_krb_kadmin",
        231,
        NOBODY,
        "Open Directory Kerberos Admin Service",
        "/var/empty",
    ),
    acct(
        "_krb_changepw",
        232,
        NOBODY,
        "Open Directory Kerberos Change Password Service",
        "/var/empty",
    ),
    acct(
        "_krb_kerberos",
        233,
        NOBODY,
        "Open Directory Kerberos",
        "/var/empty",
    ),
    acct(
        "_krb_anonymous",
        234,
        NOBODY,
        "Open Directory Kerberos Anonymous",
        "/var/empty",
    ),
    acct("_assetcache", 235, 235, "Asset Cache Service", "/var/empty"),
    acct(
        "_coremediaiod",
        236,
        236,
        "Core Media IO Daemon",
        "/var/empty",
    ),
    acct(
        "_launchservicesd",
        239,
        239,
        "_launchservicesd",
        "/var/empty",
    ),
    acct("_iconservices", 240, 240, "IconServices", "/var/empty"),
    acct("_distnote", 241, 241, "DistNote", "/var/empty"),
    acct(
        "_nsurlsessiond",
        242,
        242,
        "NSURLSession Daemon",
        "/var/db/nsurlsessiond",
    ),
    acct(
        "_displaypolicyd",
        244,
        244,
        "Display Policy Daemon",
        "/var/empty",
    ),
    acct("_astris", 245, 245, "Astris Services", "/var/db/astris"),
    acct(
        "_krbfast",
        246,
        NOBODY,
        "Kerberos FAST Account",
        "/var/empty",
    ),
    acct(
        "_gamecontrollerd",
        247,
        247,
        "Game Controller Daemon",
        "/var/empty",
    ),
    Account {
        name: "_mbsetupuser",
        uid: 248,
        gid: 248,
        gecos: "Setup User",
        home: "/var/setup",
        shell: "/bin/bash",
    },
    acct(
        "_ondemand",
        249,
        249,
        "On Demand Resource Daemon",
        "/var/db/ondemand",
    ),
    acct(
        "_xserverdocs",
        251,
        251,
        "macOS Server Documents Service",
        "/var/empty",
    ),
    acct("_wwwproxy", 252, 252, "WWW Proxy", "/var/empty"),
    acct("_mobileasset", 253, 253, "MobileAsset User", "/var/ma"),
    acct(
        "_findmydevice",
        254,
        254,
        "Find My Device Daemon",
        "/var/db/findmydevice",
    ),
    acct(
        "_datadetectors",
        257,
        257,
        "DataDetectors",
        "/var/db/datadetectors",
    ),
    acct("_captiveagent", 258, 258, "captiveagent", "/var/empty"),
    acct("_ctkd", 259, 259, "ctkd Account", "/var/empty"),
    acct(
        "_applepay",
        260,
        260,
        "applepay Account",
        "/var/db/applepay",
    ),
    acct("_hidd", 261, 261, "HID Service User", "/var/db/hidd"),
    acct(
        "_cmiodalassistants",
        262,
        262,
        "CoreMedia IO Assistants User",
        "/var/db/cmiodalassistants",
    ),
    acct(
        "_analyticsd",
        263,
        263,
        "Analytics Daemon",
        "/var/db/analyticsd",
    ),
    acct("_fpsd", 265, 265, "FPS Daemon", "/var/db/fpsd"),
    acct("_timed", 266, 266, "Time Sync Daemon", "/var/db/timed"),
    acct(
        "_nearbyd",
        268,
        268,
        "Proximity and Ranging Daemon",
        "/var/db/nearbyd",
    ),
    acct(
        "_reportmemoryexception",
        269,
        269,
        "ReportMemoryException",
        "/var/db/reportmemoryexception",
    ),
    acct("_driverkit", 270, 270, "DriverKit", "/var/empty"),
    acct(
        "_diskimagesiod",
        271,
        271,
        "DiskImages IO Daemon",
        "/var/db/diskimagesiod",
    ),
    acct("_logd", 272, 272, "Log Daemon", "/var/db/diagnostics"),
    acct(
        "_appinstalld",
        273,
        273,
        "App Install Daemon",
        "/var/db/appinstalld",
    ),
    acct(
        "_installcoordinationd",
        274,
        274,
        "Install Coordination Daemon",
        "/var/db/installcoordinationd",
    ),
    acct("_oahd", 441, 441, "OAH Daemon", "/var/empty"),
];

/// One macOS group: name, gid, members.
pub struct GroupDef {
    pub name: &'static str,
    pub gid: u32,
    pub members: &'static [&'static str],
}

const fn grp(name: &'static str, gid: u32, members: &'static [&'static str]) -> GroupDef {
    GroupDef { name, gid, members }
}

/// macOS 11's groups that are not simply an account's own group (Apple's
/// `/etc/group`, in its order); [`groups`] adds those.
pub const GROUPS: &[GroupDef] = &[
    grp("nobody", NOBODY, &[]),
    grp("nogroup", NOGROUP, &[]),
    grp("wheel", 0, &["root"]),
    grp("daemon", 1, &["root"]),
    grp("kmem", 2, &["root"]),
    grp("sys", 3, &["root"]),
    grp("tty", 4, &["root"]),
    grp("operator", 5, &["root"]),
    grp("mail", 6, &["_teamsserver"]),
    grp("bin", 7, &[]),
    grp("procview", 8, &["root"]),
    grp("procmod", 9, &["root"]),
    grp("owner", 10, &[]),
    grp("everyone", 12, &[]),
    grp("_taskgated", 13, &["_taskgated"]),
    grp("group", 16, &[]),
    grp("staff", 20, &["root"]),
    grp("_networkd", 24, &[]),
    grp("_installassistant", 25, &[]),
    grp("_lp", 26, &[]),
    grp("_postfix", 27, &[]),
    grp("_postdrop", 28, &[]),
    grp(
        "certusers",
        29,
        &[
            "root",
            "_jabber",
            "_postfix",
            "_cyrus",
            "_calendar",
            "_dovecot",
        ],
    ),
    grp("_keytabusers", 30, &["_calendar", "_jabber", "_postfix"]),
    grp("_scsd", 31, &[]),
    grp("_ces", 32, &[]),
    grp("_appstore", 33, &["_appstore"]),
    grp("utmp", 45, &[]),
    grp("authedusers", 50, &[]),
    grp("interactusers", 51, &[]),
    grp("netusers", 52, &[]),
    grp("consoleusers", 53, &[]),
    grp("_mcxalr", 54, &[]),
    grp("_appleevents", 55, &[]),
    grp("_geod", 56, &[]),
    grp("_devdocs", 59, &[]),
    grp("_sandbox", 60, &[]),
    grp("localaccounts", 61, &[]),
    grp("netaccounts", 62, &[]),
    grp("_mdnsresponder", 65, &[]),
    grp("_uucp", 66, &[]),
    grp("_ard", 67, &[]),
    grp("dialer", 68, &[]),
    grp("network", 69, &[]),
    grp("_www", 70, &["_devicemgr", "_teamsserver"]),
    grp("_eppc", 71, &["_eppc"]),
    grp("_cvs", 72, &[]),
    grp("admin", 80, &["root"]),
    grp("_installer", 96, &[]),
    grp("_atsserver", 97, &[]),
    grp("_lpadmin", 98, &[]),
    grp("_unknown", 99, &[]),
    grp("_lpoperator", 100, &[]),
];

/// All system groups: [`GROUPS`], then one group per account whose primary
/// gid is its own uid and which no listed group has (macOS creates those
/// with the account), sorted by gid as in Apple's file.
pub fn groups() -> Vec<(String, u32, Vec<String>)> {
    let mut out: Vec<(String, u32, Vec<String>)> = GROUPS
        .iter()
        .map(|g| {
            (
                g.name.to_string(),
                g.gid,
                g.members.iter().map(|m| m.to_string()).collect(),
            )
        })
        .collect();
    for a in ACCOUNTS {
        if a.gid == a.uid && !out.iter().any(|(n, gid, _)| n == a.name || *gid == a.gid) {
            out.push((a.name.to_string(), a.gid, Vec::new()));
        }
    }
    // Apple's file starts with the two negative ids, then ascending.
    out.sort_by_key(|(_, gid, _)| match *gid {
        NOBODY => (0, 0),
        NOGROUP => (0, 1),
        g => (1, g),
    });
    out
}

pub fn passwd_line(name: &str, uid: u32, gid: u32, gecos: &str, home: &str, shell: &str) -> String {
    format!("{name}:*:{uid}:{gid}:{gecos}:{home}:{shell}\n")
}

pub fn group_line(name: &str, gid: u32, members: &[String]) -> String {
    format!("{name}:*:{gid}:{}\n", members.join(","))
}
