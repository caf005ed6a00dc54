//! Code under test for the recipes in `tests/`.

use std::time::Duration;

use tokio::sync::mpsc;
use tonic::{Request, Response, Status};

pub mod pb {
    tonic::include_proto!("recipes.echo.v1");
}

use pb::echo_server::Echo;
use pb::{SayReply, SayRequest};

// --8<-- [start:service]
/// The service implementation: a plain struct implementing the generated trait.
#[derive(Debug, Default)]
pub struct EchoService;

#[tonic::async_trait]
impl Echo for EchoService {
    async fn say(&self, request: Request<SayRequest>) -> Result<Response<SayReply>, Status> {
        let SayRequest { message } = request.into_inner();
        if message.is_empty() {
            return Err(Status::invalid_argument("message must not be empty"));
        }
        Ok(Response::new(SayReply { message }))
    }
}
// --8<-- [end:service]

// --8<-- [start:batcher]
/// Reads items until the channel closes and groups them into batches of at most `max` items.
/// A batch is cut early when no new item arrives within `linger`.
pub async fn collect_batches<T>(
    mut rx: mpsc::Receiver<T>,
    max: usize,
    linger: Duration,
) -> Vec<Vec<T>> {
    assert!(max > 0, "max must be at least 1");
    let mut batches = Vec::new();
    let mut current = Vec::with_capacity(max);
    loop {
        let next = if current.is_empty() {
            rx.recv().await
        } else {
            match tokio::time::timeout(linger, rx.recv()).await {
                Ok(item) => item,
                Err(_elapsed) => {
                    batches.push(std::mem::take(&mut current));
                    continue;
                }
            }
        };
        match next {
            Some(item) => {
                current.push(item);
                if current.len() == max {
                    batches.push(std::mem::take(&mut current));
                }
            }
            None => break,
        }
    }
    if !current.is_empty() {
        batches.push(current);
    }
    batches
}
// --8<-- [end:batcher]
