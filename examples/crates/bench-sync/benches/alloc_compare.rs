//! System allocator against mimalloc on the same allocation-heavy workload.
//!
//! A process has exactly one global allocator, so the two allocators live in two binaries
//! (`src/bin/alloc-system.rs`, `src/bin/alloc-mimalloc.rs`). This benchmark starts them
//! alternately, 7 rounds of one process each (each process warms up, then times one run), so that
//! whatever else the machine is doing affects both allocators alike, and prints the medians and
//! their ratio as JSON on stdout.
//!
//! `cargo bench -p bench-sync --bench alloc_compare` measures; under `cargo test` it runs one
//! round with tiny sizes, so the benchmark cannot rot.

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use bench_sync::{load_average, median};
use serde_json::{Value, json};

const ROUNDS: usize = 7;

fn run(exe: &str, requests: u64) -> Value {
    let out = Command::new(exe)
        .args(["--requests", &requests.to_string()])
        .output()
        .expect("start the allocator binary");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the binary prints JSON")
}

fn stat(runs: &[f64]) -> Value {
    json!({
        "median": (median(runs) * 10.0).round() / 10.0,
        "runs": runs.iter().map(|v| (v * 10.0).round() / 10.0).collect::<Vec<_>>(),
    })
}

fn main() {
    let measure = std::env::args().any(|a| a == "--bench");
    let (rounds, requests) = if measure { (ROUNDS, 4_000) } else { (1, 20) };
    let binaries = [
        ("system", env!("CARGO_BIN_EXE_alloc-system")),
        ("mimalloc", env!("CARGO_BIN_EXE_alloc-mimalloc")),
    ];
    let load_before = load_average();
    let mut wall = [Vec::new(), Vec::new()];
    let mut cpu = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        // Alternate which allocator goes first, so neither always runs on a warmer machine.
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let report = run(binaries[i].1, requests);
            let first = |key: &str| report[key][0].as_f64();
            wall[i].push(first("wall_ms").expect("one timed run"));
            if let Some(ms) = first("cpu_ms") {
                cpu[i].push(ms);
            }
        }
    }
    let ratio = |v: &[Vec<f64>; 2]| {
        (!v[0].is_empty() && !v[1].is_empty())
            .then(|| (median(&v[0]) / median(&v[1]) * 100.0).round() / 100.0)
    };
    for (i, (name, _)) in binaries.iter().enumerate() {
        eprintln!(
            "{name:<8} wall {:>8.1} ms  CPU {:>8.1} ms  (medians of {rounds})",
            median(&wall[i]),
            if cpu[i].is_empty() {
                f64::NAN
            } else {
                median(&cpu[i])
            }
        );
    }
    let report = json!({
        "command": "cargo bench -p bench-sync --bench alloc_compare",
        "measure": measure,
        "measured_at_unix": SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
        "workload": "bench_sync::alloc_heavy: 64 tasks on a 2-worker runtime, requests handled by handle_request, bodies freed by one writer task",
        "requests_per_run": 64 * requests,
        "rounds": rounds,
        "logical_cpus": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "load_average_1m_before": load_before,
        "load_average_1m_after": load_average(),
        "system": { "wall_ms": stat(&wall[0]), "cpu_ms": if cpu[0].is_empty() { Value::Null } else { stat(&cpu[0]) } },
        "mimalloc": { "wall_ms": stat(&wall[1]), "cpu_ms": if cpu[1].is_empty() { Value::Null } else { stat(&cpu[1]) } },
        "system_over_mimalloc": { "wall": ratio(&wall), "cpu": ratio(&cpu) },
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("serialize")
    );
}
