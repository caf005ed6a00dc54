//! Records the compiler version and the tokio version from Cargo.lock, so the JSON the benchmark
//! writes says exactly what produced it.

use std::path::Path;
use std::process::Command;

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("-V")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=BENCH_RUSTC_VERSION={version}");

    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let lock = Path::new(&manifest_dir).join("../../Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    let tokio = std::fs::read_to_string(&lock)
        .ok()
        .and_then(|text| {
            let start = text.find("name = \"tokio\"\nversion = \"")?
                + "name = \"tokio\"\nversion = \"".len();
            let len = text[start..].find('"')?;
            Some(text[start..start + len].to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=BENCH_TOKIO_VERSION={tokio}");
    println!("cargo:rerun-if-changed=build.rs");
}
