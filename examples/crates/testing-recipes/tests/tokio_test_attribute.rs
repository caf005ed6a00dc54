//! What `#[tokio::test]` builds, checked from inside the test.

use std::time::Duration;

use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::time::Instant;

// --8<-- [start:flavors]
// The default: a fresh current-thread runtime per test. Every task you spawn runs on the
// test's own thread, interleaved only at `.await` points.
#[tokio::test]
async fn default_is_current_thread() {
    assert_eq!(Handle::current().runtime_flavor(), RuntimeFlavor::CurrentThread);
}

// Real parallelism, for code that must be Send or that you want to race across threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opt_in_to_worker_threads() {
    assert_eq!(Handle::current().runtime_flavor(), RuntimeFlavor::MultiThread);
    assert_eq!(Handle::current().metrics().num_workers(), 2);
}
// --8<-- [end:flavors]

// --8<-- [start:start-paused]
// Time starts frozen; when every task is waiting, tokio jumps the clock to the next timer.
// This test "waits" an hour and finishes in microseconds of real time.
#[tokio::test(start_paused = true)]
async fn an_hour_passes_instantly() {
    let real = std::time::Instant::now();
    let virtual_start = Instant::now();

    tokio::time::sleep(Duration::from_secs(3600)).await;

    assert_eq!(virtual_start.elapsed(), Duration::from_secs(3600));
    assert!(real.elapsed() < Duration::from_secs(1));
}
// --8<-- [end:start-paused]
