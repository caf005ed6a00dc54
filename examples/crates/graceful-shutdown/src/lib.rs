//! An axum server and a background job worker that shut down gracefully.
//!
//! The phases, in order, numbered as on the page (see `docs/graceful-shutdown.md`):
//!
//! 1. signal: Ctrl+C, SIGTERM, or one of our own components failing;
//! 2. stop accepting: fail the readiness check (`GET /ready` answers 503) while still serving, for
//!    [`Config::readiness_delay`], so load balancers stop routing new connections here first; then
//! 3. notify: cancel the [`CancellationToken`]: axum stops accepting connections and asks every
//!    open connection to finish its current request and close;
//! 4. drain: the server task ends once every connection has closed, which drops the router and
//!    with it every sender of the job queue, and the worker drains what is queued and exits;
//!    [`TaskTracker::wait`] runs under a deadline: either everything drained, or we abort what is
//!    left;
//! 5. flush telemetry within [`Config::flush_budget`]: a final metrics push, then the
//!    provider's `shutdown()` ([`Telemetry`]); `main` then shuts the runtime down and drops the log
//!    writer's guard last (which writes out every buffered log line);
//! 6. exit code: `main` turns the [`Outcome`] into the process exit code.

use std::future::Future;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{info, warn};

/// Settings for [`run`].
#[derive(Debug, Clone)]
pub struct Config {
    /// How long readiness fails, with the listener still open, before shutdown stops accepting.
    pub readiness_delay: Duration,
    /// How long shutdown may spend draining requests and queued jobs before it gives up.
    pub drain_deadline: Duration,
    /// How long the final metrics push and the telemetry shutdown may take together.
    pub flush_budget: Duration,
    /// Capacity of the job queue between the handlers and the worker.
    pub queue_capacity: usize,
    /// How long the worker spends on one job (a stand-in for real work).
    pub job_duration: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            // Kubernetes sends SIGKILL 30 s after SIGTERM by default. The phases add up to
            // 5 + 15 + 3 s, plus at most 1 s of runtime shutdown and about 1 s for the log
            // guard in `main`: 25 s, leaving headroom.
            readiness_delay: Duration::from_secs(5),
            drain_deadline: Duration::from_secs(15),
            flush_budget: Duration::from_secs(3),
            queue_capacity: 64,
            job_duration: Duration::from_millis(50),
        }
    }
}

/// Counters that a metrics endpoint, a log line or a test can read while the service runs.
#[derive(Debug, Default)]
pub struct Stats {
    /// Requests whose handler has started and whose response is not finished.
    pub in_flight: AtomicUsize,
    /// Jobs the worker has completed.
    pub jobs_done: AtomicUsize,
    /// What `GET /ready` reports: set once the server is up, cleared when shutdown begins.
    pub ready: AtomicBool,
    /// Set when the flush phase finished within its budget and without an error.
    pub telemetry_flushed: AtomicBool,
}

impl Stats {
    /// The counters at one moment, for the final metrics push.
    pub fn snapshot(&self) -> StatsSnapshot {
        StatsSnapshot {
            in_flight: self.in_flight.load(Ordering::SeqCst),
            jobs_done: self.jobs_done.load(Ordering::SeqCst),
        }
    }
}

/// A copy of the counters in [`Stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsSnapshot {
    pub in_flight: usize,
    pub jobs_done: usize,
}

/// How shutdown ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every request and every queued job finished before the deadline.
    Drained,
    /// The deadline passed; the remaining tasks were aborted.
    DeadlineExceeded,
    /// Nobody asked us to stop: a component (the worker) died and took the service down.
    /// The drain itself may have been clean, but the exit must not look like a requested stop.
    ComponentFailed,
}

impl Outcome {
    /// The process exit code: 0 after a clean, requested drain; 1 when work was cut off or a
    /// component failed, so that `Restart=on-failure` and friends see the failure.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Drained => ExitCode::SUCCESS,
            Outcome::DeadlineExceeded | Outcome::ComponentFailed => ExitCode::from(1),
        }
    }
}

// --8<-- [start:signal]
/// Resolves on the first Ctrl+C (SIGINT) or, on Unix, SIGTERM: what `docker stop` and
/// Kubernetes send before they escalate to SIGKILL.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c()
            .await
            .expect("failed to listen for Ctrl+C");
    };

    #[cfg(unix)]
    let terminate = async {
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("failed to install the SIGTERM handler")
            .recv()
            .await;
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => info!("received Ctrl+C, shutting down"),
        () = terminate => info!("received SIGTERM, shutting down"),
    }
}

/// Once shutdown has started, a second Ctrl+C skips the drain and exits at once.
/// Tokio's handler replaced the default "terminate on SIGINT" for the whole process,
/// so without this an impatient operator's Ctrl+C would do nothing.
pub fn exit_on_second_ctrl_c() {
    tokio::spawn(async {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("second Ctrl+C: exiting without waiting for the drain");
            std::process::exit(130); // 128 + SIGINT, what shells report for Ctrl+C
        }
    });
}
// --8<-- [end:signal]

// --8<-- [start:app]
#[derive(Clone)]
struct AppState {
    jobs: mpsc::Sender<String>,
    stats: Arc<Stats>,
}

/// The HTTP routes. Every clone of the router holds a sender of the job queue, so the queue
/// closes only when the server has dropped the router and all of its connections.
pub fn router(jobs: mpsc::Sender<String>, stats: Arc<Stats>) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok\n" }))
        .route("/ready", get(ready))
        .route("/slow/{ms}", get(slow))
        .route("/jobs", post(enqueue))
        .layer(middleware::from_fn_with_state(Arc::clone(&stats), count_in_flight))
        .with_state(AppState { jobs, stats })
}

/// The readiness probe: 200 while the service wants new traffic, 503 from the moment shutdown
/// begins. `/health` (liveness) stays 200 until the process exits: a draining process is alive.
async fn ready(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.stats.ready.load(Ordering::SeqCst) {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "draining\n")
    }
}

/// A request that takes a while: the in-flight work that shutdown must not cut off.
async fn slow(Path(ms): Path<u64>) -> String {
    tokio::time::sleep(Duration::from_millis(ms)).await;
    format!("slept {ms} ms\n")
}

async fn enqueue(State(state): State<AppState>, job: String) -> (StatusCode, &'static str) {
    match state.jobs.send(job).await {
        Ok(()) => (StatusCode::ACCEPTED, "queued\n"),
        // The worker is gone. The job comes back inside the error; we could store it elsewhere.
        Err(mpsc::error::SendError(_job)) => (StatusCode::SERVICE_UNAVAILABLE, "shutting down\n"),
    }
}

/// Middleware keeping `Stats::in_flight` current. The guard decrements on drop, so a request
/// whose future is dropped (client gone, task aborted) is not counted forever.
async fn count_in_flight(State(stats): State<Arc<Stats>>, request: Request, next: Next) -> Response {
    struct Guard(Arc<Stats>);
    impl Drop for Guard {
        fn drop(&mut self) {
            self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
        }
    }
    stats.in_flight.fetch_add(1, Ordering::SeqCst);
    let _guard = Guard(stats);
    next.run(request).await
}
// --8<-- [end:app]

// --8<-- [start:worker]
/// Runs jobs until every sender is gone, then returns. It needs no token: the queue closing is
/// its shutdown signal, and that happens only after the server has finished its last request,
/// so every job a client was told is "queued" gets done.
async fn worker(mut jobs: mpsc::Receiver<String>, stats: Arc<Stats>, job_duration: Duration) {
    while let Some(job) = jobs.recv().await {
        tokio::time::sleep(job_duration).await; // the real work would go here
        tracing::debug!(job, "job done");
        stats.jobs_done.fetch_add(1, Ordering::SeqCst);
    }
    info!("job queue closed and empty; worker exiting");
}
// --8<-- [end:worker]

// --8<-- [start:telemetry]
/// What the flush phase talks to: the shape of an OpenTelemetry SDK provider (a `shutdown()` that
/// exports whatever is still buffered, stops the exporter, and blocks while it does), plus one
/// last push of the service's own counters. The crate does not depend on OpenTelemetry; a real
/// service implements this for a struct holding its tracer and meter providers.
pub trait Telemetry: Send + Sync + 'static {
    /// Reports the counters one last time, after the drain, so the final interval is not lost.
    fn push_final_metrics(&self, snapshot: StatsSnapshot) -> Result<(), String>;
    /// Exports buffered spans and metrics and stops. May block on the network.
    fn shutdown(&self) -> Result<(), String>;
}

/// Telemetry that only logs: what `main` uses when nothing else is configured.
pub struct LogTelemetry;

impl Telemetry for LogTelemetry {
    fn push_final_metrics(&self, snapshot: StatsSnapshot) -> Result<(), String> {
        info!(jobs_done = snapshot.jobs_done, in_flight = snapshot.in_flight, "final metrics");
        Ok(())
    }

    fn shutdown(&self) -> Result<(), String> {
        Ok(())
    }
}
// --8<-- [end:telemetry]

// --8<-- [start:readiness]
/// The start of phase 2: fail readiness, keep serving for `delay`, then return so the caller can
/// close the listener. Connections a load balancer routed here just before it noticed still get
/// answered. A component that dies meanwhile (the token is cancelled) ends the wait at once.
async fn fail_readiness_then_wait(stats: &Stats, token: &CancellationToken, delay: Duration) {
    stats.ready.store(false, Ordering::SeqCst);
    info!(?delay, "readiness is failing; still accepting connections");
    tokio::select! {
        () = tokio::time::sleep(delay) => {}
        () = token.cancelled() => warn!("a component stopped during the readiness delay"),
    }
}
// --8<-- [end:readiness]

// --8<-- [start:flush]
/// Phase 5: flush, within its own budget. The final push goes first, so it counts the work the
/// drain finished; the provider's shutdown goes second, so that push is among what it exports,
/// and it runs even if the push failed. Both may block on the network, so they run on the
/// blocking pool, where a stuck exporter cannot hold a runtime worker. The timeout bounds the
/// phase; a thread still stuck after it is abandoned (`main`'s `shutdown_timeout` bounds the wait
/// for it).
async fn flush(telemetry: Arc<dyn Telemetry>, stats: &Stats, budget: Duration) -> bool {
    let snapshot = stats.snapshot();
    let work = tokio::task::spawn_blocking(move || {
        let pushed = telemetry.push_final_metrics(snapshot);
        let stopped = telemetry.shutdown();
        pushed.and(stopped)
    });
    match tokio::time::timeout(budget, work).await {
        Ok(Ok(Ok(()))) => true,
        Ok(Ok(Err(err))) => {
            warn!(%err, "telemetry flush failed");
            false
        }
        Ok(Err(panicked)) => {
            warn!(%panicked, "telemetry flush panicked");
            false
        }
        Err(_elapsed) => {
            warn!(?budget, "telemetry flush did not finish in time; giving up on it");
            false
        }
    }
}
// --8<-- [end:flush]

// --8<-- [start:run]
/// Serves `listener` until `shutdown` resolves, then fails readiness for
/// `config.readiness_delay`, drains within `config.drain_deadline`, and flushes `telemetry`
/// within `config.flush_budget`.
pub async fn run(
    listener: TcpListener,
    config: Config,
    stats: Arc<Stats>,
    telemetry: Arc<dyn Telemetry>,
    shutdown: impl Future<Output = ()>,
) -> Outcome {
    let token = CancellationToken::new();
    let tracker = TaskTracker::new();
    let (jobs_tx, jobs_rx) = mpsc::channel(config.queue_capacity);

    // The worker. If it ever stops on its own (a bug, a panic), the drop guard cancels the
    // token and the whole service shuts down instead of running half-dead.
    let worker_token = token.clone();
    let worker_stats = Arc::clone(&stats);
    let worker_task = tracker.spawn(async move {
        let _shutdown_if_we_stop = worker_token.drop_guard();
        worker(jobs_rx, worker_stats, config.job_duration).await;
    });

    // The server. On cancellation axum stops accepting, lets each connection finish the
    // request it is serving, and returns once every connection has closed.
    let app = router(jobs_tx, Arc::clone(&stats));
    let server_token = token.clone();
    let server_task = tracker.spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(server_token.cancelled_owned())
            .await
    });

    // Nothing else will be spawned: `wait()` may now return once both tasks have exited.
    tracker.close();
    stats.ready.store(true, Ordering::SeqCst);

    // Phase 1: the signal, from outside or from a failing component.
    let component_failed = tokio::select! {
        () = shutdown => false,
        () = token.cancelled() => {
            warn!("a component stopped unexpectedly");
            true
        }
    };

    // Phase 2 begins: readiness fails first; the listener stays open for the delay. A component
    // failure has already cancelled the token, so there is nothing to wait for.
    if !component_failed {
        fail_readiness_then_wait(&stats, &token, config.readiness_delay).await;
    }
    stats.ready.store(false, Ordering::SeqCst);
    // Nothing but a dying component cancels the token before this point.
    let component_failed = component_failed || token.is_cancelled();

    // Phases 2 and 3: stop accepting and tell everyone.
    token.cancel();
    info!(
        in_flight = stats.in_flight.load(Ordering::SeqCst),
        deadline = ?config.drain_deadline,
        "draining"
    );

    // Phase 4: drain, but not forever.
    let outcome = match tokio::time::timeout(config.drain_deadline, tracker.wait()).await {
        Ok(()) => {
            info!(jobs_done = stats.jobs_done.load(Ordering::SeqCst), "drained");
            if component_failed {
                Outcome::ComponentFailed
            } else {
                Outcome::Drained
            }
        }
        Err(_elapsed) => {
            warn!(
                in_flight = stats.in_flight.load(Ordering::SeqCst),
                "drain deadline passed; aborting what is left"
            );
            server_task.abort();
            worker_task.abort();
            Outcome::DeadlineExceeded
        }
    };

    // Phase 5: flush, after the drain (so the numbers are final) and whatever its outcome.
    // Telemetry lost here is logged, not turned into a failed exit: the work itself is done.
    let flushed = flush(telemetry, &stats, config.flush_budget).await;
    stats.telemetry_flushed.store(flushed, Ordering::SeqCst);
    outcome
}
// --8<-- [end:run]

/// The subscriber `main` installs: formatted lines, filtered by `filter`, written by
/// `tracing_appender`'s background thread to `writer`. Keep the returned guard until the very
/// end: dropping it writes out whatever is still queued (and is the only thing that does).
pub fn log_subscriber<W: std::io::Write + Send + 'static>(
    writer: W,
    filter: tracing_subscriber::EnvFilter,
) -> (impl tracing::Subscriber + Send + Sync + 'static, tracing_appender::non_blocking::WorkerGuard) {
    let (writer, guard) = tracing_appender::non_blocking(writer);
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .finish();
    (subscriber, guard)
}
