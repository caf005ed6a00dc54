//! `cargo run -p axum-tonic-one-process`, then:
//!   curl -i http://127.0.0.1:3000/orders/1
//!   grpcurl -plaintext -import-path proto -proto orders.proto \
//!       -d '{"id": 1}' 127.0.0.1:3000 orders.v1.Orders/GetOrder

use axum_tonic_one_process::pb::Order;
use axum_tonic_one_process::{Store, serve};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=debug")),
        )
        .init();

    let store = Store::with_orders([Order {
        id: 1,
        item: "keyboard".into(),
        quantity: 2,
    }]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    tracing::info!(addr = %listener.local_addr()?, "serving HTTP and gRPC");
    serve(listener, store, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
