//! Install-name resolution: `@rpath`, `@loader_path`, `@executable_path`,
//! absolute names (looked up in the prefix first), leaf names.

use std::path::Path;

/// The macOS root that absolute install names resolve in: `CALVADOS_PREFIX`,
/// else `~/.calvados` when it exists.
pub fn prefix_root() -> Option<String> {
    if let Ok(p) = std::env::var("CALVADOS_PREFIX") {
        if !p.is_empty() {
            return Some(p.trim_end_matches('/').to_string());
        }
    }
    let home = std::env::var("HOME").ok()?;
    let p = format!("{home}/.calvados");
    Path::new(&p).is_dir().then_some(p)
}

/// The darwin system libraries Calvados builds from source (`libc++.1.dylib`,
/// `libz.1.dylib`, ...) live in a macOS-shaped tree next to the binary:
/// `<dir of calvados>/../lib/calvados/darwin` (`target/lib/calvados/darwin`
/// in a build tree). Absolute install names are looked up there after the
/// prefix, so programs find them with or without a prefix.
pub fn runtime_root() -> Option<&'static str> {
    static ROOT: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let exe = std::fs::read_link("/proc/self/exe").ok()?;
        let root = exe.parent()?.parent()?.join("lib/calvados/darwin");
        root.is_dir().then(|| root.to_string_lossy().into_owned())
    })
    .as_deref()
}

/// Directory part of a path ("." when there is none).
pub fn dirname(p: &str) -> &str {
    match p.rfind('/') {
        Some(0) => "/",
        Some(i) => &p[..i],
        None => ".",
    }
}

/// Expands `@loader_path` / `@executable_path` at the start of an `LC_RPATH`.
pub fn expand_rpath(rpath: &str, loader_path: &str, exe_path: &str) -> String {
    if let Some(rest) = rpath.strip_prefix("@loader_path") {
        format!("{}{}", dirname(loader_path), rest)
    } else if let Some(rest) = rpath.strip_prefix("@executable_path") {
        format!("{}{}", dirname(exe_path), rest)
    } else {
        rpath.to_string()
    }
}

/// Every file path `name` may refer to, in the order dyld would try them.
/// `rpaths` are the expanded rpaths of the requesting image and of every
/// image that caused it to load.
pub fn candidates(name: &str, loader_path: &str, exe_path: &str, rpaths: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(rest) = name.strip_prefix("@rpath/") {
        for rp in rpaths {
            out.push(format!("{}/{}", rp.trim_end_matches('/'), rest));
        }
    } else if let Some(rest) = name.strip_prefix("@loader_path/") {
        out.push(format!("{}/{}", dirname(loader_path), rest));
    } else if let Some(rest) = name.strip_prefix("@executable_path/") {
        out.push(format!("{}/{}", dirname(exe_path), rest));
    } else if name.starts_with('/') {
        if let Some(root) = prefix_root() {
            out.push(format!("{root}{name}"));
        }
        if let Some(root) = runtime_root() {
            out.push(format!("{root}{name}"));
        }
        out.push(name.to_string());
    } else {
        let leaf = !name.contains('/');
        if leaf {
            if let Ok(dirs) = std::env::var("DYLD_LIBRARY_PATH") {
                for d in dirs.split(':').filter(|d| !d.is_empty()) {
                    out.push(format!("{d}/{name}"));
                }
            }
        }
        out.push(name.to_string());
        if leaf {
            let fallback = std::env::var("DYLD_FALLBACK_LIBRARY_PATH")
                .unwrap_or_else(|_| "/usr/local/lib:/usr/lib".to_string());
            let root = prefix_root().unwrap_or_default();
            for d in fallback.split(':').filter(|d| !d.is_empty()) {
                out.push(format!("{root}{d}/{name}"));
            }
        }
    }
    out
}

/// Makes `p` absolute against the current directory, without resolving links.
pub fn absolute(p: &str) -> String {
    if p.starts_with('/') {
        return p.to_string();
    }
    match std::env::current_dir() {
        Ok(cwd) => {
            let rel = p.strip_prefix("./").unwrap_or(p);
            format!("{}/{}", cwd.display(), rel)
        }
        Err(_) => p.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rpath_expansion() {
        assert_eq!(
            expand_rpath("@loader_path/../lib", "/a/b/prog", "/x/y"),
            "/a/b/../lib"
        );
        assert_eq!(
            expand_rpath("@executable_path", "/a/b/lib.dylib", "/x/y"),
            "/x"
        );
        let c = candidates(
            "@rpath/libz.dylib",
            "/a/p",
            "/a/p",
            &["/r1".into(), "/r2/".into()],
        );
        assert_eq!(c, vec!["/r1/libz.dylib", "/r2/libz.dylib"]);
        assert_eq!(
            candidates("@loader_path/l.dylib", "/a/b/m", "/e/x", &[]),
            vec!["/a/b/l.dylib"]
        );
        assert_eq!(dirname("prog"), ".");
        assert_eq!(dirname("/prog"), "/");
    }
}
