//! Writes the seed corpus of the `artifact_loader` fuzz target: every seed
//! artifact of `brisk_fuzz::artifacts::seeds` as a raw-bytes input (a 0
//! byte, then the artifact), so libFuzzer starts from valid artifacts.
//!
//! ```sh
//! cargo run --example artifact_seeds -- corpus/artifact_loader
//! ```

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "corpus/artifact_loader".into());
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
    for seed in brisk_fuzz::artifacts::seeds() {
        let path = std::path::Path::new(&dir).join(format!("seed-{}-{}", seed.name, seed.engine));
        let mut input = vec![0u8];
        input.extend_from_slice(&seed.bytes);
        std::fs::write(&path, input).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        println!("{} ({} bytes)", path.display(), seed.bytes.len());
    }
}
