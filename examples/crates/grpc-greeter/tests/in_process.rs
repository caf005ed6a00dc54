//! The server and a generated client in one test process, talking over loopback TCP.

use grpc_greeter::pb::greeter_client::GreeterClient;
use grpc_greeter::pb::greeter_server::Greeter;
use grpc_greeter::pb::{CountdownRequest, HelloRequest};
use grpc_greeter::{MAX_COUNTDOWN, MyGreeter};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio_stream::StreamExt;
use tonic::Code;
use tonic::transport::Channel;

// --8<-- [start:test]
/// Starts the real server on an ephemeral port and returns a connected client plus the
/// handles needed to stop it.
async fn start() -> (
    GreeterClient<Channel>,
    oneshot::Sender<()>,
    tokio::task::JoinHandle<Result<(), tonic::transport::Error>>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let server = tokio::spawn(grpc_greeter::serve(listener, async {
        let _ = stop_rx.await;
    }));
    // The listener is already bound, so connecting cannot race the server start-up.
    let client = GreeterClient::connect(format!("http://{addr}"))
        .await
        .unwrap();
    (client, stop_tx, server)
}

#[tokio::test]
async fn unary_call_round_trips() {
    let (mut client, stop, server) = start().await;

    let reply = client
        .say_hello(HelloRequest {
            name: "Ferris".into(),
        })
        .await
        .unwrap();
    assert_eq!(reply.into_inner().message, "Hello, Ferris!");

    // Errors cross the wire as a gRPC status code, not as an HTTP status.
    let err = client
        .say_hello(HelloRequest {
            name: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
// --8<-- [end:test]

#[tokio::test]
async fn server_streaming_call_yields_every_tick() {
    let (mut client, stop, server) = start().await;

    let mut stream = client
        .countdown(CountdownRequest { from: 3 })
        .await
        .unwrap()
        .into_inner();
    let mut seen = Vec::new();
    while let Some(tick) = stream.next().await {
        seen.push(tick.unwrap().remaining);
    }
    assert_eq!(seen, [3, 2, 1, 0]);

    let err = client
        .countdown(CountdownRequest {
            from: MAX_COUNTDOWN + 1,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::OutOfRange);

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// The service is a plain struct implementing a trait, so its logic can be tested without
/// any transport at all.
#[tokio::test]
async fn trait_method_called_directly() {
    let reply = MyGreeter
        .say_hello(tonic::Request::new(HelloRequest {
            name: "direct".into(),
        }))
        .await
        .unwrap();
    assert_eq!(reply.get_ref().message, "Hello, direct!");
}
