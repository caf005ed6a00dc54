//! Starts the combined server on an ephemeral port and calls it twice: once as a plain HTTP/1.1
//! client, once as a gRPC (HTTP/2) client. Both answers come from the same store and both carry an
//! `x-request-id` added by the one shared middleware stack.

use std::net::SocketAddr;

use axum_tonic_one_process::pb::orders_client::OrdersClient;
use axum_tonic_one_process::pb::{GetOrderRequest, Order};
use axum_tonic_one_process::{Store, serve};
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

async fn start() -> (
    SocketAddr,
    oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let store = Store::with_orders([Order {
        id: 7,
        item: "cable".into(),
        quantity: 3,
    }]);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, store, async {
        let _ = stop_rx.await;
    }));
    (addr, stop_tx, server)
}

// --8<-- [start:test]
#[tokio::test]
async fn http_and_grpc_share_one_listener_and_one_stack() {
    let (addr, stop, server) = start().await;

    // HTTP/1.1 with hyper-util's client.
    let http = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let res = http
        .get(format!("http://{addr}/orders/7").parse().unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key("x-request-id"));
    let body = res.into_body().collect().await.unwrap().to_bytes();
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["item"], "cable");

    // gRPC over HTTP/2 to the same port.
    let mut grpc = OrdersClient::connect(format!("http://{addr}"))
        .await
        .unwrap();
    let reply = grpc.get_order(GetOrderRequest { id: 7 }).await.unwrap();
    assert!(reply.metadata().contains_key("x-request-id"));
    assert_eq!(reply.into_inner().item, "cable");

    let missing = grpc.get_order(GetOrderRequest { id: 8 }).await.unwrap_err();
    assert_eq!(missing.code(), tonic::Code::NotFound);

    drop(grpc);
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
// --8<-- [end:test]

#[tokio::test]
async fn unknown_http_paths_get_404_not_grpc_unimplemented() {
    let (addr, stop, server) = start().await;
    let http = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();

    for path in ["/orders/8", "/nope"] {
        let res = http
            .get(format!("http://{addr}{path}").parse().unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{path}");
        assert!(!res.headers().contains_key("grpc-status"), "{path}");
    }

    drop(http);
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Without a socket: the whole stack is a tower `Service`, so `oneshot` drives it directly.
#[tokio::test]
async fn stack_is_a_plain_service() {
    use tower::ServiceExt;
    let store = Store::with_orders([Order {
        id: 1,
        item: "mouse".into(),
        quantity: 1,
    }]);
    let res = axum_tonic_one_process::app(store)
        .oneshot(
            axum::http::Request::get("/healthz")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key("x-request-id"));
}
