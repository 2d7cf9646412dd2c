//! BagIt packages (RFC 8493) sealed with Ed25519 (R-P2, R-P5).
//!
//! A package is a directory:
//!
//! ```text
//! bagit.txt                 BagIt-Version 1.0, UTF-8
//! bag-info.txt              who, when, what, how long it is kept, Payload-Oxum
//! manifest-sha256.txt       the SHA-256 of every file under data/
//! tagmanifest-sha256.txt    the SHA-256 of the three files above
//! seal-ed25519.txt          the school's Ed25519 signature of tagmanifest-sha256.txt
//! data/…                    the payload
//! ```
//!
//! The seal covers the tag manifest, which covers the manifest, which covers every file: one
//! changed byte anywhere is found, and `verify` names the first thing that differs. A package is
//! written under a temporary name and renamed when complete, its files left read-only.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use journal_api_types::archives::ArchiveFault::{self, *};
use journal_api_types::archives::ArchivePart;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub const SEAL_FILE: &str = "seal-ed25519.txt";
const TAG_FILES: [&str; 3] = ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"];
const TAG_MANIFEST: &str = "tagmanifest-sha256.txt";

/// A package being written.
pub struct BagWriter {
    partial: PathBuf,
    done: PathBuf,
    payload: BTreeMap<String, (String, u64)>,
}

/// A package written and sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub path: PathBuf,
    pub files: usize,
    pub bytes: u64,
    /// The SHA-256 of `manifest-sha256.txt`.
    pub manifest_sha256: String,
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A payload path as the manifest writes it: `/`-separated; CR, LF and `%` percent-encoded
/// (RFC 8493 §2.1.3).
fn encode_path(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn decode_path(path: &str) -> String {
    path.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%")
}

/// Whether a payload path stays inside `data/`: relative, no `..`, no empty parts.
fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'))
}

impl BagWriter {
    /// Start a package `name` under `root` (written to `name.partial` until sealed). A package of
    /// that name must not exist yet.
    pub fn create(root: &Path, name: &str) -> io::Result<Self> {
        let done = root.join(name);
        if done.exists() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists", done.display()),
            ));
        }
        let partial = root.join(format!("{name}.partial"));
        if partial.exists() {
            // A package left half-written by an interrupted run: it was never sealed.
            fs::remove_dir_all(&partial)?;
        }
        fs::create_dir_all(partial.join("data"))?;
        Ok(BagWriter {
            partial,
            done,
            payload: BTreeMap::new(),
        })
    }

    /// Add a payload file at `data/{path}`.
    pub fn add(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if !safe_relative(path) || self.payload.contains_key(path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("payload path {path:?}"),
            ));
        }
        let file = self.partial.join("data").join(path);
        if let Some(dir) = file.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&file, bytes)?;
        self.payload
            .insert(path.to_owned(), (sha256_hex(bytes), bytes.len() as u64));
        Ok(())
    }

    /// Write the manifests and `bag-info.txt` (`info` in order, then `Payload-Oxum`), seal the tag
    /// manifest with `key`, make the files read-only and give the package its name.
    pub fn seal(self, info: &[(&str, String)], key: &SigningKey) -> io::Result<Sealed> {
        let bytes: u64 = self.payload.values().map(|(_, n)| n).sum();
        let files = self.payload.len();
        let manifest: String = self
            .payload
            .iter()
            .map(|(path, (digest, _))| format!("{digest}  data/{}\n", encode_path(path)))
            .collect();
        let mut bag_info = String::new();
        for (label, value) in info {
            // One line per element: a value never carries a line break.
            let value = value.replace(['\r', '\n'], " ");
            bag_info.push_str(&format!("{label}: {value}\n"));
        }
        bag_info.push_str(&format!("Payload-Oxum: {bytes}.{files}\n"));
        let tags = [
            (
                TAG_FILES[0],
                "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".to_owned(),
            ),
            (TAG_FILES[1], bag_info),
            (TAG_FILES[2], manifest.clone()),
        ];
        let mut tag_manifest = String::new();
        for (name, text) in &tags {
            fs::write(self.partial.join(name), text)?;
            tag_manifest.push_str(&format!("{}  {name}\n", sha256_hex(text.as_bytes())));
        }
        fs::write(self.partial.join(TAG_MANIFEST), &tag_manifest)?;
        let signature = key.sign(tag_manifest.as_bytes());
        let seal = format!(
            "Algorithm: Ed25519\nPublic-Key: {}\nSigned-File: {TAG_MANIFEST}\nSignature: {}\n",
            hex::encode(key.verifying_key().as_bytes()),
            hex::encode(signature.to_bytes()),
        );
        fs::write(self.partial.join(SEAL_FILE), seal)?;
        read_only(&self.partial)?;
        fs::rename(&self.partial, &self.done)?;
        Ok(Sealed {
            path: self.done,
            files,
            bytes,
            manifest_sha256: sha256_hex(manifest.as_bytes()),
        })
    }
}

/// Make every file under `dir` read-only (directories stay writable by the owner, so a rename
/// of the package works).
fn read_only(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            read_only(&path)?;
        } else {
            let mut perms = fs::metadata(&path)?.permissions();
            perms.set_readonly(true);
            fs::set_permissions(&path, perms)?;
        }
    }
    Ok(())
}

/// What a check of a package found wrong: the first thing that differs, with the file concerned
/// and a detail in English (the command prints it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub fault: ArchiveFault,
    pub path: Option<String>,
    pub detail: String,
}

fn broken(fault: ArchiveFault, path: Option<&str>, detail: impl Into<String>) -> Broken {
    Broken {
        fault,
        path: path.map(str::to_owned),
        detail: detail.into(),
    }
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.fault.part(), &self.path) {
            (ArchivePart::Package, _) => write!(f, "not a sealed package: {}", self.detail),
            (ArchivePart::Seal, _) => write!(f, "seal: {}", self.detail),
            (ArchivePart::File, Some(path)) => write!(f, "{path}: {}", self.detail),
            (ArchivePart::File, None) => write!(f, "{}", self.detail),
        }
    }
}

/// A package that checks: its payload and the key that sealed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub files: usize,
    pub bytes: u64,
    pub public_key: String,
}

fn read_tag(bag: &Path, name: &str) -> Result<Vec<u8>, Broken> {
    fs::read(bag.join(name)).map_err(|e| broken(Unreadable, Some(name), format!("{name}: {e}")))
}

/// The `Label: value` lines of a tag file.
fn labels(text: &str) -> BTreeMap<&str, &str> {
    text.lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

/// `digest  path` lines.
fn manifest_lines(text: &str) -> Result<Vec<(&str, String)>, String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.split_once(char::is_whitespace)
                .map(|(d, p)| (d, decode_path(p.trim_start())))
                .ok_or_else(|| format!("line {l:?}"))
        })
        .collect()
}

/// Check a package: the seal (against `key` when given, else the key written in the seal), the
/// tag files against the sealed tag manifest, then every payload file against the manifest, and
/// that `data/` holds nothing else. Answers the first thing that differs.
pub fn verify(bag: &Path, key: Option<&VerifyingKey>) -> Result<Verified, Broken> {
    let seal_text = String::from_utf8(read_tag(bag, SEAL_FILE)?).map_err(|_| {
        broken(
            NotUtf8,
            Some(SEAL_FILE),
            format!("{SEAL_FILE} is not UTF-8"),
        )
    })?;
    let seal = labels(&seal_text);
    let sealed_key = seal
        .get("Public-Key")
        .and_then(|k| hex::decode(k).ok())
        .and_then(|k| <[u8; 32]>::try_from(k).ok())
        .and_then(|k| VerifyingKey::from_bytes(&k).ok())
        .ok_or_else(|| broken(NoPublicKey, None, "no public key in the seal"))?;
    if let Some(expected) = key {
        if expected != &sealed_key {
            return Err(broken(
                OtherKey,
                None,
                "sealed with another key than the school's",
            ));
        }
    }
    let signature = seal
        .get("Signature")
        .and_then(|s| hex::decode(s).ok())
        .and_then(|s| <[u8; 64]>::try_from(s).ok())
        .map(|s| Signature::from_bytes(&s))
        .ok_or_else(|| broken(NoSignature, None, "no signature in the seal"))?;
    let tag_manifest = read_tag(bag, TAG_MANIFEST)?;
    sealed_key.verify(&tag_manifest, &signature).map_err(|_| {
        broken(
            SignatureMismatch,
            Some(TAG_MANIFEST),
            format!("the signature does not match {TAG_MANIFEST}"),
        )
    })?;
    let tag_manifest = String::from_utf8(tag_manifest).map_err(|_| {
        broken(
            NotUtf8,
            Some(TAG_MANIFEST),
            format!("{TAG_MANIFEST} is not UTF-8"),
        )
    })?;
    let tags =
        manifest_lines(&tag_manifest).map_err(|e| broken(Malformed, Some(TAG_MANIFEST), e))?;
    for name in TAG_FILES {
        let Some((digest, _)) = tags.iter().find(|(_, p)| p == name) else {
            return Err(broken(
                NotSealed,
                Some(name),
                format!("{name} is not sealed"),
            ));
        };
        if sha256_hex(&read_tag(bag, name)?) != *digest {
            return Err(broken(
                TagFileChanged,
                Some(name),
                format!("{name} differs from the sealed one"),
            ));
        }
    }
    let manifest = String::from_utf8(read_tag(bag, "manifest-sha256.txt")?).map_err(|_| {
        broken(
            NotUtf8,
            Some(TAG_FILES[2]),
            "manifest-sha256.txt is not UTF-8",
        )
    })?;
    let listed = manifest_lines(&manifest).map_err(|e| broken(Malformed, Some(TAG_FILES[2]), e))?;
    let mut bytes = 0u64;
    for (digest, path) in &listed {
        let inside = path.strip_prefix("data/").filter(|p| safe_relative(p));
        if inside.is_none() {
            return Err(broken(
                OutsideData,
                Some(path),
                format!("a manifest path outside data/: {path}"),
            ));
        }
        let content = fs::read(bag.join(path)).map_err(|e| {
            broken(
                FileMissing,
                Some(path),
                format!("missing or unreadable ({e})"),
            )
        })?;
        if sha256_hex(&content) != *digest {
            return Err(broken(
                FileChanged,
                Some(path),
                "its SHA-256 differs from the manifest",
            ));
        }
        bytes += content.len() as u64;
    }
    let mut present = Vec::new();
    walk(&bag.join("data"), "data", &mut present)
        .map_err(|e| broken(Unreadable, Some("data/"), format!("data/: {e}")))?;
    if let Some(extra) = present
        .iter()
        .find(|p| !listed.iter().any(|(_, l)| l == *p))
    {
        return Err(broken(FileNotListed, Some(extra), "not in the manifest"));
    }
    Ok(Verified {
        files: listed.len(),
        bytes,
        public_key: hex::encode(sealed_key.as_bytes()),
    })
}

/// Every file under `dir`, as `prefix/…` paths.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = format!("{prefix}/{}", e.file_name().to_string_lossy());
        if e.file_type()?.is_dir() {
            walk(&e.path(), &name, out)?;
        } else {
            out.push(name);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn package(root: &Path) -> Sealed {
        let mut bag = BagWriter::create(root, "7А-I").unwrap();
        bag.add("classes/7А/journal.pdf", b"%PDF- the journal")
            .unwrap();
        bag.add(
            "classes/7А/marks.csv",
            "Ученик;Отметка\nИванов;5\n".as_bytes(),
        )
        .unwrap();
        bag.add("school.json", b"{}").unwrap();
        bag.seal(&[("Source-Organization", "Школа № 1".into())], &key(7))
            .unwrap()
    }

    /// Make a sealed file writable again, to play the one who tampers with it.
    fn tamper(path: &Path, f: impl FnOnce(&mut Vec<u8>)) {
        let mut perms = fs::metadata(path).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        fs::set_permissions(path, perms).unwrap();
        let mut bytes = fs::read(path).unwrap();
        f(&mut bytes);
        fs::write(path, bytes).unwrap();
    }

    #[test]
    fn a_fresh_package_verifies_and_is_read_only() {
        let root = tempfile::tempdir().unwrap();
        let sealed = package(root.path());
        assert_eq!(sealed.files, 3);
        assert!(!root.path().join("7А-I.partial").exists());
        let ok = verify(&sealed.path, Some(&key(7).verifying_key())).unwrap();
        assert_eq!((ok.files, ok.bytes), (3, sealed.bytes));
        let info = fs::read_to_string(sealed.path.join("bag-info.txt")).unwrap();
        assert!(
            info.contains(&format!("Payload-Oxum: {}.3", sealed.bytes)),
            "{info}"
        );
        let journal = sealed.path.join("data/classes/7А/journal.pdf");
        assert!(fs::metadata(journal).unwrap().permissions().readonly());
    }

    /// R-P2: one changed byte of a file is named.
    #[test]
    fn one_changed_byte_names_the_file() {
        let root = tempfile::tempdir().unwrap();
        let sealed = package(root.path());
        tamper(&sealed.path.join("data/classes/7А/marks.csv"), |b| {
            let last = b.len() - 2;
            b[last] = b'2';
        });
        let found = verify(&sealed.path, None).unwrap_err();
        assert_eq!(
            (found.fault, found.path.as_deref()),
            (FileChanged, Some("data/classes/7А/marks.csv"))
        );
        assert_eq!(
            found.to_string(),
            "data/classes/7А/marks.csv: its SHA-256 differs from the manifest"
        );
    }

    /// A manifest rewritten to match a changed file breaks the seal; so does a tag manifest
    /// rewritten to match it, and a package sealed with another key.
    #[test]
    fn a_changed_manifest_breaks_the_seal() {
        let root = tempfile::tempdir().unwrap();
        let sealed = package(root.path());
        let manifest = sealed.path.join("manifest-sha256.txt");
        tamper(&manifest, |b| b[0] = if b[0] == b'0' { b'1' } else { b'0' });
        let found = verify(&sealed.path, None).unwrap_err();
        assert_eq!(
            (found.fault, found.path.as_deref()),
            (TagFileChanged, Some("manifest-sha256.txt"))
        );
        assert_eq!(
            found.to_string(),
            "seal: manifest-sha256.txt differs from the sealed one"
        );
        let text = fs::read_to_string(&manifest).unwrap();
        let tag = sealed.path.join(TAG_MANIFEST);
        tamper(&tag, |b| {
            let fixed = String::from_utf8(b.clone()).unwrap();
            let line = fixed
                .lines()
                .find(|l| l.ends_with("manifest-sha256.txt"))
                .unwrap()
                .to_owned();
            let new = format!("{}  manifest-sha256.txt", sha256_hex(text.as_bytes()));
            *b = fixed.replace(&line, &new).into_bytes();
        });
        assert_eq!(
            verify(&sealed.path, None).map_err(|b| b.fault),
            Err(SignatureMismatch)
        );

        let other = tempfile::tempdir().unwrap();
        let fresh = package(other.path());
        assert_eq!(
            verify(&fresh.path, Some(&key(8).verifying_key())).map_err(|b| b.fault),
            Err(OtherKey)
        );
    }

    #[test]
    fn a_file_added_or_removed_is_named() {
        let root = tempfile::tempdir().unwrap();
        let sealed = package(root.path());
        fs::write(sealed.path.join("data/extra.txt"), b"x").unwrap();
        let found = verify(&sealed.path, None).unwrap_err();
        assert_eq!(
            (found.fault, found.path.as_deref()),
            (FileNotListed, Some("data/extra.txt"))
        );
        fs::remove_file(sealed.path.join("data/extra.txt")).unwrap();
        fs::remove_file(sealed.path.join("data/school.json")).unwrap();
        let found = verify(&sealed.path, None).unwrap_err();
        assert_eq!(
            (found.fault, found.path.as_deref()),
            (FileMissing, Some("data/school.json"))
        );
    }

    #[test]
    fn payload_paths_stay_inside_data() {
        let root = tempfile::tempdir().unwrap();
        let mut bag = BagWriter::create(root.path(), "x").unwrap();
        for bad in ["../escape", "/abs", "a//b", "a/./b", ""] {
            assert!(bag.add(bad, b"x").is_err(), "{bad:?}");
        }
        assert_eq!(encode_path("a%b\nc"), "a%25b%0Ac");
        assert_eq!(decode_path("a%25b%0Ac"), "a%b\nc");
    }
}
