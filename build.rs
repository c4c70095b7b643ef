//! Embeds every rule file under `rules/` into the binary.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    if let Ok(packs) = fs::read_dir(&root) {
        for pack in packs.flatten() {
            let pack_path = pack.path();
            println!("cargo:rerun-if-changed={}", pack_path.display());
            if !pack_path.is_dir() {
                continue;
            }
            if let Ok(rules) = fs::read_dir(&pack_path) {
                for rule in rules.flatten() {
                    let p = rule.path();
                    if matches!(p.extension().and_then(|e| e.to_str()), Some("yml" | "yaml")) {
                        files.push(p);
                    }
                }
            }
        }
    }
    files.sort();
    let mut out = String::from("/// Every file under `rules/`: (pack/file, contents).\n");
    out.push_str("static BUILTIN_RULES: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f
            .strip_prefix(&root)
            .expect("under rules/")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write");
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("builtin_rules.rs");
    fs::write(dest, out).expect("write builtin_rules.rs");
}
