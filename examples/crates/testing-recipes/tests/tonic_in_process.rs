//! Testing a tonic service without a TCP port: first by calling the trait method, then through the
//! whole gRPC stack (codec, HTTP/2, generated client) over an in-memory duplex pipe.

use hyper_util::rt::TokioIo;
use testing_recipes::EchoService;
use testing_recipes::pb::echo_client::EchoClient;
use testing_recipes::pb::echo_server::{Echo, EchoServer};
use testing_recipes::pb::SayRequest;
use tonic::transport::{Endpoint, Server, Uri};
use tonic::{Code, Request};

// --8<-- [start:direct-call]
// The generated `Echo` trait is ordinary Rust: call the method, no server, no client.
#[tokio::test]
async fn rejects_an_empty_message() {
    let service = EchoService;
    let status = service
        .say(Request::new(SayRequest { message: String::new() }))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
}
// --8<-- [end:direct-call]

// --8<-- [start:duplex]
#[tokio::test]
async fn round_trip_over_an_in_memory_pipe() -> Result<(), Box<dyn std::error::Error>> {
    let (client_io, server_io) = tokio::io::duplex(64 * 1024);

    // The server accepts exactly one "connection": the server half of the pipe.
    let server = tokio::spawn(async move {
        Server::builder()
            .add_service(EchoServer::new(EchoService))
            .serve_with_incoming(tokio_stream::once(Ok::<_, std::io::Error>(server_io)))
            .await
    });

    // The connector hands the client half to the channel once; the URI is never dialled.
    let mut client_io = Some(client_io);
    let channel = Endpoint::try_from("http://in-process.test")?
        .connect_with_connector(tower::service_fn(move |_: Uri| {
            let io = client_io.take();
            async move {
                io.map(TokioIo::new)
                    .ok_or_else(|| std::io::Error::other("the in-process pipe was already used"))
            }
        }))
        .await?;

    let mut client = EchoClient::new(channel);
    let reply = client.say(SayRequest { message: "ping".into() }).await?;
    assert_eq!(reply.into_inner().message, "ping");

    let status = client.say(SayRequest { message: String::new() }).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);

    server.abort();
    Ok(())
}
// --8<-- [end:duplex]
