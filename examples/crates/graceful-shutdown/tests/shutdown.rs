//! Real sockets on 127.0.0.1, a raw HTTP/1.1 client, real time: what an operator would see.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use graceful_shutdown::{Config, Outcome, Stats, run};
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

async fn start(config: Config) -> Harness {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stats = Arc::new(Stats::default());
    let (sigterm, signal) = oneshot::channel::<()>();
    let service = tokio::spawn(run(listener, config, Arc::clone(&stats), async {
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
    let h = start(Config { drain_deadline: deadline, ..Config::default() }).await;

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
    let h = start(Config { drain_deadline: deadline, ..Config::default() }).await;

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
    let h = start(Config { drain_deadline: Duration::from_secs(5), ..Config::default() }).await;
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
        ..Config::default()
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
