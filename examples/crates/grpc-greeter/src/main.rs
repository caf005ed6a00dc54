//! `cargo run -p grpc-greeter` serves the greeter on 127.0.0.1:50051 until Ctrl-C.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:50051").await?;
    println!("greeter listening on {}", listener.local_addr()?);
    grpc_greeter::serve(listener, async {
        // If installing the handler fails, shut down rather than run unstoppable.
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
