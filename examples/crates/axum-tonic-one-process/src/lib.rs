//! One process, one listener, two protocols: an axum JSON API and a tonic gRPC service share a
//! store and sit behind one tower middleware stack.

pub mod pb {
    tonic::include_proto!("orders.v1");
}

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router, ServiceExt as _};
use pb::orders_server::{Orders, OrdersServer};
use pb::{GetOrderRequest, Order};
use tokio::net::TcpListener;
use tower::limit::ConcurrencyLimitLayer;
use tower::{Service, ServiceBuilder};
use tower_http::map_response_body::MapResponseBodyLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// Requests in flight across HTTP and gRPC together; extra requests wait for a slot.
pub const MAX_IN_FLIGHT: usize = 256;

/// Read-only order store shared by both protocols (cloning clones the `Arc`).
#[derive(Clone, Default)]
pub struct Store(Arc<HashMap<u64, Order>>);

impl Store {
    pub fn with_orders(orders: impl IntoIterator<Item = Order>) -> Self {
        Store(Arc::new(orders.into_iter().map(|o| (o.id, o)).collect()))
    }

    fn get(&self, id: u64) -> Option<Order> {
        self.0.get(&id).cloned()
    }
}

// --8<-- [start:handlers]
// HTTP: GET /orders/{id} -> JSON. axum 0.8 writes path parameters as `{id}`.
async fn get_order_http(
    State(store): State<Store>,
    Path(id): Path<u64>,
) -> Result<Json<Order>, StatusCode> {
    store.get(id).map(Json).ok_or(StatusCode::NOT_FOUND)
}

// gRPC: orders.v1.Orders/GetOrder, same store, errors as gRPC status codes.
#[derive(Clone)]
struct OrdersGrpc {
    store: Store,
}

#[tonic::async_trait]
impl Orders for OrdersGrpc {
    async fn get_order(
        &self,
        request: tonic::Request<GetOrderRequest>,
    ) -> Result<tonic::Response<Order>, tonic::Status> {
        let id = request.into_inner().id;
        self.store
            .get(id)
            .map(tonic::Response::new)
            .ok_or_else(|| tonic::Status::not_found(format!("no order {id}")))
    }
}
// --8<-- [end:handlers]

// --8<-- [start:router]
/// Both protocols in one `axum::Router`: tonic's `Routes` converts into an axum router
/// (`/orders.v1.Orders/*`), which merges with the HTTP routes.
pub fn router(store: Store) -> Router {
    let grpc = tonic::service::Routes::new(OrdersServer::new(OrdersGrpc {
        store: store.clone(),
    }))
    .into_axum_router();

    Router::new()
        .route("/orders/{id}", get(get_order_http))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(store)
        .merge(grpc)
        // tonic's router brings a fallback that answers gRPC "unimplemented" with HTTP 200;
        // replace it so unknown HTTP paths get a plain 404.
        .fallback(|| async { StatusCode::NOT_FOUND })
}
// --8<-- [end:router]

// --8<-- [start:stack]
/// One middleware stack, built once and wrapped around the whole router. Every HTTP and gRPC
/// request runs through clones of these services, and clones share state: one concurrency
/// budget covers both protocols. (`Send`/`Sync` leak through `impl Trait`, so they are not named.)
pub fn app(
    store: Store,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone {
    ServiceBuilder::new()
        // Outermost: TraceLayer wraps the body type; convert it back so `axum::serve`
        // gets the `Response<axum::body::Body>` it requires.
        .layer(MapResponseBodyLayer::new(Body::new))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(ConcurrencyLimitLayer::new(MAX_IN_FLIGHT))
        .service(router(store))
}

/// Serves HTTP/1.1 and HTTP/2 (gRPC uses HTTP/2) on one listener until `shutdown`.
pub async fn serve(
    listener: TcpListener,
    store: Store,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(store).into_make_service())
        .with_graceful_shutdown(shutdown)
        .await
}
// --8<-- [end:stack]
