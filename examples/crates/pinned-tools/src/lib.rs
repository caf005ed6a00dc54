//! Intentionally empty: this crate exists only to pin tool versions (see Cargo.toml).
