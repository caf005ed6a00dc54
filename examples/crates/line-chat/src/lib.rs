//! A line-based TCP chat server.
//!
//! Every line a client sends is broadcast to every other connected client as `<id>: <line>`.
//! The pieces, in the order `docs/io-and-streams.md` shows them:
//!
//! - [`ChatCodec`]: `LinesCodec` with a maximum line length, wrapped so that an over-long or
//!   non-UTF-8 line becomes a frame the server can answer instead of an error that ends the
//!   `FramedRead`;
//! - [`Hub`]: the set of connected clients, each reached through a bounded `mpsc` outbox.
//!   Broadcasting never waits: a client whose outbox is full is disconnected;
//! - [`serve`]: the accept loop, with a `Semaphore` as the connection limit and a
//!   `CancellationToken` for a clean close;
//! - one reader loop and one writer task per connection, on the two owned halves of the socket.

use std::collections::HashMap;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::BytesMut;
use futures::{SinkExt, StreamExt};
use tokio::io::AsyncWriteExt;
use tokio::net::tcp::OwnedWriteHalf;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, mpsc};
use tokio_util::codec::{Decoder, FramedRead, FramedWrite, LinesCodec, LinesCodecError};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{debug, info, warn};

/// Settings for [`serve`].
#[derive(Debug, Clone)]
pub struct Config {
    /// Longest accepted line in bytes, not counting the `\n`. Longer lines are discarded and
    /// answered with an `ERR` line; the connection stays open.
    pub max_line_len: usize,
    /// Connections served at once. Further clients get `ERR server full` and are closed.
    pub max_connections: usize,
    /// Lines queued for one client before it counts as too slow and is disconnected.
    pub outbox_capacity: usize,
    /// How long a connection's writer may take to deliver what is queued once the connection
    /// is closing (shutdown, or the client left) before it is aborted.
    pub close_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_line_len: 1024,
            max_connections: 256,
            outbox_capacity: 64,
            close_timeout: Duration::from_secs(5),
        }
    }
}

// --8<-- [start:codec]
/// What the server can get from a client's byte stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Inbound {
    /// A complete line, without its `\n` (and without a `\r` before it).
    Line(String),
    /// A line longer than the limit. Its bytes are discarded up to the next `\n`.
    TooLong,
    /// A line that is not valid UTF-8. It has been consumed.
    NotUtf8,
}

/// `LinesCodec` with a length limit, turning its recoverable errors into frames.
///
/// A `FramedRead` whose decoder returns `Err` yields that error and then ends (`None`), so a
/// server that wants to answer "line too long" and keep reading must not let the error reach it.
#[derive(Debug)]
pub struct ChatCodec {
    lines: LinesCodec,
}

impl ChatCodec {
    pub fn new(max_line_len: usize) -> Self {
        ChatCodec { lines: LinesCodec::new_with_max_length(max_line_len) }
    }

    fn map(result: Result<Option<String>, LinesCodecError>) -> io::Result<Option<Inbound>> {
        match result {
            Ok(line) => Ok(line.map(Inbound::Line)),
            Err(LinesCodecError::MaxLineLengthExceeded) => Ok(Some(Inbound::TooLong)),
            // LinesCodec's only io::Error is its UTF-8 check; socket errors never pass through
            // the decoder (FramedRead returns them itself).
            Err(LinesCodecError::Io(err)) if err.kind() == io::ErrorKind::InvalidData => {
                Ok(Some(Inbound::NotUtf8))
            }
            Err(LinesCodecError::Io(err)) => Err(err),
        }
    }
}

impl Decoder for ChatCodec {
    type Item = Inbound;
    type Error = io::Error;

    fn decode(&mut self, buf: &mut BytesMut) -> io::Result<Option<Inbound>> {
        Self::map(self.lines.decode(buf))
    }

    fn decode_eof(&mut self, buf: &mut BytesMut) -> io::Result<Option<Inbound>> {
        Self::map(self.lines.decode_eof(buf))
    }
}
// --8<-- [end:codec]

// --8<-- [start:hub]
/// One connected client as the rest of the server sees it.
struct Peer {
    outbox: mpsc::Sender<Arc<str>>,
    /// Cancelled to disconnect this client (it reads too slowly).
    kick: CancellationToken,
}

/// Every connected client, by id. A std `Mutex`: it is never held across an `.await`.
#[derive(Clone, Default)]
pub struct Hub {
    peers: Arc<Mutex<HashMap<u64, Peer>>>,
}

impl Hub {
    fn join(&self, id: u64, outbox: mpsc::Sender<Arc<str>>, kick: CancellationToken) {
        self.peers.lock().unwrap().insert(id, Peer { outbox, kick });
    }

    fn leave(&self, id: u64) {
        self.peers.lock().unwrap().remove(&id);
    }

    /// Number of clients currently connected.
    pub fn len(&self) -> usize {
        self.peers.lock().unwrap().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Queues `line` for every client except its sender, without waiting. One slow client must
    /// not hold up the others (or this lock), so a full outbox disconnects that client.
    pub fn broadcast(&self, from: u64, line: &str) {
        let message: Arc<str> = format!("{from}: {line}").into();
        self.peers.lock().unwrap().retain(|&id, peer| {
            if id == from {
                return true;
            }
            match peer.outbox.try_send(Arc::clone(&message)) {
                Ok(()) => true,
                Err(mpsc::error::TrySendError::Full(_)) => {
                    warn!(id, "outbox full, disconnecting slow client");
                    peer.kick.cancel();
                    false
                }
                Err(mpsc::error::TrySendError::Closed(_)) => false, // its writer has gone
            }
        });
    }
}
// --8<-- [end:hub]

// --8<-- [start:serve]
/// Accepts clients on `listener` until `shutdown` is cancelled, then closes every connection
/// (each client gets `BYE` and end-of-stream) and returns once all of them have finished.
pub async fn serve(listener: TcpListener, config: Config, hub: Hub, shutdown: CancellationToken) {
    let limit = Arc::new(Semaphore::new(config.max_connections));
    let tracker = TaskTracker::new();
    let next_id = AtomicU64::new(1);

    loop {
        let (stream, addr) = tokio::select! {
            biased;
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Usually out of file descriptors: back off instead of spinning.
                    warn!(%err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        // The permit travels with the connection task and is released when it ends.
        let Ok(permit) = Arc::clone(&limit).try_acquire_owned() else {
            tracker.spawn(reject(stream, "ERR server full"));
            continue;
        };
        let id = next_id.fetch_add(1, Ordering::Relaxed);
        debug!(id, %addr, "accepted");
        let (hub, config, token) = (hub.clone(), config.clone(), shutdown.child_token());
        tracker.spawn(async move {
            connection(id, stream, hub, config, token).await;
            drop(permit);
        });
    }

    drop(listener); // new clients are refused from here on
    tracker.close();
    tracker.wait().await;
    info!("every connection closed");
}

/// Tells a client why it cannot stay, without blocking the accept loop on a slow client.
async fn reject(mut stream: TcpStream, reason: &str) {
    let goodbye = async {
        stream.write_all(format!("{reason}\n").as_bytes()).await?;
        stream.shutdown().await
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), goodbye).await;
}
// --8<-- [end:serve]

// --8<-- [start:connection]
/// Serves one client: this task reads, a spawned task writes.
async fn connection(id: u64, stream: TcpStream, hub: Hub, config: Config, token: CancellationToken) {
    let (read_half, write_half) = stream.into_split();
    let mut inbound = FramedRead::new(read_half, ChatCodec::new(config.max_line_len));
    let (outbox, queued) = mpsc::channel(config.outbox_capacity);

    // If the writer stops for any reason (the client stopped reading and the socket failed,
    // or the writer panicked), its drop guard cancels `token` and the read loop below ends.
    let mut writer = tokio::spawn(write_lines(write_half, queued, token.clone().drop_guard()));

    hub.join(id, outbox.clone(), token.clone());
    let _ = outbox.try_send(format!("WELCOME {id}").into());

    let farewell = loop {
        let frame = tokio::select! {
            biased;
            // Shutdown, a kick from the hub, or a dead writer: say goodbye if the queue has room.
            () = token.cancelled() => break Some("BYE"),
            frame = inbound.next() => frame, // cancel safe: partial lines stay in `inbound`
        };
        match frame {
            Some(Ok(Inbound::Line(line))) => hub.broadcast(id, &line),
            Some(Ok(Inbound::TooLong)) => {
                let reply = format!("ERR line too long (max {} bytes)", config.max_line_len);
                if outbox.try_send(reply.into()).is_err() {
                    break None; // our own outbox is full: this client does not read
                }
            }
            Some(Ok(Inbound::NotUtf8)) => {
                if outbox.try_send("ERR not UTF-8".into()).is_err() {
                    break None;
                }
            }
            Some(Err(err)) => {
                debug!(id, %err, "read failed");
                break None;
            }
            None => break None, // the client closed its side
        }
    };

    hub.leave(id);
    if let Some(farewell) = farewell {
        let _ = outbox.try_send(farewell.into());
    }
    drop(outbox); // the last sender: the writer drains the queue, then closes the socket

    match tokio::time::timeout(config.close_timeout, &mut writer).await {
        Ok(_) => debug!(id, "connection closed"),
        Err(_) => {
            warn!(id, "client did not take its last lines in time; aborting the writer");
            writer.abort();
        }
    }
}
// --8<-- [end:connection]

// --8<-- [start:writer]
/// Writes queued lines until the queue is closed and empty, then shuts the write half down so
/// the client reads end-of-stream. Lines that are already queued are written together with one
/// flush: `feed` encodes into the `FramedWrite` buffer, `flush` writes it out.
async fn write_lines(
    write_half: OwnedWriteHalf,
    mut queued: mpsc::Receiver<Arc<str>>,
    _cancel_reader_on_exit: tokio_util::sync::DropGuard,
) -> Result<(), LinesCodecError> {
    let mut out = FramedWrite::new(write_half, LinesCodec::new());
    let mut batch = Vec::with_capacity(16);
    while queued.recv_many(&mut batch, 16).await > 0 {
        for line in batch.drain(..) {
            out.feed(line).await?;
        }
        // LinesCodec encodes anything that is `AsRef<str>`, so `flush` and `close` must be told
        // which of its `Sink` impls they are for.
        SinkExt::<Arc<str>>::flush(&mut out).await?;
    }
    // Flush, then shut down the write half: the client reads EOF after the last line.
    SinkExt::<Arc<str>>::close(&mut out).await
}
// --8<-- [end:writer]

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_outbox_disconnects_only_that_client() {
        let hub = Hub::default();
        let (fast_tx, mut fast_rx) = mpsc::channel(8);
        let (slow_tx, _slow_rx) = mpsc::channel(1);
        let (fast_kick, slow_kick) = (CancellationToken::new(), CancellationToken::new());
        hub.join(1, fast_tx, fast_kick.clone());
        hub.join(2, slow_tx, slow_kick.clone());

        hub.broadcast(3, "one"); // fills the slow client's outbox
        hub.broadcast(3, "two"); // no room: the slow client is kicked
        assert!(slow_kick.is_cancelled() && !fast_kick.is_cancelled());
        assert_eq!(hub.len(), 1);
        assert_eq!(&*fast_rx.try_recv().unwrap(), "3: one");
        assert_eq!(&*fast_rx.try_recv().unwrap(), "3: two");
    }
}
