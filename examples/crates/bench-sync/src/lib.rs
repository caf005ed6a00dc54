//! Micro-benchmarks quoted on the performance page.
//!
//! Two questions, both measured on a multi-thread Tokio runtime:
//!
//! 1. What does one increment of a shared counter cost when many tasks hammer it, with a
//!    `std::sync::Mutex`, a `tokio::sync::Mutex`, a sharded set of std mutexes, and an atomic?
//! 2. How many `u64` messages per second does a `tokio::sync::mpsc` channel move, by capacity?
//!
//! The functions here do the work and return a checksum (so the tests can prove that every
//! increment and every message arrived); `main.rs` times them, repeats them and writes JSON.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// The shared-counter strategies being compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counter {
    StdMutex,
    TokioMutex,
    ShardedStdMutex,
    Atomic,
}

impl Counter {
    pub const ALL: [Counter; 4] = [
        Counter::StdMutex,
        Counter::TokioMutex,
        Counter::ShardedStdMutex,
        Counter::Atomic,
    ];

    /// Stable name used as the key in the JSON output and the chart legend.
    pub fn name(self) -> &'static str {
        match self {
            Counter::StdMutex => "std::sync::Mutex",
            Counter::TokioMutex => "tokio::sync::Mutex",
            Counter::ShardedStdMutex => "sharded std Mutex (8)",
            Counter::Atomic => "AtomicU64",
        }
    }
}

/// A multi-thread runtime with a fixed number of workers, built the same way for every run.
pub fn runtime(workers: usize) -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .expect("build the benchmark runtime")
}

// --8<-- [start:std-mutex]
/// `tasks` tasks each add 1 to one shared counter `iters` times, locking a std Mutex.
/// The guard lives for one statement and is never held across an `.await`.
pub async fn std_mutex_counter(tasks: usize, iters: u64) -> u64 {
    let counter = Arc::new(std::sync::Mutex::new(0u64));
    let mut set = JoinSet::new();
    for _ in 0..tasks {
        let counter = Arc::clone(&counter);
        set.spawn(async move {
            for _ in 0..iters {
                *counter.lock().unwrap() += 1;
            }
        });
    }
    set.join_all().await;
    *counter.lock().unwrap()
}
// --8<-- [end:std-mutex]

// --8<-- [start:tokio-mutex]
/// The same work with `tokio::sync::Mutex`: every `lock()` is an `.await` on a fair (FIFO)
/// semaphore, and each acquisition also spends one unit of the task's coop budget.
pub async fn tokio_mutex_counter(tasks: usize, iters: u64) -> u64 {
    let counter = Arc::new(tokio::sync::Mutex::new(0u64));
    let mut set = JoinSet::new();
    for _ in 0..tasks {
        let counter = Arc::clone(&counter);
        set.spawn(async move {
            for _ in 0..iters {
                *counter.lock().await += 1;
            }
        });
    }
    set.join_all().await;
    *counter.lock().await
}
// --8<-- [end:tokio-mutex]

// --8<-- [start:sharded]
/// One std Mutex per shard, each on its own cache line, so two workers incrementing
/// different shards do not fight over the same lock or the same line.
#[repr(align(128))]
struct Shard(std::sync::Mutex<u64>);

pub const SHARDS: usize = 8;

pub async fn sharded_counter(tasks: usize, iters: u64) -> u64 {
    let shards: Arc<Vec<Shard>> = Arc::new(
        (0..SHARDS)
            .map(|_| Shard(std::sync::Mutex::new(0)))
            .collect(),
    );
    let mut set = JoinSet::new();
    for task in 0..tasks {
        let shards = Arc::clone(&shards);
        set.spawn(async move {
            // A real service picks the shard from a key hash; the task index stands in for it.
            let shard = &shards[task % SHARDS];
            for _ in 0..iters {
                *shard.0.lock().unwrap() += 1;
            }
        });
    }
    set.join_all().await;
    shards.iter().map(|s| *s.0.lock().unwrap()).sum()
}
// --8<-- [end:sharded]

/// One `AtomicU64` shared by every task: no lock, but still one contended cache line.
pub async fn atomic_counter(tasks: usize, iters: u64) -> u64 {
    let counter = Arc::new(AtomicU64::new(0));
    let mut set = JoinSet::new();
    for _ in 0..tasks {
        let counter = Arc::clone(&counter);
        set.spawn(async move {
            for _ in 0..iters {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
    set.join_all().await;
    counter.load(Ordering::Relaxed)
}

/// Runs one counter strategy on `rt` and returns (wall time, final count).
///
/// The tasks are spawned from the `block_on` thread, which is not a worker, so they land in the
/// runtime's global queue and both workers pick them up: the work is spread evenly. (Tasks woken
/// from inside a worker would go to that worker's LIFO slot and local queue instead.)
pub fn time_counter(rt: &Runtime, kind: Counter, tasks: usize, iters: u64) -> (Duration, u64) {
    rt.block_on(async {
        let start = Instant::now();
        let total = match kind {
            Counter::StdMutex => std_mutex_counter(tasks, iters).await,
            Counter::TokioMutex => tokio_mutex_counter(tasks, iters).await,
            Counter::ShardedStdMutex => sharded_counter(tasks, iters).await,
            Counter::Atomic => atomic_counter(tasks, iters).await,
        };
        (start.elapsed(), total)
    })
}

// --8<-- [start:mpsc]
/// `producers` tasks send `messages` numbers in total through one `tokio::sync::mpsc` channel
/// (bounded with `capacity`, or unbounded for `None`); one consumer task sums them.
pub async fn mpsc_throughput(capacity: Option<usize>, producers: usize, messages: u64) -> u64 {
    let per_producer = messages / producers as u64;
    let mut set = JoinSet::new();
    let consumer = match capacity {
        Some(capacity) => {
            let (tx, mut rx) = mpsc::channel::<u64>(capacity);
            for _ in 0..producers {
                let tx = tx.clone();
                set.spawn(async move {
                    for i in 0..per_producer {
                        tx.send(i).await.expect("consumer alive");
                    }
                });
            }
            drop(tx); // the consumer's loop ends when the last producer finishes
            tokio::spawn(async move {
                let mut sum = 0u64;
                while let Some(v) = rx.recv().await {
                    sum += v;
                }
                sum
            })
        }
        None => {
            let (tx, mut rx) = mpsc::unbounded_channel::<u64>();
            for _ in 0..producers {
                let tx = tx.clone();
                set.spawn(async move {
                    for i in 0..per_producer {
                        tx.send(i).expect("consumer alive");
                    }
                });
            }
            drop(tx);
            tokio::spawn(async move {
                let mut sum = 0u64;
                while let Some(v) = rx.recv().await {
                    sum += v;
                }
                sum
            })
        }
    };
    set.join_all().await;
    consumer.await.expect("consumer task")
}
// --8<-- [end:mpsc]

/// Runs one channel configuration on `rt` and returns (wall time, sum received).
pub fn time_mpsc(
    rt: &Runtime,
    capacity: Option<usize>,
    producers: usize,
    messages: u64,
) -> (Duration, u64) {
    rt.block_on(async {
        let start = Instant::now();
        let sum = mpsc_throughput(capacity, producers, messages).await;
        (start.elapsed(), sum)
    })
}

/// The sum `mpsc_throughput` must return: every producer sends 0..per_producer.
pub fn expected_mpsc_sum(producers: usize, messages: u64) -> u64 {
    let n = messages / producers as u64;
    producers as u64 * (n * n.saturating_sub(1) / 2)
}

/// Median of a non-empty sample (the mean of the middle two for an even count).
pub fn median(samples: &[f64]) -> f64 {
    assert!(!samples.is_empty(), "median of an empty sample");
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}
