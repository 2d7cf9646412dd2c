//! The migrations are embedded in the library (`embed_migrations!`): rebuild it when one is added
//! or changed.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
