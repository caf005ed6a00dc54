//! The echo server under turmoil: every host runs in one thread on simulated time, and the network
//! between hosts is under the test's control.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use turmoil::net::{TcpListener, TcpStream};

const PORT: u16 = 7878;

// --8<-- [start:server-host]
/// Registers the echo server as a simulated host named "server".
fn add_server(sim: &mut turmoil::Sim<'_>) {
    sim.host("server", || async {
        let listener = TcpListener::bind((IpAddr::from(Ipv4Addr::UNSPECIFIED), PORT)).await?;
        loop {
            let (stream, _) = listener.accept().await?;
            tokio::spawn(async move {
                let _ = turmoil_echo::echo_lines(stream).await;
            });
        }
    });
}
// --8<-- [end:server-host]

// --8<-- [start:round-trip]
#[test]
fn echoes_a_line_across_a_slow_network() -> turmoil::Result {
    let mut sim = turmoil::Builder::new()
        .min_message_latency(Duration::from_millis(50))
        .max_message_latency(Duration::from_millis(50))
        .build();
    add_server(&mut sim);

    sim.client("client", async {
        let started = tokio::time::Instant::now();
        let stream = TcpStream::connect(("server", PORT)).await?;
        let (reader, mut writer) = stream.into_split();
        writer.write_all(b"hello\n").await?;

        let mut line = String::new();
        BufReader::new(reader).read_line(&mut line).await?;
        assert_eq!(line, "hello\n");
        // Simulated time: the latency is virtual, the test takes milliseconds of real time.
        assert!(started.elapsed() >= Duration::from_millis(100));
        Ok(())
    });

    sim.run()
}
// --8<-- [end:round-trip]

// --8<-- [start:partition]
#[test]
fn a_partition_turns_into_a_client_timeout() -> turmoil::Result {
    let mut sim = turmoil::Builder::new().build();
    add_server(&mut sim);

    sim.client("client", async {
        let stream = TcpStream::connect(("server", PORT)).await?;
        let (reader, mut writer) = stream.into_split();
        let mut reader = BufReader::new(reader);

        // Cut the link in both directions; the next request is never answered.
        turmoil::partition("client", "server");
        writer.write_all(b"anyone there?\n").await?;
        let mut line = String::new();
        let outcome =
            tokio::time::timeout(Duration::from_secs(2), reader.read_line(&mut line)).await;
        assert!(outcome.is_err(), "expected a timeout, got {outcome:?}");
        Ok(())
    });

    sim.run()
}
// --8<-- [end:partition]
