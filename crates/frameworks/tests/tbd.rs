//! The text stubs the framework tests link against
//! (`tests/frameworks/*.tbd`, tbd v4) must list exactly our exports, so a
//! test program links only what Calvados provides. Run with
//! `CALVADOS_WRITE_TBD=1` to rewrite them after adding exports.

use std::path::Path;

fn stub(install_name: &str, mut names: Vec<&str>) -> String {
    names.sort_unstable();
    let mut s =
        String::from("--- !tapi-tbd\ntbd-version:     4\ntargets:         [ x86_64-macos ]\n");
    s.push_str(&format!("install-name:    '{install_name}'\n"));
    s.push_str("exports:\n  - targets:         [ x86_64-macos ]\n    symbols:         [ ");
    s.push_str(&names.join(",\n                       "));
    s.push_str(" ]\n...\n");
    s
}

#[test]
fn stubs_match_exports() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/frameworks");
    let write = std::env::var_os("CALVADOS_WRITE_TBD").is_some();
    for (install, tables) in calvados_frameworks::frameworks() {
        let leaf = install.rsplit('/').next().unwrap();
        let names: Vec<&str> = tables
            .iter()
            .flat_map(|t| t.iter())
            .map(|e| e.name)
            .collect();
        let want = stub(install, names);
        let path = dir.join(format!("{leaf}.tbd"));
        if write {
            std::fs::write(&path, &want).unwrap();
            continue;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is stale: run CALVADOS_WRITE_TBD=1 cargo test -p calvados-frameworks --test tbd",
            path.display()
        );
    }
}
