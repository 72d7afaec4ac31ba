//! The files of a multi-file spec: where they are read from ([`Sources`]),
//! how a reference's relative path becomes a path inside the entry file's
//! folder, and what was read (for the manifest and for diagnostics).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Reads the further files of a multi-file spec. Paths are relative to the
/// entry file's folder, `/`-separated and normalised: they never start with
/// `/` and contain no `.` or `..` (a reference that would leave the folder is
/// refused before this is called).
pub trait Sources: fmt::Debug {
    fn read(&self, path: &str) -> Result<String, String>;
}

/// [`Sources`] over a folder on disk: the entry file's folder.
#[derive(Debug, Clone)]
pub struct DirSources {
    root: PathBuf,
}

impl DirSources {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DirSources { root: root.into() }
    }

    /// The folder of the entry file `spec` (the current folder for a bare name).
    pub fn beside(spec: &Path) -> Self {
        match spec.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => DirSources::new(dir),
            _ => DirSources::new("."),
        }
    }
}

impl Sources for DirSources {
    fn read(&self, path: &str) -> Result<String, String> {
        let full = self.root.join(path);
        // A symbolic link may still lead out of the folder: compare the real paths.
        if let (Ok(root), Ok(real)) = (self.root.canonicalize(), full.canonicalize()) {
            if !real.starts_with(&root) {
                return Err("a symbolic link leads outside the entry file's folder".to_owned());
            }
        }
        // The caller names the file; no absolute path reaches a message.
        std::fs::read_to_string(&full).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "there is no such file".to_owned(),
            _ => e.to_string(),
        })
    }
}

/// [`Sources`] in memory, by normalised path: for tests and tools.
#[derive(Debug, Clone, Default)]
pub struct MemorySources {
    pub files: BTreeMap<String, String>,
}

impl Sources for MemorySources {
    fn read(&self, path: &str) -> Result<String, String> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| "no such file".to_owned())
    }
}

/// `reference` (a relative path, `/`-separated) read from the folder `dir`
/// (relative to the root, `""` for the root): the normalised path, or `None`
/// when it would leave the root or is absolute.
pub fn join(dir: &str, reference: &str) -> Option<String> {
    if reference.starts_with('/')
        || reference.starts_with('\\')
        || reference.as_bytes().get(1) == Some(&b':')
    {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in reference.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

/// The folder part of a normalised path (`""` for a file at the root).
pub fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// One file of the spec, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFile {
    /// The path relative to the entry file's folder (the entry: its file name).
    pub path: String,
    /// The file as the user names it: the entry's display name, or the
    /// entry's folder joined with `path`.
    pub display: String,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_inside_the_root_only() {
        assert_eq!(join("", "a.yaml").as_deref(), Some("a.yaml"));
        assert_eq!(
            join("paths", "../schemas/pet.yaml").as_deref(),
            Some("schemas/pet.yaml")
        );
        assert_eq!(join("a/b", "./c/../d.json").as_deref(), Some("a/b/d.json"));
        assert_eq!(join("", "../x.yaml"), None);
        assert_eq!(join("a", "../../x.yaml"), None);
        assert_eq!(join("", "/etc/passwd"), None);
        assert_eq!(join("", "C:/x.yaml"), None);
        assert_eq!(dir_of("a/b/c.yaml"), "a/b");
        assert_eq!(dir_of("c.yaml"), "");
    }
}
