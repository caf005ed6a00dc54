//! The same comparison as `src/main.rs`, written as a criterion benchmark, to show the
//! `async_tokio` integration: `b.to_async(&runtime).iter(|| async { ... })`.
//!
//! `cargo bench -p bench-sync` measures; `cargo test -p bench-sync` runs each benchmark once.

// --8<-- [start:criterion]
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn lock_benchmarks(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    let mut group = c.benchmark_group("uncontended lock");
    let std_mutex = std::sync::Mutex::new(0u64);
    let tokio_mutex = tokio::sync::Mutex::new(0u64);
    let (std_ref, tokio_ref) = (&std_mutex, &tokio_mutex);
    group.bench_function("std::sync::Mutex", |b| {
        // `to_async` runs each iteration's future to completion on `rt`.
        b.to_async(&rt)
            .iter(|| async move { *std_ref.lock().unwrap() += 1 })
    });
    group.bench_function("tokio::sync::Mutex", |b| {
        b.to_async(&rt)
            .iter(|| async move { *tokio_ref.lock().await += 1 })
    });
    group.finish();

    let mut group = c.benchmark_group("mpsc 10k messages");
    for capacity in [1usize, 64, 4096] {
        group.bench_with_input(
            BenchmarkId::from_parameter(capacity),
            &capacity,
            |b, &cap| {
                b.to_async(&rt)
                    .iter(|| bench_sync::mpsc_throughput(Some(cap), 1, 10_000))
            },
        );
    }
    group.finish();
}

criterion_group!(benches, lock_benchmarks);
criterion_main!(benches);
// --8<-- [end:criterion]
