//! Reading the other files of the spec through [`Sources`](super::Sources):
//! relative to the referring file, never outside the spec's root folder;
//! each file read (or failed) once.

use super::pointer::percent_decode;
use super::{File, Pass};
use crate::load::files::{self, SpecFile};
use crate::load::yaml;
use std::collections::BTreeMap;
use std::rc::Rc;

impl Pass<'_> {
    /// The index of the file `reference` (relative to file `f`'s folder), read if needed.
    pub(super) fn file(&mut self, f: usize, reference: &str) -> Result<usize, String> {
        let relative = percent_decode(reference);
        let dir = files::dir_of(&self.docs.files[f].path).to_owned();
        let Some(path) = files::join(&dir, &relative) else {
            return Err(files::outside(reference, &self.docs.root_display()));
        };
        if let Some(&i) = self.by_path.get(&path) {
            return Ok(i);
        }
        if let Some(why) = self.failed.get(&path) {
            return Err(why.clone());
        }
        let display = self.docs.display_of(&path);
        let Some(sources) = self.sources else {
            let why = format!(
                "it refers to another file, `{display}`, and no other file can be read here"
            );
            self.failed.insert(path, why.clone());
            return Err(why);
        };
        let text = match sources.read(&path) {
            Ok(text) => text,
            Err(e) => {
                let why = format!("the file `{display}` cannot be read ({e})");
                self.failed.insert(path, why.clone());
                return Err(why);
            }
        };
        let value = match yaml::parse(&text) {
            Ok(value) => value,
            Err(mut d) => {
                d.file = display.clone();
                self.diags.push(d);
                let why = format!("the file `{display}` is not valid YAML or JSON (see above)");
                self.failed.insert(path, why.clone());
                return Err(why);
            }
        };
        let index = self.files.len();
        self.files.push(File {
            value: Rc::new(value),
            anchors: None,
        });
        self.edits.push(BTreeMap::new());
        self.origins.push(BTreeMap::new());
        self.docs.files.push(SpecFile {
            path: path.clone(),
            display,
            text,
        });
        self.by_path.insert(path, index);
        // New `$id`s may have come with it.
        self.ids = None;
        Ok(index)
    }
}
