//! Intentionally empty: this crate exists only to pin the dependency set (see Cargo.toml).
