//! `cargo run -p graceful-shutdown`, then `curl localhost:3000/slow/5000` and press Ctrl+C while it
//! runs: the request completes, the process exits 0. Press Ctrl+C twice to exit at once (130).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use graceful_shutdown::{Config, Stats, exit_on_second_ctrl_c, run, shutdown_signal};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

// --8<-- [start:main]
fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();

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
        Ok::<_, std::io::Error>(run(listener, Config::default(), Arc::new(Stats::default()), signal).await)
    });

    // Async tasks still alive (axum's connection tasks after a missed deadline) get no more time:
    // shutting the runtime down drops each one at its next `.await`. The timeout bounds only the
    // wait for blocking threads (spawn_blocking work, a worker stuck in a long poll), which
    // dropping the runtime would wait for without limit.
    runtime.shutdown_timeout(Duration::from_secs(1));

    match outcome {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => {
            eprintln!("cannot listen on {addr}: {err}");
            ExitCode::from(2)
        }
    }
}
// --8<-- [end:main]
