//! [`Documents`]: the spec's files as read, and where each part of the
//! loaded document came from (for diagnostics and the manifest).

use super::Target;
use crate::load::files::SpecFile;
use crate::load::overlay::Overlay;
use std::collections::HashMap;

/// The spec's files, and where each part of the document that loading
/// produced came from: for diagnostics and the manifest.
#[derive(Debug, Clone, Default)]
pub struct Documents {
    /// The entry file first, then the others in the order they were read.
    pub files: Vec<SpecFile>,
    /// A place of the result (file, pointer) that is a copy of another.
    pub(super) jumps: HashMap<Target, Target>,
    /// The overlays applied to the entry file before anything else, in order.
    pub overlays: Vec<Overlay>,
}

impl Documents {
    /// The entry file alone, shown as `display` (its path as the user names it).
    pub fn new(display: &str, text: &str) -> Self {
        let name = display.rsplit(['/', '\\']).next().unwrap_or(display);
        Documents {
            files: vec![SpecFile {
                path: if name.is_empty() { "openapi" } else { name }.to_owned(),
                display: display.to_owned(),
                text: text.to_owned(),
            }],
            jumps: HashMap::new(),
            overlays: Vec::new(),
        }
    }

    /// The entry file as the root folder's `entry_path` (`/`-separated),
    /// when the root is not the entry file's folder.
    #[must_use]
    pub fn with_entry_path(mut self, entry_path: Option<String>) -> Self {
        if let (Some(path), Some(entry)) = (entry_path, self.files.first_mut()) {
            if !path.is_empty() {
                entry.path = path;
            }
        }
        self
    }

    /// The file and the pointer in it that a pointer of the loaded document
    /// came from.
    pub fn origin(&self, pointer: &str) -> (usize, String) {
        let mut at: Target = (0, String::new());
        if self.jumps.is_empty() {
            return (0, pointer.to_owned());
        }
        for raw in pointer.split('/').skip(1) {
            at.1.push('/');
            at.1.push_str(raw);
            if let Some(to) = self.jumps.get(&at) {
                at = to.clone();
            }
        }
        at
    }

    /// Records that the place `from` of the loaded document (a file and a
    /// pointer) came from `to`.
    pub(crate) fn jump(&mut self, from: (usize, String), to: (usize, String)) {
        self.jumps.insert(from, to);
    }

    /// The index of the file shown as `display`.
    pub fn index_of(&self, display: &str) -> Option<usize> {
        self.files.iter().position(|f| f.display == display)
    }

    /// The files' paths (relative to the root folder) and SHA-256: the
    /// entry first (with `entry_sha256`, computed once by the caller), then
    /// the others sorted by path.
    pub fn hashes(&self, entry_sha256: &str) -> Vec<(String, String)> {
        let mut rest: Vec<(String, String)> = self
            .files
            .iter()
            .skip(1)
            .map(|f| (f.path.clone(), crate::hash::sha256_hex(f.text.as_bytes())))
            .collect();
        rest.sort();
        self.files
            .first()
            .map(|f| (f.path.clone(), entry_sha256.to_owned()))
            .into_iter()
            .chain(rest)
            .collect()
    }

    pub(crate) fn display_of(&self, path: &str) -> String {
        match self.root_display() {
            root if root.is_empty() => path.to_owned(),
            root => format!("{root}/{path}"),
        }
    }

    /// The root folder the spec's files are read from, as the entry file's
    /// display name shows it (`""`: the current folder): the display name's
    /// folder, less as many folders as the entry's path in the root has.
    pub(crate) fn root_display(&self) -> String {
        let Some(entry) = self.files.first() else {
            return String::new();
        };
        let mut root = entry
            .display
            .rfind(['/', '\\'])
            .map_or("", |i| &entry.display[..i]);
        let mut ups = 0;
        for _ in entry.path.matches('/') {
            match root.rfind(['/', '\\']) {
                Some(i) => root = &root[..i],
                None if !root.is_empty() && root != "." && root != ".." => root = "",
                None => ups += 1,
            }
        }
        let mut parts: Vec<&str> = vec![".."; ups];
        if !root.is_empty() {
            parts.insert(0, root);
        }
        parts.join("/")
    }
}
