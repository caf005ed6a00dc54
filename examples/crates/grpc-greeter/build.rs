// --8<-- [start:build]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Writes `greeter.v1.rs` (prost messages, tonic client and server) into OUT_DIR.
    // prost-build shells out to `protoc`: it must be on PATH or named by $PROTOC.
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .compile_protos(&["proto/greeter.proto"], &["proto"])?;
    // prost-build prints no rerun-if-changed lines; without one, cargo reruns this
    // script whenever any file in the package changes.
    println!("cargo::rerun-if-changed=proto");
    Ok(())
}
// --8<-- [end:build]
