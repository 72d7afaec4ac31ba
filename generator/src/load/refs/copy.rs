//! Copies of referenced objects, their own references resolved: each made
//! once, with objects that contain themselves and copies that grow too
//! large reported instead of followed.

use super::{Pass, Target};
use serde_json::{Map, Value};

impl Pass<'_> {
    /// A copy of the object at `target`, its own references resolved.
    pub(super) fn materialize(&mut self, target: &Target) -> Value {
        let size = self.cache.get(target).map_or(0, |(_, size)| *size);
        self.copied = self.copied.saturating_add(size);
        if self.copied > self.max_copied {
            let reference = format!("#{}", target.1);
            let why = format!(
                "copying what references point at would make more than {} values",
                self.max_copied
            );
            self.error(
                target.0,
                &target.1,
                &reference,
                why,
                "refer to components instead of repeating objects that refer to each other",
            );
            return Value::Object(Map::new());
        }
        if let Some((v, _)) = self.cache.get(target) {
            return v.clone();
        }
        if self.active.contains(target) {
            let reference = format!("#{}", target.1);
            self.error(
                target.0,
                &target.1,
                &reference,
                "the object contains itself through references (only schemas may)".to_owned(),
                "break the cycle",
            );
            return Value::Object(Map::new());
        }
        let value = self.files[target.0].value.clone();
        let Some(node) = value.pointer(&target.1) else {
            return Value::Object(Map::new());
        };
        let mut copy = node.clone();
        self.active.push(target.clone());
        self.apply(&mut copy, target.0, &target.1, true);
        self.active.pop();
        let size = count(&copy);
        self.copied = self.copied.saturating_add(size);
        self.cache.insert(target.clone(), (copy.clone(), size));
        copy
    }
}

/// How many values `v` holds, itself included.
fn count(v: &Value) -> usize {
    1 + match v {
        Value::Object(o) => o.values().map(count).sum(),
        Value::Array(a) => a.iter().map(count).sum(),
        _ => 0,
    }
}
