//! `cargo run -p line-chat`, then connect two or more clients with `nc 127.0.0.1 7000` and type.
//! Ctrl+C closes every connection (each client reads `BYE`) and exits.

use line_chat::{Config, Hub, serve};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();

    let addr = std::env::var("ADDR").unwrap_or_else(|_| "127.0.0.1:7000".to_owned());
    let listener = TcpListener::bind(&addr).await?;
    tracing::info!(addr = %listener.local_addr()?, "listening");

    let shutdown = CancellationToken::new();
    let on_ctrl_c = shutdown.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    serve(listener, Config::default(), Hub::default(), shutdown).await;
    Ok(())
}
