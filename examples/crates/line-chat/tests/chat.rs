//! Real sockets on 127.0.0.1 and real time: what a client of the chat server sees.

use std::net::SocketAddr;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use line_chat::{Config, Hub, serve};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio::time::{Instant, timeout};
use tokio_util::codec::{Framed, LinesCodec};
use tokio_util::sync::CancellationToken;

/// A running server and the token that stops it.
struct Server {
    addr: SocketAddr,
    hub: Hub,
    shutdown: CancellationToken,
    task: JoinHandle<()>,
}

async fn start(config: Config) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (hub, shutdown) = (Hub::default(), CancellationToken::new());
    let task = tokio::spawn(serve(listener, config, hub.clone(), shutdown.clone()));
    Server { addr, hub, shutdown, task }
}

impl Server {
    /// Cancels the token and checks that `serve` returns promptly.
    async fn stop(self) {
        self.shutdown.cancel();
        timeout(Duration::from_secs(5), self.task)
            .await
            .expect("serve did not return within 5 s of the cancel")
            .unwrap();
    }
}

/// A client that speaks lines; every read gives up after 5 s so a bug fails instead of hanging.
struct Client {
    lines: Framed<TcpStream, LinesCodec>,
}

impl Client {
    async fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).await.unwrap();
        Client { lines: Framed::new(stream, LinesCodec::new()) }
    }

    /// Connects and reads the greeting; returns the client and the id the server gave it.
    async fn join(addr: SocketAddr) -> (Client, u64) {
        let mut client = Client::connect(addr).await;
        let welcome = client.recv().await.expect("no greeting");
        let id = welcome.strip_prefix("WELCOME ").expect("not a greeting").parse().unwrap();
        (client, id)
    }

    async fn send(&mut self, line: &str) {
        self.lines.send(line).await.unwrap();
    }

    /// The next line, or `None` at end-of-stream.
    async fn recv(&mut self) -> Option<String> {
        let next = timeout(Duration::from_secs(5), self.lines.next()).await;
        next.expect("no line within 5 s").map(|line| line.unwrap())
    }
}

// --8<-- [start:broadcast-test]
#[tokio::test]
async fn a_line_reaches_every_other_client_but_not_its_sender() {
    let server = start(Config::default()).await;
    let (mut ada, ada_id) = Client::join(server.addr).await;
    let (mut bob, bob_id) = Client::join(server.addr).await;
    let (mut cy, _) = Client::join(server.addr).await;

    ada.send("hello").await;
    assert_eq!(bob.recv().await.unwrap(), format!("{ada_id}: hello"));
    assert_eq!(cy.recv().await.unwrap(), format!("{ada_id}: hello"));

    // Ada's next line is Bob's, so her own "hello" was not echoed back to her.
    bob.send("hi all").await;
    assert_eq!(ada.recv().await.unwrap(), format!("{bob_id}: hi all"));
    assert_eq!(cy.recv().await.unwrap(), format!("{bob_id}: hi all"));

    // A clean close: every client reads the goodbye, then end-of-stream.
    server.stop().await;
    for client in [&mut ada, &mut bob, &mut cy] {
        assert_eq!(client.recv().await.as_deref(), Some("BYE"));
        assert_eq!(client.recv().await, None);
    }
}
// --8<-- [end:broadcast-test]

// --8<-- [start:line-limit-test]
#[tokio::test]
async fn an_over_long_line_is_refused_and_the_connection_survives() {
    let server = start(Config { max_line_len: 16, ..Config::default() }).await;
    let (mut ada, ada_id) = Client::join(server.addr).await;
    let (mut bob, _) = Client::join(server.addr).await;

    // 100 KB without a newline, then the newline: far more than one read of the server's buffer.
    let huge = "x".repeat(100_000);
    ada.send(&huge).await;
    assert_eq!(ada.recv().await.unwrap(), "ERR line too long (max 16 bytes)");

    // The limit is inclusive, and the connection still works after the refusal.
    ada.send("0123456789abcdef").await;
    // Bob's first message is this one: nothing of the long line was broadcast.
    assert_eq!(bob.recv().await.unwrap(), format!("{ada_id}: 0123456789abcdef"));

    // Invalid UTF-8 is refused the same way, and the line after it gets through.
    ada.lines.get_mut().write_all(b"\xff\xfe\nstill here\n").await.unwrap();
    assert_eq!(ada.recv().await.unwrap(), "ERR not UTF-8");
    assert_eq!(bob.recv().await.unwrap(), format!("{ada_id}: still here"));

    server.stop().await;
}
// --8<-- [end:line-limit-test]

// --8<-- [start:connection-limit-test]
#[tokio::test]
async fn clients_over_the_limit_are_turned_away_until_a_slot_frees() {
    let server = start(Config { max_connections: 2, ..Config::default() }).await;
    let (ada, _) = Client::join(server.addr).await;
    let (_bob, _) = Client::join(server.addr).await;

    let mut cy = Client::connect(server.addr).await;
    assert_eq!(cy.recv().await.as_deref(), Some("ERR server full"));
    assert_eq!(cy.recv().await, None, "a refused client is disconnected");

    // Ada leaves; her permit is released when her connection task ends. Until the server has
    // noticed, a new client is still refused, so retry for a while.
    drop(ada);
    let give_up = Instant::now() + Duration::from_secs(5);
    let dan = loop {
        let mut dan = Client::connect(server.addr).await;
        match dan.recv().await.as_deref() {
            Some(greeting) if greeting.starts_with("WELCOME ") => break dan,
            Some("ERR server full") => {
                assert!(Instant::now() < give_up, "the slot was never released");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            other => panic!("unexpected reply {other:?}"),
        }
    };
    assert_eq!(server.hub.len(), 2);
    drop(dan);
    server.stop().await;
}
// --8<-- [end:connection-limit-test]

#[tokio::test]
async fn a_client_that_leaves_is_removed_from_the_hub() {
    let server = start(Config::default()).await;
    let (ada, _) = Client::join(server.addr).await;
    let (mut bob, bob_id) = Client::join(server.addr).await;
    assert_eq!(server.hub.len(), 2);

    drop(ada);
    let give_up = Instant::now() + Duration::from_secs(5);
    while server.hub.len() != 1 {
        assert!(Instant::now() < give_up, "the hub still lists the client that left");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    bob.send("anyone?").await; // nobody else to deliver to; must not fail
    let (mut cy, _) = Client::join(server.addr).await;
    bob.send("hi cy").await;
    assert_eq!(cy.recv().await.unwrap(), format!("{bob_id}: hi cy"));
    server.stop().await;
}
