//! `cargo run -p graceful-shutdown`, then `curl localhost:3000/slow/8000` and press Ctrl+C while it
//! runs: for 5 s `curl localhost:3000/ready` answers 503 while new requests are still served, then
//! the port closes, the slow request completes, the final metrics are logged, and the process
//! exits 0. Press Ctrl+C twice to exit at once (130).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use graceful_shutdown::{Config, LogTelemetry, Stats, exit_on_second_ctrl_c, log_subscriber, run, shutdown_signal};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

// --8<-- [start:main]
fn main() -> ExitCode {
    // Log lines go to a background thread through a queue. The guard is the only thing that
    // writes out what is still queued when the process ends, so it is created first and
    // dropped last, by hand, after everything that might still log.
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let (subscriber, log_guard) = log_subscriber(std::io::stdout(), filter);
    tracing::subscriber::set_global_default(subscriber).expect("no other subscriber is installed");

    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start the Tokio runtime: {err}");
            return ExitCode::from(2);
        }
    };

    let addr = std::env::var("ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let outcome = runtime.block_on(async {
        let listener = TcpListener::bind(&addr).await?;
        tracing::info!(addr = %listener.local_addr()?, "listening");
        let signal = async {
            shutdown_signal().await;
            exit_on_second_ctrl_c();
        };
        let stats = Arc::new(Stats::default());
        Ok::<_, std::io::Error>(run(listener, Config::default(), stats, Arc::new(LogTelemetry), signal).await)
    });

    // Async tasks still alive (axum's connection tasks after a missed deadline) get no more time:
    // shutting the runtime down drops each one at its next `.await`. The timeout bounds only the
    // wait for blocking threads (spawn_blocking work such as a stuck telemetry exporter, a worker
    // stuck in a long poll), which dropping the runtime would wait for without limit.
    runtime.shutdown_timeout(Duration::from_secs(1));

    let code = match outcome {
        Ok(outcome) => {
            tracing::info!(?outcome, "exiting");
            outcome.exit_code()
        }
        Err(err) => {
            tracing::error!(%err, "cannot listen on {addr}");
            ExitCode::from(2)
        }
    };
    // Last: blocks until the log thread has written every queued line (about 1 s at most).
    drop(log_guard);
    code
}
// --8<-- [end:main]
