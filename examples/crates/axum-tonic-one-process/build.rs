// --8<-- [start:build]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    tonic_prost_build::configure()
        // The HTTP side returns the same message as JSON, so derive Serialize on it.
        .type_attribute("orders.v1.Order", "#[derive(serde::Serialize)]")
        .compile_protos(&["proto/orders.proto"], &["proto"])?;
    println!("cargo::rerun-if-changed=proto");
    Ok(())
}
// --8<-- [end:build]
