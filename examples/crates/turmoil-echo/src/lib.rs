//! A line echo protocol. The handler takes any `AsyncRead + AsyncWrite` stream, so production code
//! passes a `tokio::net::TcpStream` and the simulation tests pass a `turmoil::net::TcpStream`.

use tokio::io::{self, AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};

// --8<-- [start:handler]
/// Echoes every line back until the peer closes its side.
pub async fn echo_lines<S>(stream: S) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let (reader, mut writer) = io::split(stream);
    let mut lines = BufReader::new(reader).lines();
    while let Some(line) = lines.next_line().await? {
        writer.write_all(line.as_bytes()).await?;
        writer.write_all(b"\n").await?;
    }
    Ok(())
}
// --8<-- [end:handler]
