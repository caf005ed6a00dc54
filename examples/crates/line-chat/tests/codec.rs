//! The codec against a scripted byte stream: chunk boundaries land wherever the script puts them.

use futures::StreamExt;
use line_chat::{ChatCodec, Inbound};
use tokio_util::codec::FramedRead;

// --8<-- [start:codec-test]
#[tokio::test]
async fn frames_survive_any_chunking_and_bad_lines_do_not_end_the_stream() {
    let script = tokio_test::io::Builder::new()
        .read(b"hel")
        .read(b"lo\r\nwor")
        .read(b"ld\n0123456789") // 10 bytes of a line that will be too long
        .read(b"abcdef\nok\n")
        .read(b"\xff\n")
        .read(b"tail")
        .build();
    let mut frames = FramedRead::new(script, ChatCodec::new(8));

    let mut seen = Vec::new();
    while let Some(frame) = frames.next().await {
        seen.push(frame.unwrap());
    }
    assert_eq!(
        seen,
        [
            Inbound::Line("hello".into()), // the \r before \n is dropped too
            Inbound::Line("world".into()),
            Inbound::TooLong,
            Inbound::Line("ok".into()), // the rest of the long line was discarded
            Inbound::NotUtf8,
            Inbound::Line("tail".into()), // no final newline: decode_eof returns it
        ]
    );
}
// --8<-- [end:codec-test]
