//! `payments`: not yet described (the host crates still export it directly).
