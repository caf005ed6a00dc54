//! A hit counter shared between threads, written so that loom can model-check it.
//!
//! The only loom-specific code is the import switch below: under `--cfg loom` the atomics come from
//! `loom::sync::atomic`, which records every access so loom can explore all interleavings.

// --8<-- [start:imports]
#[cfg(loom)]
use loom::sync::atomic::{AtomicUsize, Ordering};
#[cfg(not(loom))]
use std::sync::atomic::{AtomicUsize, Ordering};
// --8<-- [end:imports]

// --8<-- [start:counter]
/// Counts hits from many threads; `increment` returns the count including this hit.
#[derive(Debug)]
pub struct Counter {
    hits: AtomicUsize,
}

impl Counter {
    pub fn new() -> Self {
        Self { hits: AtomicUsize::new(0) }
    }

    /// One atomic read-modify-write: no update can be lost.
    pub fn increment(&self) -> usize {
        self.hits.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub fn get(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }
}
// --8<-- [end:counter]

impl Default for Counter {
    fn default() -> Self {
        Self::new()
    }
}

// --8<-- [start:racy]
/// The classic bug: a load and a store are two operations, so two threads can both read `n` and
/// both write `n + 1`. Each operation is atomic; the pair is not.
#[derive(Debug)]
pub struct RacyCounter {
    hits: AtomicUsize,
}

impl RacyCounter {
    pub fn new() -> Self {
        Self { hits: AtomicUsize::new(0) }
    }

    pub fn increment(&self) {
        let n = self.hits.load(Ordering::Relaxed);
        self.hits.store(n + 1, Ordering::Relaxed);
    }

    pub fn get(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }
}
// --8<-- [end:racy]

impl Default for RacyCounter {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::Counter;
    use std::sync::Arc;
    use std::thread;

    // --8<-- [start:std-test]
    /// An ordinary test: it runs the threads once, in whatever order the OS picks. It passes here,
    /// and it would usually pass for `RacyCounter` too, which is why the loom model exists.
    #[test]
    fn counts_every_hit_with_std_threads() {
        let counter = Arc::new(Counter::new());
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let counter = Arc::clone(&counter);
                thread::spawn(move || {
                    for _ in 0..1_000 {
                        counter.increment();
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
        assert_eq!(counter.get(), 4_000);
    }
    // --8<-- [end:std-test]
}
