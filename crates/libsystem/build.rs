//! Compiles the C shims in `csrc/` (variadic entry points such as `printf`
//! that hand a `va_list` to Rust; Rust cannot define C variadics on stable).

fn main() {
    let mut files: Vec<_> = std::fs::read_dir("csrc")
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "c"));
    files.sort();
    println!("cargo:rerun-if-changed=csrc");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    if files.is_empty() {
        return;
    }
    cc::Build::new()
        .files(&files)
        .flag_if_supported("-fvisibility=hidden")
        .warnings(true)
        .opt_level(2)
        .compile("calvados_shims");
}
