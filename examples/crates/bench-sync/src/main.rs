//! Runs the benchmarks in `lib.rs` and prints the results as JSON on stdout (progress on stderr).
//!
//! Reproduce the page's numbers (from `examples/`):
//!
//!     cargo run --release -p bench-sync > ../data/bench/performance.json
//!     python3 ../scripts/perf_chart.py
//!
//! `--quick` runs tiny sizes (a smoke test, not a measurement).

use std::time::{SystemTime, UNIX_EPOCH};

use bench_sync::{
    Counter, expected_mpsc_sum, load_average, median, runtime, time_counter, time_mpsc,
};
use serde_json::{Value, json};

/// Worker threads of the runtime under test: the machine the page quotes has 2 cores.
const WORKERS: usize = 2;
/// Task counts for the counter benchmark: no contention, a little, a lot.
const TASKS: [usize; 3] = [1, 4, 64];
/// Channel capacities; `None` is `unbounded_channel`.
const CAPACITIES: [Option<usize>; 6] = [Some(1), Some(8), Some(64), Some(512), Some(4096), None];
const PRODUCERS: usize = 2;

struct Sizes {
    counter_ops: u64,
    messages: u64,
    runs: usize,
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let sizes = if quick {
        Sizes {
            counter_ops: 4_096,
            messages: 4_096,
            runs: 3,
        }
    } else {
        Sizes {
            counter_ops: 1_000_000,
            messages: 1_000_000,
            runs: 7,
        }
    };
    let load_before = load_average();
    let rt = runtime(WORKERS);

    let mut counter_results = Vec::new();
    for kind in Counter::ALL {
        for tasks in TASKS {
            let iters = sizes.counter_ops / tasks as u64;
            let total_ops = iters * tasks as u64;
            time_counter(&rt, kind, tasks, iters); // warm-up, discarded
            let mut ns_per_op = Vec::new();
            for _ in 0..sizes.runs {
                let (elapsed, total) = time_counter(&rt, kind, tasks, iters);
                assert_eq!(total, total_ops, "{} lost increments", kind.name());
                ns_per_op.push(elapsed.as_nanos() as f64 / total_ops as f64);
            }
            let med = median(&ns_per_op);
            eprintln!(
                "counter {:<22} tasks={tasks:<3} {med:>8.1} ns/op",
                kind.name()
            );
            counter_results.push(json!({
                "kind": kind.name(),
                "tasks": tasks,
                "ops": total_ops,
                "ns_per_op_median": round2(med),
                "ns_per_op_runs": ns_per_op.iter().copied().map(round2).collect::<Vec<_>>(),
            }));
        }
    }

    let mut mpsc_results = Vec::new();
    for capacity in CAPACITIES {
        let expected = expected_mpsc_sum(PRODUCERS, sizes.messages);
        let sent = sizes.messages / PRODUCERS as u64 * PRODUCERS as u64;
        time_mpsc(&rt, capacity, PRODUCERS, sizes.messages); // warm-up, discarded
        let mut per_sec = Vec::new();
        for _ in 0..sizes.runs {
            let (elapsed, sum) = time_mpsc(&rt, capacity, PRODUCERS, sizes.messages);
            assert_eq!(sum, expected, "messages lost");
            per_sec.push(sent as f64 / elapsed.as_secs_f64());
        }
        let med = median(&per_sec);
        let label = capacity.map_or("unbounded".to_string(), |c| c.to_string());
        eprintln!("mpsc capacity={label:<9} {:>8.2} M msg/s", med / 1e6);
        mpsc_results.push(json!({
            "capacity": capacity.map_or(Value::Null, Value::from),
            "label": label,
            "messages": sent,
            "msgs_per_sec_median": med.round(),
            "ns_per_msg_median": round2(1e9 / med),
            "msgs_per_sec_runs": per_sec.iter().map(|v| v.round()).collect::<Vec<_>>(),
        }));
    }

    let report = json!({
        "schema": 1,
        "command": "cargo run --release -p bench-sync > ../data/bench/performance.json",
        "quick": quick,
        "measured_at_unix": SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
        "machine": {
            "logical_cpus": std::thread::available_parallelism().map_or(0, |n| n.get()),
            "cpu_model": cpu_model(),
            "os": std::env::consts::OS,
            "arch": std::env::consts::ARCH,
            // Other processes compete for the same cores; the 1-minute load average before and
            // after the run says how quiet the machine was.
            "load_average_1m_before": load_before,
            "load_average_1m_after": load_average(),
        },
        "build": {
            "profile": if cfg!(debug_assertions) { "debug" } else { "release" },
            "rustc": env!("BENCH_RUSTC_VERSION"),
            "tokio": env!("BENCH_TOKIO_VERSION"),
        },
        "runtime": { "flavor": "multi_thread", "worker_threads": WORKERS },
        "counter": {
            "description": "one shared u64 incremented by `tasks` tasks; total ops split evenly; ns per increment (wall time / ops)",
            "runs": sizes.runs,
            "results": counter_results,
        },
        "mpsc": {
            "description": "`producers` tasks send u64s through one tokio mpsc channel to one consumer task; messages per second",
            "producers": PRODUCERS,
            "runs": sizes.runs,
            "results": mpsc_results,
        },
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("serialize report")
    );
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The CPU model from /proc/cpuinfo on Linux ("unknown" elsewhere).
fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
