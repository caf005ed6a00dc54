fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Generates the prost messages and the tonic client and server for proto/echo.proto.
    // prost-build runs `protoc`, which must be on PATH (or named by $PROTOC).
    tonic_prost_build::compile_protos("proto/echo.proto")?;
    println!("cargo::rerun-if-changed=proto");
    Ok(())
}
