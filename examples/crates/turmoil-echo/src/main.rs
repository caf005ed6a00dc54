//! The production entry point: the same handler over real TCP.

use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:7878").await?;
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            if let Err(error) = turmoil_echo::echo_lines(stream).await {
                eprintln!("connection failed: {error}");
            }
        });
    }
}
