//! A gRPC greeter: messages, client and server are generated from `proto/greeter.proto` by
//! `tonic-prost-build` (see `build.rs`); this file only implements the service trait.

// --8<-- [start:include]
/// Generated code: `HelloRequest`, `HelloReply`, ..., plus the `greeter_client` and
/// `greeter_server` modules. The argument is the proto `package`, not a file name.
pub mod pb {
    tonic::include_proto!("greeter.v1");
}
// --8<-- [end:include]

use std::future::Future;

use pb::greeter_server::{Greeter, GreeterServer};
use pb::{CountdownRequest, CountdownTick, HelloReply, HelloRequest};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_stream::wrappers::{ReceiverStream, TcpListenerStream};
use tonic::transport::Server;
use tonic::{Request, Response, Status};

/// Longest countdown a client may ask for.
pub const MAX_COUNTDOWN: u32 = 100;

// --8<-- [start:service]
#[derive(Debug, Default, Clone)]
pub struct MyGreeter;

// The generated trait is declared with `#[async_trait]`, so the impl needs it too.
#[tonic::async_trait]
impl Greeter for MyGreeter {
    async fn say_hello(
        &self,
        request: Request<HelloRequest>,
    ) -> Result<Response<HelloReply>, Status> {
        let name = request.into_inner().name;
        if name.is_empty() {
            return Err(Status::invalid_argument("name must not be empty"));
        }
        Ok(Response::new(HelloReply {
            message: format!("Hello, {name}!"),
        }))
    }

    // Server streaming: the reply is any `Stream` of `Result<Message, Status>`.
    type CountdownStream = ReceiverStream<Result<CountdownTick, Status>>;

    async fn countdown(
        &self,
        request: Request<CountdownRequest>,
    ) -> Result<Response<Self::CountdownStream>, Status> {
        let from = request.into_inner().from;
        if from > MAX_COUNTDOWN {
            return Err(Status::out_of_range(format!(
                "from must be <= {MAX_COUNTDOWN}"
            )));
        }
        // A bounded channel: the producer waits when the client reads slowly.
        let (tx, rx) = mpsc::channel(4);
        tokio::spawn(async move {
            for remaining in (0..=from).rev() {
                // `send` fails once the client has gone away and tonic dropped the stream.
                if tx.send(Ok(CountdownTick { remaining })).await.is_err() {
                    break;
                }
            }
        });
        Ok(Response::new(ReceiverStream::new(rx)))
    }
}
// --8<-- [end:service]

// --8<-- [start:serve]
/// Serves the greeter on an already-bound listener until `shutdown` completes.
/// Taking a listener (not an address) lets tests bind port 0 and learn the port first.
pub async fn serve(
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> Result<(), tonic::transport::Error> {
    Server::builder()
        .add_service(GreeterServer::new(MyGreeter))
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), shutdown)
        .await
}
// --8<-- [end:serve]
