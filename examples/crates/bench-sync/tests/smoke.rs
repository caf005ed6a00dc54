//! Runs every measurement with tiny sizes: each strategy must count every increment and the
//! channel must deliver every message, on the same multi-thread runtime the benchmark uses.

use bench_sync::{
    Counter, expected_alloc_bytes, expected_mpsc_sum, median, runtime, time_alloc, time_counter,
    time_mpsc,
};

#[test]
fn every_counter_strategy_counts_every_increment() {
    let rt = runtime(2);
    for kind in Counter::ALL {
        for tasks in [1, 3, 16] {
            let (_, total) = time_counter(&rt, kind, tasks, 500);
            assert_eq!(total, tasks as u64 * 500, "{}", kind.name());
        }
    }
}

#[test]
fn every_channel_capacity_delivers_every_message() {
    let rt = runtime(2);
    for capacity in [Some(1), Some(8), Some(4096), None] {
        for producers in [1, 2] {
            let (_, sum) = time_mpsc(&rt, capacity, producers, 2_000);
            assert_eq!(
                sum,
                expected_mpsc_sum(producers, 2_000),
                "capacity {capacity:?}"
            );
        }
    }
}

#[test]
fn alloc_workload_delivers_every_body() {
    let rt = runtime(2);
    for tasks in [1, 5, 64] {
        let (_, bytes) = time_alloc(&rt, tasks, 30);
        assert_eq!(bytes, expected_alloc_bytes(tasks, 30), "{tasks} tasks");
    }
}

#[test]
fn process_cpu_time_grows_with_work() {
    let Some(before) = bench_sync::process_cpu_time() else {
        return; // not Linux
    };
    let mut x = 0u64;
    for i in 0..20_000_000u64 {
        x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
    }
    assert!(bench_sync::process_cpu_time().unwrap() > before, "{x}");
}

#[test]
fn median_handles_odd_and_even_samples() {
    assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
    assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
}

#[test]
fn quick_run_prints_valid_json() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bench-sync"))
        .arg("--quick")
        .output()
        .expect("run the benchmark binary");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(
        report["counter"]["results"].as_array().map(Vec::len),
        Some(12)
    );
    assert_eq!(report["mpsc"]["results"].as_array().map(Vec::len), Some(6));
    assert_eq!(report["build"]["tokio"], "1.54.1");
}
