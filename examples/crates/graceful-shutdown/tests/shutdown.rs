//! Real sockets on 127.0.0.1, a raw HTTP/1.1 client, real time: what an operator would see.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use graceful_shutdown::{Config, LogTelemetry, Outcome, Stats, StatsSnapshot, Telemetry, run};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// A running service plus the switch that plays the part of SIGTERM.
struct Harness {
    addr: SocketAddr,
    stats: Arc<Stats>,
    sigterm: oneshot::Sender<()>,
    service: JoinHandle<Outcome>,
}

/// The defaults, minus the readiness delay (tests that need one set it): most tests are about
/// what happens after the listener closes.
fn test_config() -> Config {
    Config { readiness_delay: Duration::ZERO, ..Config::default() }
}

async fn start(config: Config) -> Harness {
    start_with(config, Arc::new(LogTelemetry)).await
}

async fn start_with(config: Config, telemetry: Arc<dyn Telemetry>) -> Harness {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stats = Arc::new(Stats::default());
    let (sigterm, signal) = oneshot::channel::<()>();
    let service = tokio::spawn(run(listener, config, Arc::clone(&stats), telemetry, async {
        let _ = signal.await;
    }));
    Harness { addr, stats, sigterm, service }
}

/// One HTTP/1.1 request on a fresh connection; returns the status code and the body.
async fn request(addr: SocketAddr, method: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr).await?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await?;
    let status = raw.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    let body = raw.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default();
    Ok((status, body))
}

/// Polls `condition` every few milliseconds; panics after 5 s.
async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    let give_up = Instant::now() + Duration::from_secs(5);
    while !condition() {
        assert!(Instant::now() < give_up, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

// --8<-- [start:in-flight-test]
#[tokio::test]
async fn in_flight_request_completes_during_shutdown() {
    let deadline = Duration::from_secs(5);
    let h = start(Config { drain_deadline: deadline, ..test_config() }).await;

    // A request that needs 500 ms. Wait until its handler is running.
    let client = tokio::spawn(request(h.addr, "GET", "/slow/500", ""));
    wait_until("the handler runs", || h.stats.in_flight.load(Ordering::SeqCst) == 1).await;

    let started = Instant::now();
    h.sigterm.send(()).unwrap();

    // The request that was in flight when the signal arrived gets its full response...
    let (status, body) = client.await.unwrap().unwrap();
    assert_eq!((status, body.as_str()), (200, "slept 500 ms\n"));

    // ...and shutdown then completes cleanly, well inside its deadline.
    let outcome = h.service.await.unwrap();
    assert_eq!(outcome, Outcome::Drained);
    assert!(started.elapsed() < deadline, "drain took {:?}", started.elapsed());

    // The listener is closed: new connections are refused.
    assert!(TcpStream::connect(h.addr).await.is_err());
}
// --8<-- [end:in-flight-test]

// --8<-- [start:deadline-test]
#[tokio::test]
async fn shutdown_finishes_within_its_deadline() {
    let deadline = Duration::from_millis(300);
    let h = start(Config { drain_deadline: deadline, ..test_config() }).await;

    // This request would take a minute: far longer than the drain deadline.
    let client = tokio::spawn(request(h.addr, "GET", "/slow/60000", ""));
    wait_until("the handler runs", || h.stats.in_flight.load(Ordering::SeqCst) == 1).await;

    let started = Instant::now();
    h.sigterm.send(()).unwrap();
    let outcome = tokio::time::timeout(Duration::from_secs(5), h.service)
        .await
        .expect("run() must return soon after its deadline")
        .unwrap();
    let took = started.elapsed();

    assert_eq!(outcome, Outcome::DeadlineExceeded);
    assert!(took >= deadline, "gave up early, after {took:?}");
    assert!(took < deadline + Duration::from_secs(1), "overran the deadline: {took:?}");
    client.abort();
}
// --8<-- [end:deadline-test]

#[tokio::test]
async fn new_connections_are_refused_while_draining() {
    let h = start(Config { drain_deadline: Duration::from_secs(5), ..test_config() }).await;
    let client = tokio::spawn(request(h.addr, "GET", "/slow/1500", ""));
    wait_until("the handler runs", || h.stats.in_flight.load(Ordering::SeqCst) == 1).await;
    h.sigterm.send(()).unwrap();

    // Shortly after the signal the listening socket is closed, while the old request still runs.
    let give_up = Instant::now() + Duration::from_secs(1);
    loop {
        match TcpStream::connect(h.addr).await {
            Err(_refused) => break,
            Ok(_accepted_before_the_close) => {
                assert!(Instant::now() < give_up, "still accepting 1 s after the signal");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    }
    assert_eq!(h.stats.in_flight.load(Ordering::SeqCst), 1, "the old request should still be in flight");

    let (status, _) = client.await.unwrap().unwrap();
    assert_eq!(status, 200);
    assert_eq!(h.service.await.unwrap(), Outcome::Drained);
}

#[tokio::test]
async fn queued_jobs_are_finished_before_exit() {
    let config = Config {
        drain_deadline: Duration::from_secs(5),
        job_duration: Duration::from_millis(100),
        ..test_config()
    };
    let h = start(config).await;

    for i in 0..5 {
        let (status, _) = request(h.addr, "POST", "/jobs", &format!("job {i}")).await.unwrap();
        assert_eq!(status, 202);
    }
    // At 100 ms a job, most of the five are still queued when the signal arrives.
    h.sigterm.send(()).unwrap();

    assert_eq!(h.service.await.unwrap(), Outcome::Drained);
    assert_eq!(h.stats.jobs_done.load(Ordering::SeqCst), 5);
}

// --8<-- [start:readiness-test]
#[tokio::test]
async fn readiness_fails_before_the_listener_closes() {
    let delay = Duration::from_secs(1);
    let h = start(Config { readiness_delay: delay, ..test_config() }).await;
    wait_until("the server is ready", || h.stats.ready.load(Ordering::SeqCst)).await;
    assert_eq!(request(h.addr, "GET", "/ready", "").await.unwrap().0, 200);

    let started = Instant::now();
    h.sigterm.send(()).unwrap();
    wait_until("readiness fails", || !h.stats.ready.load(Ordering::SeqCst)).await;

    // During the delay: the probe says 503, but new connections are still accepted and served.
    assert_eq!(request(h.addr, "GET", "/ready", "").await.unwrap().0, 503);
    let (status, body) = request(h.addr, "GET", "/slow/10", "").await.unwrap();
    assert_eq!((status, body.as_str()), (200, "slept 10 ms\n"));
    assert!(started.elapsed() < delay, "the checks above took longer than the delay");

    // After it: the port is closed and the service drains as before.
    assert_eq!(h.service.await.unwrap(), Outcome::Drained);
    assert!(started.elapsed() >= delay, "closed the listener before the delay was over");
    assert!(TcpStream::connect(h.addr).await.is_err());
}
// --8<-- [end:readiness-test]

/// Records what the flush phase did, in order, and can be told to hang in `shutdown()`.
#[derive(Default)]
struct RecordingTelemetry {
    calls: std::sync::Mutex<Vec<String>>,
    hang_for: Option<Duration>,
}

impl Telemetry for RecordingTelemetry {
    fn push_final_metrics(&self, snapshot: StatsSnapshot) -> Result<(), String> {
        self.calls.lock().unwrap().push(format!("push jobs_done={}", snapshot.jobs_done));
        Ok(())
    }

    fn shutdown(&self) -> Result<(), String> {
        if let Some(hang) = self.hang_for {
            std::thread::sleep(hang); // an exporter whose collector does not answer
        }
        self.calls.lock().unwrap().push("shutdown".to_owned());
        Ok(())
    }
}

// --8<-- [start:flush-test]
#[tokio::test]
async fn final_metrics_are_pushed_after_the_drain_then_telemetry_shuts_down() {
    let telemetry = Arc::new(RecordingTelemetry::default());
    let config = Config { job_duration: Duration::from_millis(50), ..test_config() };
    let h = start_with(config, telemetry.clone()).await;
    for i in 0..3 {
        assert_eq!(request(h.addr, "POST", "/jobs", &format!("job {i}")).await.unwrap().0, 202);
    }
    h.sigterm.send(()).unwrap(); // the jobs are still queued at this point

    assert_eq!(h.service.await.unwrap(), Outcome::Drained);
    // The push saw all three jobs done: it ran after the drain, and shutdown ran after it.
    assert_eq!(*telemetry.calls.lock().unwrap(), ["push jobs_done=3", "shutdown"]);
    assert!(h.stats.telemetry_flushed.load(Ordering::SeqCst));
}

#[tokio::test]
async fn a_stuck_exporter_is_cut_off_by_the_flush_budget() {
    let budget = Duration::from_millis(200);
    let telemetry = Arc::new(RecordingTelemetry { hang_for: Some(Duration::from_secs(2)), ..Default::default() });
    let h = start_with(Config { flush_budget: budget, ..test_config() }, telemetry.clone()).await;

    let started = Instant::now();
    h.sigterm.send(()).unwrap();
    // The drain itself was clean, so the outcome (and the exit code) still says so...
    assert_eq!(h.service.await.unwrap(), Outcome::Drained);
    // ...but run() returned after the budget, not after the 2 s hang, and reports the lost flush.
    assert!(started.elapsed() < budget + Duration::from_millis(700), "took {:?}", started.elapsed());
    assert!(!h.stats.telemetry_flushed.load(Ordering::SeqCst));
    assert_eq!(*telemetry.calls.lock().unwrap(), ["push jobs_done=0"]);
}
// --8<-- [end:flush-test]

// --8<-- [start:log-guard-test]
/// A writer that is slow (as a file on a busy disk can be) and remembers what it wrote.
#[derive(Clone, Default)]
struct SlowCapture(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for SlowCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::thread::sleep(Duration::from_millis(2));
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn dropping_the_log_guard_writes_every_queued_line() {
    let capture = SlowCapture::default();
    let (subscriber, guard) = graceful_shutdown::log_subscriber(capture.clone(), "info".parse().unwrap());
    tracing::subscriber::with_default(subscriber, || {
        for line in 0..100 {
            tracing::info!(line, "shutting down");
        }
    });
    // Logging returned long ago; at 2 ms a line most of them are still queued.
    let written_before = capture.0.lock().unwrap().iter().filter(|&&b| b == b'\n').count();
    drop(guard); // waits for the log thread to write the rest
    let written_after = capture.0.lock().unwrap().iter().filter(|&&b| b == b'\n').count();
    assert!(written_before < 100, "the writer was expected to lag behind");
    assert_eq!(written_after, 100);
}
// --8<-- [end:log-guard-test]
