//! The files of a multi-file spec: where they are read from ([`Sources`]),
//! how a reference's relative path becomes a path inside the spec's root
//! folder (the entry file's folder unless told otherwise), and what was read
//! (for the manifest and for diagnostics).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Reads the further files of a multi-file spec from its root folder. Paths
/// are relative to that folder, `/`-separated and normalised: they never
/// start with `/` and contain no `.` or `..` (a reference that would leave
/// the folder is refused before this is called).
pub trait Sources: fmt::Debug {
    fn read(&self, path: &str) -> Result<String, String>;

    /// The entry file's path in the root folder, `/`-separated; `None`: the
    /// root is the entry file's folder (the path is the entry's file name).
    fn entry_path(&self) -> Option<String> {
        None
    }
}

/// [`Sources`] over a folder on disk: the entry file's folder, or a folder
/// that holds it ([`DirSources::rooted`], `--spec-root`).
#[derive(Debug, Clone)]
pub struct DirSources {
    root: PathBuf,
    entry: Option<String>,
}

impl DirSources {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DirSources {
            root: root.into(),
            entry: None,
        }
    }

    /// The folder of the entry file `spec` (the current folder for a bare name).
    pub fn beside(spec: &Path) -> Self {
        match spec.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => DirSources::new(dir),
            _ => DirSources::new("."),
        }
    }

    /// The folder `root`, which must hold the entry file `spec` (at any
    /// depth): references may read any file in it. An error (to show as it
    /// is) when `spec` is not inside `root`, or either cannot be found.
    pub fn rooted(root: &Path, spec: &Path) -> Result<Self, String> {
        let real = |p: &Path| {
            p.canonicalize()
                .map_err(|e| format!("cannot find {}: {e}", p.display()))
        };
        let (real_root, real_spec) = (real(root)?, real(spec)?);
        let Ok(inside) = real_spec.strip_prefix(&real_root) else {
            return Err(format!(
                "the spec {} is not inside the spec root {}",
                spec.display(),
                root.display()
            ));
        };
        let entry: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Ok(DirSources {
            root: real_root,
            entry: Some(entry.join("/")),
        })
    }
}

impl Sources for DirSources {
    fn entry_path(&self) -> Option<String> {
        self.entry.clone()
    }

    fn read(&self, path: &str) -> Result<String, String> {
        let full = self.root.join(path);
        // A symbolic link may still lead out of the folder: compare the real paths.
        if let (Ok(root), Ok(real)) = (self.root.canonicalize(), full.canonicalize()) {
            if !real.starts_with(&root) {
                return Err("it is a symbolic link that leads outside the folder the spec's files are read from".to_owned());
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

/// Why the reference `reference` is not read: it leaves the root folder,
/// shown as `root` (the entry file's folder, or `--spec-root`).
pub fn outside(reference: &str, root: &str) -> String {
    let root = if root.is_empty() { "." } else { root };
    format!("`{reference}` is outside the folder the spec's files are read from (`{root}`); only files in that folder and below it are read")
}

/// What to do about a reference [`outside`] the root folder.
pub const SPEC_ROOT_HELP: &str = "pass `--spec-root DIR` to `cargo xtask codegen` with a folder that holds every file of the spec (the default is the entry file's folder)";

/// The folder part of a normalised path (`""` for a file at the root).
pub fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// One file of the spec, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFile {
    /// The path relative to the spec's root folder (by default the entry
    /// file's folder, where the entry's path is its file name).
    pub path: String,
    /// The file as the user names it: the entry's display name, or the
    /// root folder (as the entry's display name shows it) joined with `path`.
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

    #[test]
    fn a_root_holds_the_entry_and_reads_nothing_outside_it() {
        let dir = std::env::temp_dir().join(format!("spec-root-{}", std::process::id()));
        let root = dir.join("root");
        std::fs::create_dir_all(root.join("api")).unwrap();
        std::fs::create_dir_all(root.join("common")).unwrap();
        std::fs::write(root.join("api/openapi.yaml"), "entry").unwrap();
        std::fs::write(root.join("common/a.yaml"), "a").unwrap();
        std::fs::write(dir.join("secret.yaml"), "secret").unwrap();
        let sources = DirSources::rooted(&root, &root.join("api/openapi.yaml")).unwrap();
        assert_eq!(sources.entry_path().as_deref(), Some("api/openapi.yaml"));
        assert_eq!(sources.read("common/a.yaml").unwrap(), "a");
        // The entry must be inside the root.
        let e =
            DirSources::rooted(&root.join("common"), &root.join("api/openapi.yaml")).unwrap_err();
        assert!(e.contains("is not inside the spec root"), "{e}");
        assert!(DirSources::rooted(&dir.join("absent"), &root.join("api/openapi.yaml")).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.yaml"), root.join("common/link.yaml"))
                .unwrap();
            std::os::unix::fs::symlink(dir.join("secret.yaml"), root.join("api/link.yaml"))
                .unwrap();
            let e = sources.read("common/link.yaml").unwrap_err();
            assert!(
                e.contains("symbolic link that leads outside the folder"),
                "{e}"
            );
            // A link that stays inside is read.
            std::os::unix::fs::symlink(root.join("common/a.yaml"), root.join("api/a.yaml"))
                .unwrap();
            assert_eq!(sources.read("api/a.yaml").unwrap(), "a");
            // With the entry's folder as the root, the same holds.
            let beside = DirSources::beside(&root.join("api/openapi.yaml"));
            assert!(beside.read("link.yaml").is_err());
            assert_eq!(beside.entry_path(), None);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
