//! Which operations are generated: the spec's, in path and method order,
//! kept when a selector matches them; and the names the user gives
//! operations and types in the same selection.

use super::*;

/// One line of a selection: `id:NAME` (or a bare NAME) by operation id or
/// method name, `tag:NAME` by tag, `path:PATTERN` by path (`*` at the end
/// matches any rest) choose operations; `rename operation …` and
/// `rename type …` ([`Rename`]) name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    Id(String),
    Tag(String),
    Path(String),
    Rename(Rename),
    Paginate(Paginate),
}

/// `paginate operation TARGET SCHEME KEY=VALUE…`: how an operation's pages
/// are read, where the generator does not recognise it (or `off`, where it
/// should not). The target is an operation id or a method name as
/// generated; parameters are named as on the wire, fields by their wire
/// names, dotted (`meta.next_page_url`):
///
/// ```text
/// paginate operation list_things page=pageNumber size=pageSize total=totalItems items=items
/// paginate operation list_things offset=offset limit=limit total=total_count
/// paginate operation list_things cursor=after next=last_id has_more=has_more items=data
/// paginate operation list_things cursor=after next_item=id has_more=has_more
/// paginate operation list_things next_url=meta.next_page_url
/// paginate operation list_things link
/// paginate operation list_things off
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginate {
    pub target: String,
    pub scheme: MarkedScheme,
    /// The `KEY=VALUE` words, in the line's order (the scheme's own included).
    pub keys: Vec<(String, String)>,
    /// The selection's line it was written on (1-based), for messages.
    pub line: usize,
    /// The line as written, for messages.
    pub text: String,
}

/// The scheme a `paginate` line names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkedScheme {
    Off,
    Page,
    Offset,
    Cursor,
    NextUrl,
    Link,
}

impl Paginate {
    /// The value of `key`, if the line gives it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.keys
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The selection's line, quoted, for messages.
    pub(super) fn source(&self) -> String {
        format!("line {} of the selection (`{}`)", self.line, self.text)
    }
}

/// `rename operation TARGET = new_name` or `rename type TARGET = NewName`:
/// the target is an operation id or a method name as generated, or a
/// schema's name in the spec or its Rust name as generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub what: Renamed,
    pub target: String,
    pub to: String,
    /// The selection's line it was written on (1-based), for messages.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renamed {
    Operation,
    Type,
}

impl Renamed {
    fn as_str(self) -> &'static str {
        match self {
            Renamed::Operation => "operation",
            Renamed::Type => "type",
        }
    }
}

impl Rename {
    /// The selection's line, quoted, for messages.
    pub(super) fn source(&self) -> String {
        format!(
            "line {} of the selection (`rename {} {} = {}`)",
            self.line,
            self.what.as_str(),
            self.target,
            self.to
        )
    }
}

impl Selector {
    /// One selector that chooses operations (never a rename; see [`parse_selection`]).
    pub fn parse(text: &str) -> Selector {
        let text = text.trim();
        if let Some(tag) = text.strip_prefix("tag:") {
            Selector::Tag(tag.to_owned())
        } else if let Some(path) = text.strip_prefix("path:") {
            Selector::Path(path.to_owned())
        } else {
            Selector::Id(text.strip_prefix("id:").unwrap_or(text).to_owned())
        }
    }

    fn chooses(&self) -> bool {
        !matches!(self, Selector::Rename(_) | Selector::Paginate(_))
    }

    fn matches(&self, op: &openapiv3::Operation, path: &str) -> bool {
        match self {
            Selector::Id(id) => {
                op.operation_id.as_deref() == Some(id.as_str())
                    || op.operation_id.as_deref().is_some_and(|oid| {
                        naming::method_name(Some(oid), "", path) == *id
                            || Method::ALL
                                .iter()
                                .any(|m| naming::method_name(Some(oid), m.as_str(), path) == *id)
                    })
            }
            Selector::Tag(tag) => op.tags.iter().any(|t| t == tag),
            Selector::Path(pattern) => match pattern.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => path == pattern,
            },
            Selector::Rename(_) | Selector::Paginate(_) => false,
        }
    }
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selector::Id(id) => write!(f, "id:{id}"),
            Selector::Tag(tag) => write!(f, "tag:{tag}"),
            Selector::Path(path) => write!(f, "path:{path}"),
            Selector::Rename(r) => write!(f, "rename {} {} = {}", r.what.as_str(), r.target, r.to),
            Selector::Paginate(p) => f.write_str(&p.text),
        }
    }
}

/// A selection's text, one selector a line (`#` starts a comment):
///
/// ```text
/// tag:Sessions
/// get_task
/// rename operation list_skills_marketplace_skills_get = browse_marketplace
/// rename type app__models__TaskView = Task
/// ```
///
/// Every malformed line is reported, each with its number. Whether a
/// rename's target exists and its new name is free is known only with the
/// spec: [`lower`](super::lower) reports that.
pub fn parse_selection(text: &str) -> Result<Vec<Selector>, String> {
    let mut selectors = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        match line.strip_prefix("rename") {
            Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => {
                match parse_rename(rest, line_no) {
                    Ok(r) => selectors.push(Selector::Rename(r)),
                    Err(e) => errors.push(format!("line {line_no}: `{line}`: {e}")),
                }
            }
            _ => match line.strip_prefix("paginate") {
                Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => {
                    match parse_paginate(rest, line_no, line) {
                        Ok(p) => selectors.push(Selector::Paginate(p)),
                        Err(e) => errors.push(format!("line {line_no}: `{line}`: {e}")),
                    }
                }
                _ => selectors.push(Selector::parse(line)),
            },
        }
    }
    if errors.is_empty() {
        Ok(selectors)
    } else {
        Err(errors.join("\n"))
    }
}

const RENAME_SYNTAX: &str =
    "write `rename operation OPERATION_ID_OR_METHOD = new_name` or `rename type SCHEMA_OR_TYPE = NewName`";

fn parse_rename(rest: &str, line: usize) -> Result<Rename, String> {
    let mut words = rest.split_whitespace();
    let what = match words.next() {
        Some("operation") => Renamed::Operation,
        Some("type") => Renamed::Type,
        _ => return Err(RENAME_SYNTAX.to_owned()),
    };
    let rest: Vec<&str> = words.collect();
    let (target, to) = match rest.as_slice() {
        [target, "=", to] => (*target, *to),
        _ => return Err(RENAME_SYNTAX.to_owned()),
    };
    match what {
        Renamed::Operation => {
            let snake = to.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
                && to != "_"
                && to
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !snake || naming::is_keyword(to) {
                return Err(format!(
                    "`{to}` is not a method name: lower-case letters, digits and `_`, not a Rust keyword"
                ));
            }
            if naming::RESERVED_METHODS.contains(&to) {
                return Err(format!("`{to}` is a method the client already has"));
            }
        }
        Renamed::Type => {
            let camel = to.starts_with(|c: char| c.is_ascii_uppercase())
                && to.chars().all(|c| c.is_ascii_alphanumeric());
            if !camel || naming::is_keyword(to) {
                return Err(format!(
                    "`{to}` is not a type name: a capital letter, then letters and digits, not a Rust keyword"
                ));
            }
            if naming::RESERVED_TYPE_NAMES.contains(&to) {
                return Err(format!(
                    "`{to}` is a name the generated code uses from Rust's prelude"
                ));
            }
        }
    }
    Ok(Rename {
        what,
        target: target.to_owned(),
        to: to.to_owned(),
        line,
    })
}

const PAGINATE_SYNTAX: &str = "write `paginate operation OPERATION_ID_OR_METHOD` and then `page=PARAM`, `offset=PARAM`, `cursor=PARAM`, `next_url=FIELD`, `link` or `off`, with the keys the scheme takes";

/// The keys each scheme takes besides its own.
fn scheme_keys(scheme: MarkedScheme) -> &'static [&'static str] {
    match scheme {
        MarkedScheme::Off => &[],
        MarkedScheme::Page => &["size", "total", "total_pages", "has_more", "items"],
        MarkedScheme::Offset => &["limit", "total", "has_more", "items"],
        MarkedScheme::Cursor => &["next", "next_item", "has_more", "items"],
        MarkedScheme::NextUrl => &["has_more", "items"],
        MarkedScheme::Link => &["items"],
    }
}

fn parse_paginate(rest: &str, line: usize, text: &str) -> Result<Paginate, String> {
    let mut words = rest.split_whitespace();
    let (Some("operation"), Some(target)) = (words.next(), words.next()) else {
        return Err(PAGINATE_SYNTAX.to_owned());
    };
    let mut scheme = None;
    let mut keys: Vec<(String, String)> = Vec::new();
    for word in words {
        let (key, value) = match word.split_once('=') {
            Some((k, v)) if !k.is_empty() && !v.is_empty() => (k, v),
            Some(_) => return Err(format!("`{word}`: write `KEY=VALUE`")),
            None => (word, ""),
        };
        let named = match key {
            "off" => Some(MarkedScheme::Off),
            "page" => Some(MarkedScheme::Page),
            "offset" => Some(MarkedScheme::Offset),
            "cursor" => Some(MarkedScheme::Cursor),
            "next_url" => Some(MarkedScheme::NextUrl),
            "link" => Some(MarkedScheme::Link),
            _ => None,
        };
        let bare = matches!(named, Some(MarkedScheme::Off | MarkedScheme::Link));
        if bare != value.is_empty() {
            return Err(if bare {
                format!("`{key}` takes no value")
            } else {
                format!("`{word}`: write `KEY=VALUE`")
            });
        }
        if let Some(named) = named {
            if scheme.is_some() {
                return Err(
                    "give one scheme: `page`, `offset`, `cursor`, `next_url`, `link` or `off`"
                        .to_owned(),
                );
            }
            scheme = Some(named);
        }
        if keys.iter().any(|(k, _)| k == key) {
            return Err(format!("`{key}` is given twice"));
        }
        keys.push((key.to_owned(), value.to_owned()));
    }
    let Some(scheme) = scheme else {
        return Err(PAGINATE_SYNTAX.to_owned());
    };
    let own = match scheme {
        MarkedScheme::Off => "off",
        MarkedScheme::Page => "page",
        MarkedScheme::Offset => "offset",
        MarkedScheme::Cursor => "cursor",
        MarkedScheme::NextUrl => "next_url",
        MarkedScheme::Link => "link",
    };
    let allowed = scheme_keys(scheme);
    for (key, _) in &keys {
        if key != own && !allowed.contains(&key.as_str()) {
            return Err(if allowed.is_empty() {
                format!("`{own}` takes no other key, and `{key}` is given")
            } else {
                format!(
                    "`{key}` is not a key of `{own}`, which takes {}",
                    allowed
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
        }
    }
    if scheme == MarkedScheme::Cursor
        && keys.iter().any(|(k, _)| k == "next") == keys.iter().any(|(k, _)| k == "next_item")
    {
        return Err(
            "`cursor` takes the next cursor as `next=FIELD` or `next_item=FIELD` (one of them)"
                .to_owned(),
        );
    }
    Ok(Paginate {
        target: target.to_owned(),
        scheme,
        keys,
        line,
        text: text.to_owned(),
    })
}

/// An operation of OpenAPI 3.2 that `openapiv3` does not hold (`query`,
/// `additionalOperations`), set aside by the load phase.
pub(super) struct ExtraOperation {
    pub(super) method: Method,
    pub(super) pointer: Pointer,
    pub(super) op: openapiv3::Operation,
}

/// The extra operations of each path, in the spec's order.
pub(super) type ExtraOperations = BTreeMap<String, Vec<ExtraOperation>>;

/// Reads back the operations [`crate::load::v32`] set aside in the path
/// items' extensions; one that does not have the shape of an operation is
/// skipped with a warning.
pub(super) fn extra_operations(doc: &OpenAPI, diags: &mut Diagnostics) -> ExtraOperations {
    use crate::load::v32::{ADDITIONAL, QUERY};
    let mut out = ExtraOperations::new();
    for (path, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let pointer = Pointer::root().push("paths").push(path);
        let mut found: Vec<(Method, Pointer, &Value)> = Vec::new();
        if let Some(op) = item.extensions.get(QUERY) {
            found.push((Method::Query, pointer.push("query"), op));
        }
        if let Some(Value::Object(ops)) = item.extensions.get(ADDITIONAL) {
            for (method, op) in ops {
                found.push((
                    Method::Other(method.clone()),
                    pointer.push("additionalOperations").push(method),
                    op,
                ));
            }
        }
        for (method, pointer, op) in found {
            match serde_json::from_value::<openapiv3::Operation>(op.clone()) {
                Ok(op) => {
                    if !op.callbacks.is_empty() {
                        diags.warning(
                            pointer.push("callbacks"),
                            "the callbacks of a `query` or additional operation are not generated (those of `get` … `trace` operations are); describe them as `webhooks` to decode them",
                        );
                    }
                    out.entry(path.clone()).or_default().push(ExtraOperation {
                        method,
                        pointer,
                        op,
                    });
                }
                Err(e) => diags.warning(
                    &pointer,
                    format!("this operation does not have the shape of an OpenAPI operation ({e}); it is skipped"),
                ),
            }
        }
    }
    out
}

/// An operation of the spec, before it is lowered.
pub(super) struct Candidate<'o> {
    pub(super) op: &'o openapiv3::Operation,
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) pointer: Pointer,
    pub(super) item_params: &'o [ReferenceOr<openapiv3::Parameter>],
    pub(super) item_pointer: Pointer,
    /// The method name it asks for, told apart among all the spec's
    /// operations (so a selection does not change it).
    pub(super) method_name: String,
}

impl<'a> Lowerer<'a> {
    /// The operations of the spec that `select` chooses (all without a selection).
    pub(super) fn candidates(&mut self, select: &[Selector]) -> Vec<Candidate<'a>> {
        let mut drafts = Vec::new();
        for (path, item) in &self.doc.paths.paths {
            let pointer = Pointer::root().push("paths").push(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.diags.warning(
                        &pointer,
                        "path items given by `$ref` are not supported; the path's operations are skipped",
                    );
                    continue;
                }
            };
            for method in Method::ALL {
                let op = match method {
                    Method::Get => &item.get,
                    Method::Put => &item.put,
                    Method::Post => &item.post,
                    Method::Delete => &item.delete,
                    Method::Options => &item.options,
                    Method::Head => &item.head,
                    Method::Patch => &item.patch,
                    Method::Trace => &item.trace,
                    Method::Query | Method::Other(_) => &None,
                };
                if let Some(op) = op {
                    drafts.push(Candidate {
                        op,
                        pointer: pointer.push(method.as_str()),
                        method,
                        path: path.clone(),
                        item_params: &item.parameters,
                        item_pointer: pointer.clone(),
                        method_name: String::new(),
                    });
                }
            }
            for extra in self.extra.get(path).into_iter().flatten() {
                drafts.push(Candidate {
                    op: &extra.op,
                    method: extra.method.clone(),
                    path: path.clone(),
                    pointer: extra.pointer.clone(),
                    item_params: &item.parameters,
                    item_pointer: pointer.clone(),
                    method_name: String::new(),
                });
            }
        }

        let names = super::names::wanted_method_names(&drafts);
        for (draft, name) in drafts.iter_mut().zip(names) {
            draft.method_name = name;
        }

        // Only the selected operations (all without a selection).
        let select: Vec<&Selector> = select.iter().filter(|s| s.chooses()).collect();
        if !select.is_empty() {
            let mut used = vec![false; select.len()];
            drafts.retain(|d| {
                let mut keep = false;
                for (i, sel) in select.iter().enumerate() {
                    if sel.matches(d.op, &d.path)
                        || matches!(sel, Selector::Id(id) if *id == d.method_name)
                    {
                        used[i] = true;
                        keep = true;
                    }
                }
                keep
            });
            for (sel, used) in select.iter().zip(used) {
                if !used {
                    self.diags.warning(
                        "/paths",
                        format!("the selection `{sel}` matches no operation"),
                    );
                }
            }
        }
        drafts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: Renames, version: "1" }
paths:
  /skills:
    get:
      operationId: list_skills_skills_get
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/app__skills__views__SkillView" }
  /marketplace/skills:
    get:
      operationId: list_skills_marketplace_skills_get
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Listing" }
components:
  schemas:
    app__skills__views__SkillView:
      type: object
      properties: { id: { type: string } }
    Listing:
      type: object
      properties: { slug: { type: string } }
    Tag-Name:
      type: object
      properties: { a: { type: string } }
    TagName:
      type: object
      properties: { b: { type: string } }
"##;

    fn generate(selection: &str) -> Result<crate::Generated, Vec<String>> {
        let select = parse_selection(selection).map_err(|e| vec![e])?;
        crate::generate(&crate::Input {
            sources: None,
            text: SPEC,
            spec_display: "spec.yaml",
            package_name: Some("renames-client"),
            select,
            overlays: &[],
        })
        .map_err(|e| e.errors().map(|d| d.message.clone()).collect())
    }

    fn names(g: &crate::Generated) -> (Vec<String>, Vec<String>) {
        let methods = g.api.operations.iter().map(|o| o.method_name.clone());
        let types = g.api.types.iter().map(|t| t.name.clone());
        (methods.collect(), types.collect())
    }

    #[test]
    fn selection_lines_parse() {
        let text = "tag:Skills  # the skills\n\nget_task\nrename operation listThings = list_all\nrename type app__X = X\n";
        let want = vec![
            Selector::Tag("Skills".to_owned()),
            Selector::Id("get_task".to_owned()),
            Selector::Rename(Rename {
                what: Renamed::Operation,
                target: "listThings".to_owned(),
                to: "list_all".to_owned(),
                line: 4,
            }),
            Selector::Rename(Rename {
                what: Renamed::Type,
                target: "app__X".to_owned(),
                to: "X".to_owned(),
                line: 5,
            }),
        ];
        assert_eq!(parse_selection(text), Ok(want));
        // A selector that merely starts with the word is a selector.
        assert_eq!(
            parse_selection("renamed_things"),
            Ok(vec![Selector::Id("renamed_things".to_owned())])
        );
    }

    #[test]
    fn malformed_renames_are_errors_naming_their_lines() {
        // (line, what the error says)
        let table: &[(&str, &str)] = &[
            ("rename op a = b", "write `rename operation"),
            ("rename", "write `rename operation"),
            ("rename operation a b", "write `rename operation"),
            ("rename operation a = b = c", "write `rename operation"),
            (
                "rename operation a = ListAll",
                "`ListAll` is not a method name",
            ),
            ("rename operation a = 2nd", "`2nd` is not a method name"),
            ("rename operation a = type", "`type` is not a method name"),
            ("rename operation a = _", "`_` is not a method name"),
            (
                "rename operation a = builder",
                "`builder` is a method the client already has",
            ),
            ("rename type a = my_type", "`my_type` is not a type name"),
            ("rename type a = Self", "`Self` is not a type name"),
            (
                "rename type a = Option",
                "`Option` is a name the generated code uses",
            ),
        ];
        for (line, says) in table {
            let err = parse_selection(&format!("tag:x\n{line}\n")).unwrap_err();
            assert!(
                err.starts_with(&format!("line 2: `{line}`: ")),
                "{line}: {err}"
            );
            assert!(err.contains(says), "{line}: {err}");
        }
        // Every bad line at once.
        let err = parse_selection("rename x\nok\nrename type a = b\n").unwrap_err();
        assert_eq!(err.lines().count(), 2, "{err}");
    }

    #[test]
    fn renames_apply_to_operations_and_types() {
        let (methods, types) = names(&generate("").unwrap());
        assert_eq!(methods, ["list_skills", "list_marketplace_skills"]);
        assert_eq!(types, ["Listing", "SkillView"]);

        let selection = "\
            rename operation list_skills_marketplace_skills_get = browse_marketplace\n\
            rename operation list_skills = list_my_skills\n\
            rename type app__skills__views__SkillView = Skill\n\
            rename type Listing = MarketplaceListing\n";
        let (methods, types) = names(&generate(selection).unwrap());
        assert_eq!(methods, ["list_my_skills", "browse_marketplace"]);
        assert_eq!(types, ["MarketplaceListing", "Skill"]);

        // A name the namespace numbered is a target too.
        assert!(generate("rename type TagName2 = Label").is_ok());
        assert!(generate("rename type TagName3 = Label").is_err());
        // A selection does not change the names, and selects by them.
        let g = generate("list_marketplace_skills").unwrap();
        assert_eq!(names(&g).0, ["list_marketplace_skills"]);
        // Renames alone select nothing: every operation stays.
        let g = generate("rename type SkillView = Skill").unwrap();
        assert_eq!(g.api.operations.len(), 2);
        // Alongside a selector, renames choose nothing either.
        let g = generate("path:/skills\nrename type Listing = L").unwrap();
        assert_eq!(names(&g).0, ["list_skills"]);
    }

    #[test]
    fn renames_that_cannot_apply_are_errors() {
        // (selection, what the error says)
        let table: &[(&str, &str)] = &[
            (
                "rename operation nothing = other",
                "line 1 of the selection (`rename operation nothing = other`): no selected operation is named `nothing`",
            ),
            (
                "rename type Nothing = Other",
                "line 1 of the selection (`rename type Nothing = Other`): no component schema is named `Nothing`",
            ),
            (
                "path:/skills\nrename operation list_marketplace_skills = x",
                "no selected operation is named `list_marketplace_skills`",
            ),
            (
                "rename operation list_skills = list_marketplace_skills",
                "`list_marketplace_skills` clashes with `list_marketplace_skills`, the Rust name of `list_skills_marketplace_skills_get`",
            ),
            (
                "rename operation list_skills = list_marketplace_skills_with",
                "clashes with `list_marketplace_skills`",
            ),
            (
                "rename type Listing = SkillView",
                "`SkillView` clashes with `SkillView`, the Rust name of `app__skills__views__SkillView`",
            ),
            (
                "rename type Listing = A\nrename type Listing = B",
                "line 2 of the selection (`rename type Listing = B`): `Listing` is renamed on line 1 already",
            ),
        ];
        for (selection, says) in table {
            let errors = generate(selection).err().unwrap_or_default();
            assert!(
                errors.iter().any(|e| e.contains(says)),
                "{selection}: {errors:#?}"
            );
        }
    }
}
