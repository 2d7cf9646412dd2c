//! What every end-to-end test file shares: where the workspace and the artifacts are.

use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// The workspace's root folder.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// `e2e/artifacts/`, made when missing: screenshots and server logs.
pub fn artifacts_dir() -> Result<PathBuf> {
    let dir = workspace_root().join("e2e").join("artifacts");
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}
