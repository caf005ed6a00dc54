//! The allocation-heavy workload of `bench_sync::alloc_heavy` with the system allocator (glibc
//! malloc on Linux): no `#[global_allocator]`, so Rust uses `std::alloc::System`. The baseline for
//! `alloc-mimalloc.rs`; `benches/alloc_compare.rs` runs both.

fn main() {
    bench_sync::alloc_run_main("system");
}
