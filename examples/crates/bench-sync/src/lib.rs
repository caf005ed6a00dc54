//! Micro-benchmarks quoted on the performance page.
//!
//! Two questions, both measured on a multi-thread Tokio runtime:
//!
//! 1. What does one increment of a shared counter cost when many tasks hammer it, with a
//!    `std::sync::Mutex`, a `tokio::sync::Mutex`, a sharded set of std mutexes, and an atomic?
//! 2. How many `u64` messages per second does a `tokio::sync::mpsc` channel move, by capacity?
//! 3. How long does an allocation-heavy request loop take with the system allocator and with
//!    mimalloc? The two `alloc-*` binaries in `src/bin/` link the same workload
//!    ([`alloc_heavy`]) with a different `#[global_allocator]` each and report through
//!    [`alloc_run_main`]; `benches/alloc_compare.rs` runs them alternately.
//!
//! The functions here do the work and return a checksum (so the tests can prove that every
//! increment and every message arrived); `main.rs` times them, repeats them and writes JSON.

use std::collections::HashMap;
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

// --8<-- [start:alloc-workload]
/// One request's worth of short-lived allocations: eight header names and values as owned
/// strings, a map built from them, and a rendered body. Nothing here is clever; it is the shape
/// of a typical handler that parses, looks up and formats.
pub fn handle_request(id: u64) -> Vec<u8> {
    let headers: Vec<(String, String)> = (0..8)
        .map(|h| (format!("x-header-{h}"), format!("value-{id}-{h}")))
        .collect();
    let map: HashMap<String, String> = headers.into_iter().collect();
    let mut body = Vec::with_capacity(64);
    for (name, value) in &map {
        body.extend_from_slice(name.as_bytes());
        body.push(b':');
        body.extend_from_slice(value.as_bytes());
        body.push(b'\n');
    }
    body
}

/// `tasks` tasks each handle `requests` requests and send every body to one writer task, which
/// frees it: allocation on one worker thread, free often on the other, as when a handler hands
/// its response to a connection's writer. Returns the number of body bytes the writer saw.
pub async fn alloc_heavy(tasks: usize, requests: u64) -> u64 {
    let (tx, mut rx) = mpsc::channel::<Vec<u8>>(256);
    let writer = tokio::spawn(async move {
        let mut bytes = 0u64;
        while let Some(body) = rx.recv().await {
            bytes += body.len() as u64; // `body` is freed here
        }
        bytes
    });
    let mut set = JoinSet::new();
    for task in 0..tasks as u64 {
        let tx = tx.clone();
        set.spawn(async move {
            for request in 0..requests {
                let body = handle_request(task * requests + request);
                tx.send(body).await.expect("writer alive");
            }
        });
    }
    drop(tx);
    set.join_all().await;
    writer.await.expect("writer task")
}
// --8<-- [end:alloc-workload]

/// The byte count [`alloc_heavy`] must return, computed without the runtime.
pub fn expected_alloc_bytes(tasks: usize, requests: u64) -> u64 {
    (0..tasks as u64 * requests)
        .map(|id| handle_request(id).len() as u64)
        .sum()
}

/// Runs [`alloc_heavy`] on `rt` and returns (wall time, bytes).
pub fn time_alloc(rt: &Runtime, tasks: usize, requests: u64) -> (Duration, u64) {
    rt.block_on(async {
        let start = Instant::now();
        let bytes = alloc_heavy(tasks, requests).await;
        (start.elapsed(), bytes)
    })
}

/// Tasks in the allocator benchmark: many more than the 2 workers, so tasks move between them.
pub const ALLOC_TASKS: usize = 64;

/// The `main` of the `alloc-system` and `alloc-mimalloc` binaries (`src/bin/`): the binary's own
/// `#[global_allocator]` decides what is measured, `allocator` only labels the output.
///
/// Builds a 2-worker runtime, runs [`alloc_heavy`] with 64 tasks once to warm up, then `--runs`
/// times (default 1) with `--requests` requests per task (default 4,000, so 256,000 in total),
/// and prints one JSON object per process on stdout. Each run records wall time and the CPU time
/// that all of the process's threads used ([`process_cpu_time`]): on a machine shared with other
/// jobs, wall time includes the time other processes held the cores, CPU time does not.
/// `benches/alloc_compare.rs` starts the two binaries alternately and compares them.
pub fn alloc_run_main(allocator: &str) {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str, default: u64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map_or(default, |v| v.parse().expect("a number"))
    };
    let requests = flag("--requests", 4_000);
    let runs = flag("--runs", 1);
    let rt = runtime(2);
    let expected = expected_alloc_bytes(ALLOC_TASKS, requests);
    time_alloc(&rt, ALLOC_TASKS, requests); // warm-up, discarded
    let mut wall_ms = Vec::new();
    let mut cpu_ms = Vec::new();
    for _ in 0..runs {
        let cpu_before = process_cpu_time();
        let (elapsed, bytes) = time_alloc(&rt, ALLOC_TASKS, requests);
        let cpu_after = process_cpu_time();
        assert_eq!(bytes, expected, "bodies lost");
        wall_ms.push(elapsed.as_secs_f64() * 1e3);
        if let (Some(before), Some(after)) = (cpu_before, cpu_after) {
            cpu_ms.push(after.saturating_sub(before).as_secs_f64() * 1e3);
        }
    }
    let report = serde_json::json!({
        "allocator": allocator,
        "tasks": ALLOC_TASKS,
        "requests": ALLOC_TASKS as u64 * requests,
        "workers": 2,
        "wall_ms": wall_ms,
        "cpu_ms": cpu_ms,
    });
    println!("{report}");
}

/// The 1-minute load average from /proc/loadavg on Linux (None elsewhere).
pub fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// CPU time used so far by every live thread of this process, summed from the first field of
/// `/proc/self/task/<tid>/schedstat` (nanoseconds on a CPU). None where that file does not exist.
pub fn process_cpu_time() -> Option<Duration> {
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let path = task.ok()?.path().join("schedstat");
        // A thread can exit between the directory listing and the read: skip it.
        let Ok(stat) = std::fs::read_to_string(path) else {
            continue;
        };
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(total))
}
