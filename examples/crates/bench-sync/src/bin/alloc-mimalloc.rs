//! The same workload as `alloc-system.rs`, with mimalloc as the global allocator. The two files
//! differ only in these lines, so the two binaries differ only in the allocator.

// --8<-- [start:global-allocator]
use mimalloc::MiMalloc;

// Every allocation in this binary (the runtime's, the standard library's, the application's)
// now goes through mimalloc.
#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;
// --8<-- [end:global-allocator]

fn main() {
    bench_sync::alloc_run_main("mimalloc");
}
