//! Loom models. Compiled only with `RUSTFLAGS="--cfg loom"` (see the crate README).
#![cfg(loom)]

use loom::sync::Arc;
use loom::thread;
use loom_counter::{Counter, RacyCounter};

// --8<-- [start:loom-model]
#[test]
fn two_threads_never_lose_an_increment() {
    // loom::model runs the closure once per possible interleaving of the loom atomics
    // and threads inside it, and fails on the first interleaving whose assertion panics.
    loom::model(|| {
        let counter = Arc::new(Counter::new());
        let other = Arc::clone(&counter);

        let handle = thread::spawn(move || other.increment());
        let mine = counter.increment();
        let theirs = handle.join().unwrap();

        // Exactly one of the two calls saw itself as the second hit.
        let mut seen = [mine, theirs];
        seen.sort_unstable();
        assert_eq!(seen, [1, 2]);
        assert_eq!(counter.get(), 2);
    });
}
// --8<-- [end:loom-model]

// --8<-- [start:loom-racy]
#[test]
#[should_panic(expected = "lost update")]
fn loom_finds_the_lost_update() {
    loom::model(|| {
        let counter = Arc::new(RacyCounter::new());
        let other = Arc::clone(&counter);

        let handle = thread::spawn(move || other.increment());
        counter.increment();
        handle.join().unwrap();

        // Holds in most interleavings; loom finds the one where both threads load 0.
        assert_eq!(counter.get(), 2, "lost update");
    });
}
// --8<-- [end:loom-racy]
