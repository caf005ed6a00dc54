//! A property test of async code: proptest drives a plain `fn`, and each case builds its own
//! paused current-thread runtime, so every case is deterministic and independent.

use std::time::Duration;

use proptest::prelude::*;
use testing_recipes::collect_batches;
use tokio::sync::mpsc;

// --8<-- [start:property]
/// Runs one async test case on a fresh current-thread runtime with paused time.
fn block_on_paused<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("runtime")
        .block_on(future)
}

proptest! {
    #[test]
    fn batches_preserve_order_and_respect_max(
        items in proptest::collection::vec(any::<u16>(), 0..200),
        max in 1usize..16,
        gaps_ms in proptest::collection::vec(0u64..30, 0..200),
    ) {
        let batches = block_on_paused(async {
            let (tx, rx) = mpsc::channel(8);
            let producer = {
                let items = items.clone();
                tokio::spawn(async move {
                    for (i, item) in items.into_iter().enumerate() {
                        // Random pauses exercise the linger timeout; with paused time they
                        // cost nothing and happen in the same order on every run.
                        let gap = gaps_ms.get(i).copied().unwrap_or(0);
                        tokio::time::sleep(Duration::from_millis(gap)).await;
                        tx.send(item).await.unwrap();
                    }
                })
            };
            let batches = collect_batches(rx, max, Duration::from_millis(10)).await;
            producer.await.unwrap();
            batches
        });

        prop_assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= max));
        let flattened: Vec<u16> = batches.into_iter().flatten().collect();
        prop_assert_eq!(flattened, items);
    }
}
// --8<-- [end:property]
