//! Naming the operations (the client's methods, their `_with` forms, and
//! the error and response enums beside the client: names are claimed in the
//! spec's order, so the first operation keeps a contested name), the Rust
//! names component schemas ask for, and the selection's renames of both.

use super::*;

/// The method name each candidate asks for: the short (FastAPI-stripped)
/// name, told apart by path where several share it ([`told_apart`]).
pub(super) fn wanted_method_names(candidates: &[Candidate<'_>]) -> Vec<String> {
    let short: Vec<String> = candidates
        .iter()
        .map(|c| naming::method_name(c.op.operation_id.as_deref(), c.method.as_str(), &c.path))
        .collect();
    let paths: Vec<&str> = candidates.iter().map(|c| c.path.as_str()).collect();
    let full: Vec<String> = candidates
        .iter()
        .map(|c| naming::full_method_name(c.op.operation_id.as_deref(), c.method.as_str(), &c.path))
        .collect();
    told_apart(&short, &paths, &full)
}

/// Operations whose short names collide, told apart as a person would: by
/// the static path segments that differ between them. A segment before
/// the ones they share goes after the verb (`/skills` and
/// `/marketplace/skills`: `list_skills` and `list_marketplace_skills`), one
/// after them at the end (`get_user` and `get_user_by_email`), a version
/// (`v2`) last. An operation whose path has nothing the others lack keeps
/// the short name. Operations still colliding then take their full names
/// (`full`, the snake-cased operation id), and the namespace numbers what
/// remains.
fn told_apart(short: &[String], paths: &[&str], full: &[String]) -> Vec<String> {
    let mut wanted = short.to_vec();
    for (name, members) in collisions(short) {
        let chosen = tell_group(name, &members, paths);
        for (i, told) in members.iter().zip(chosen) {
            if let Some(w) = wanted.get_mut(*i) {
                *w = told;
            }
        }
    }
    // A name told apart must be free; a short name only among the others
    // left short (which then both take their full names).
    let all = counts(&wanted);
    let untold: Vec<String> = wanted
        .iter()
        .zip(short)
        .filter(|(w, s)| w == s)
        .map(|(w, _)| w.clone())
        .collect();
    let untold = counts(&untold);
    let still: Vec<bool> = wanted
        .iter()
        .zip(short)
        .map(|(w, s)| {
            let among = if w == s { &untold } else { &all };
            among.get(w.as_str()).copied().unwrap_or(0) > 1
        })
        .collect();
    wanted
        .into_iter()
        .zip(still)
        .zip(full)
        .map(|((w, still), full)| if still { full.clone() } else { w })
        .collect()
}

/// How many times each name occurs.
fn counts(names: &[String]) -> BTreeMap<&str, usize> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for n in names {
        *counts.entry(n.as_str()).or_default() += 1;
    }
    counts
}

/// The short names several operations share, each with the indices of
/// those operations.
fn collisions(short: &[String]) -> BTreeMap<&str, Vec<usize>> {
    let short_counts = counts(short);
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, name) in short.iter().enumerate() {
        if short_counts.get(name.as_str()).copied().unwrap_or(0) > 1 {
            groups.entry(name.as_str()).or_default().push(i);
        }
    }
    groups
}

/// The static segments of a path, snake-cased: `/v2/users/{id}/keys` →
/// `v2`, `users`, `keys`.
fn static_segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.contains('{'))
        .map(naming::snake)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The operations `members` (of `paths`) sharing the short name `name`,
/// told apart by what their paths add to the segments they share.
fn tell_group(name: &str, members: &[usize], paths: &[&str]) -> Vec<String> {
    let segments: Vec<Vec<String>> = members
        .iter()
        .map(|i| {
            paths
                .get(*i)
                .map(|p| static_segments(p))
                .unwrap_or_default()
        })
        .collect();
    let shared: BTreeSet<&String> = segments
        .first()
        .map(|first| {
            first
                .iter()
                .filter(|s| segments.iter().all(|other| other.contains(s)))
                .collect()
        })
        .unwrap_or_default();
    let words: Vec<&str> = name
        .trim_start_matches("r#")
        .split('_')
        .filter(|w| !w.is_empty())
        .collect();
    let adds: Vec<[Vec<&str>; 3]> = segments
        .iter()
        .map(|segs| additions(segs, &shared, &words))
        .collect();
    // As little as tells them apart: the versions alone (`get_user_v2`),
    // else the other segments alone, else both.
    let tries = [(false, true), (true, false), (true, true)];
    tries
        .iter()
        .map(|(w, v)| {
            adds.iter()
                .map(|a| told(name, &words, a, *w, *v))
                .collect::<Vec<_>>()
        })
        .find(|names| counts(names).values().all(|n| *n == 1))
        .unwrap_or_else(|| {
            adds.iter()
                .map(|a| told(name, &words, a, true, true))
                .collect()
        })
}

/// What a member's path (`segs`) adds: `[before, after, versions]`, the
/// segments before the `shared` ones, after them, and versions; not a word
/// the name has already (`tasks` in `run_task`).
fn additions<'s>(
    segs: &'s [String],
    shared: &BTreeSet<&String>,
    words: &[&str],
) -> [Vec<&'s str>; 3] {
    let has_word = |seg: &str| {
        words
            .iter()
            .any(|w| *w == seg || seg.strip_suffix('s') == Some(w))
    };
    let first_shared = segs.iter().position(|s| shared.contains(s));
    let mut add: [Vec<&str>; 3] = Default::default();
    for (at, seg) in segs.iter().enumerate() {
        if shared.contains(seg) || add.iter().flatten().any(|a| a == seg) {
            continue;
        }
        let slot = if is_version(seg) {
            2
        } else if has_word(seg) {
            continue;
        } else if first_shared.is_none_or(|f| at < f) {
            0
        } else {
            1
        };
        if let Some(v) = add.get_mut(slot) {
            v.push(seg.as_str());
        }
    }
    add
}

/// `name` with what its path adds ([`told_apart`]): `[before, after,
/// versions]`, the segments only when `use_words`, the versions only when
/// `use_versions`.
fn told(
    name: &str,
    words: &[&str],
    add: &[Vec<&str>; 3],
    use_words: bool,
    use_versions: bool,
) -> String {
    let [before, after, versions] = add;
    let (before, after): (&[&str], &[&str]) = if use_words {
        (before, after)
    } else {
        (&[], &[])
    };
    let versions: &[&str] = if use_versions { versions } else { &[] };
    if before.is_empty() && after.is_empty() && versions.is_empty() {
        return name.to_owned();
    }
    let (verb, rest) = words.split_first().map_or(("", &[][..]), |(v, r)| (*v, r));
    let mut parts: Vec<&str> = vec![verb];
    parts.extend(before);
    parts.extend(rest);
    parts.extend(after);
    parts.extend(versions);
    naming::field_name(&parts.join("_"))
}

/// `v1`, `v2beta`, `2010_04_01` (a date, snake-cased): a version segment of a path.
fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .unwrap_or(segment)
        .starts_with(|c: char| c.is_ascii_digit())
}

/// The Rust type name each component schema asks for, in the given order
/// (before collisions are settled by the namespace).
///
/// A schema named by a module path (`app__api__v3__views__RunTaskRequest`,
/// `com.example.Foo`, see [`naming::module_path`]) is called by its last
/// segment. When that collides with another schema's name (or a name the
/// generated code uses), segments of the path are added back, nearest
/// first, skipping those that all the colliding schemas share: `…__v3__sessions__views__RunTaskRequest`
/// and `…__v2__tasks__views__RunTaskRequest` become
/// `SessionsRunTaskRequest` and `TasksRunTaskRequest`. Other names are
/// [`naming::type_name`]s.
pub(super) fn component_type_names(names: &[&str]) -> Vec<String> {
    let mut fixed: BTreeSet<String> = naming::RESERVED_TYPE_NAMES
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let mut pathed: BTreeMap<usize, Pathed<'_>> = BTreeMap::new();
    for (i, raw) in names.iter().enumerate() {
        match naming::module_path(raw) {
            Some((path, name)) => {
                pathed.insert(
                    i,
                    Pathed {
                        path,
                        name,
                        kept: Vec::new(),
                        next: 1,
                    },
                );
            }
            None => {
                fixed.insert(naming::type_name(raw));
            }
        }
    }
    while lengthen(&mut pathed, &fixed) {}
    names
        .iter()
        .enumerate()
        .map(|(i, raw)| match pathed.get(&i) {
            Some(p) => p.candidate(),
            None => naming::type_name(raw),
        })
        .collect()
}

/// A schema named by a module path ([`component_type_names`]), with the
/// segments of the path its Rust name keeps so far.
struct Pathed<'n> {
    path: Vec<&'n str>,
    name: &'n str,
    /// Distances from the end of `path` of the segments kept.
    kept: Vec<usize>,
    /// The next distance to look at.
    next: usize,
}

impl Pathed<'_> {
    fn segment(&self, distance: usize) -> Option<&str> {
        self.path
            .len()
            .checked_sub(distance)
            .and_then(|i| self.path.get(i))
            .copied()
    }

    fn candidate(&self) -> String {
        let mut words: Vec<&str> = self
            .kept
            .iter()
            .rev()
            .filter_map(|d| self.segment(*d))
            .collect();
        words.push(self.name);
        naming::type_name(&words.join(" "))
    }
}

/// One round of [`component_type_names`]: each name that several pathed
/// schemas ask for, or that is taken (`fixed`), is lengthened by a segment
/// of their paths. Whether any was.
fn lengthen(pathed: &mut BTreeMap<usize, Pathed<'_>>, fixed: &BTreeSet<String>) -> bool {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in pathed.iter() {
        groups.entry(p.candidate()).or_default().push(*i);
    }
    let mut changed = false;
    for (candidate, members) in groups {
        if members.len() < 2 && !fixed.contains(&candidate) {
            continue;
        }
        changed |= keep_segment(pathed, &members);
    }
    changed
}

/// The colliding `members` keep the nearest segment of their paths, from
/// where they are all looking on, that tells them apart (any, for a single
/// one). Whether there was one.
fn keep_segment(pathed: &mut BTreeMap<usize, Pathed<'_>>, members: &[usize]) -> bool {
    let deepest = members
        .iter()
        .filter_map(|i| pathed.get(i))
        .map(|p| p.path.len())
        .max()
        .unwrap_or(0);
    let start = members
        .iter()
        .filter_map(|i| pathed.get(i))
        .map(|p| p.next)
        .min()
        .unwrap_or(1);
    for distance in start..=deepest {
        let segments: BTreeSet<Option<&str>> = members
            .iter()
            .filter_map(|i| pathed.get(i))
            .map(|p| p.segment(distance))
            .collect();
        // A segment every colliding schema has tells none apart.
        if members.len() > 1 && segments.len() < 2 {
            continue;
        }
        // `next` never goes back, and the member that was furthest
        // behind moves on: the loop ends.
        for i in members {
            if let Some(p) = pathed.get_mut(i) {
                if p.segment(distance).is_some() && !p.kept.contains(&distance) {
                    p.kept.push(distance);
                }
                p.next = p.next.max(distance + 1);
            }
        }
        return true;
    }
    false
}

/// The selection's renames of one kind applied to the names wanted:
/// `keys[i]` is what the spec calls item `i` (operation id, schema name),
/// `wanted[i]` its Rust name so far, `pointers[i]` where it is. A target
/// that matches nothing, one renamed twice, and a new name that another
/// item has (or, for methods, that clashes with a `_with` form) are errors
/// naming the selection's line.
pub(super) fn apply_renames(
    what: Renamed,
    select: &[Selector],
    keys: &[&str],
    wanted: &mut [String],
    pointers: &[Pointer],
    diags: &mut Diagnostics,
) {
    let renames = select.iter().filter_map(|s| match s {
        Selector::Rename(r) if r.what == what => Some(r),
        _ => None,
    });
    let (noun, section) = match what {
        Renamed::Operation => ("selected operation", "/paths"),
        Renamed::Type => ("component schema", "/components/schemas"),
    };
    let items = Items {
        what,
        keys,
        pointers,
        noun,
        section,
    };
    let before: Vec<String> = wanted.to_vec();
    let generated = generated_names(what, &before);
    let mut renamed: BTreeMap<usize, &Rename> = BTreeMap::new();
    for r in renames {
        let Some(i) = items.target(r, &before, &generated, diags) else {
            continue;
        };
        if let Some(first) = renamed.get(&i) {
            diags.error(
                items.pointer(i),
                format!(
                    "{}: `{}` is renamed on line {} already",
                    r.source(),
                    r.target,
                    first.line
                ),
            );
            continue;
        }
        if let Some(w) = wanted.get_mut(i) {
            w.clone_from(&r.to);
        }
        renamed.insert(i, r);
    }
    for (i, r) in &renamed {
        items.clash(*i, r, wanted, diags);
    }
}

/// The names as generated, collisions numbered (`get_report_2`, `Foo2`).
fn generated_names(what: Renamed, before: &[String]) -> Vec<String> {
    match what {
        Renamed::Operation => {
            let mut names = Names::new();
            before
                .iter()
                .map(|w| names.claim(w.clone(), false).method)
                .collect()
        }
        Renamed::Type => {
            let mut names = Namespace::with_reserved(naming::RESERVED_TYPE_NAMES);
            before.iter().map(|w| names.claim(w.clone())).collect()
        }
    }
}

/// The items renames of one kind apply to ([`apply_renames`]).
struct Items<'r> {
    what: Renamed,
    /// What the spec calls each item.
    keys: &'r [&'r str],
    /// Where each item is.
    pointers: &'r [Pointer],
    /// What an item is called in errors, and where the items are.
    noun: &'static str,
    section: &'static str,
}

impl Items<'_> {
    /// Where item `i` is (the section when unknown).
    fn pointer(&self, i: usize) -> &str {
        self.pointers.get(i).map_or(self.section, Pointer::as_str)
    }

    /// The item a rename's target names: by what the spec calls it, its
    /// Rust name wanted so far, or as generated. An error when none.
    fn target(
        &self,
        r: &Rename,
        before: &[String],
        generated: &[String],
        diags: &mut Diagnostics,
    ) -> Option<usize> {
        let found = self
            .keys
            .iter()
            .position(|k| *k == r.target)
            .or_else(|| before.iter().position(|w| *w == r.target))
            .or_else(|| generated.iter().position(|w| *w == r.target));
        if found.is_none() {
            diags.push(
                crate::diag::Diagnostic::error(
                    self.section,
                    format!("{}: no {} is named `{}`", r.source(), self.noun, r.target),
                )
                .with_help(match self.what {
                    Renamed::Operation => "name an operation id, or a method name as generated",
                    Renamed::Type => {
                        "name a schema of `components/schemas`, or its Rust name as generated"
                    }
                }),
            );
        }
        found
    }

    /// An error when item `i`'s new name (`r.to`) is another item's (or,
    /// for methods, clashes with a `_with` form).
    fn clash(&self, i: usize, r: &Rename, wanted: &[String], diags: &mut Diagnostics) {
        let clash = wanted.iter().enumerate().find(|(j, other)| {
            *j != i
                && (**other == r.to
                    || (self.what == Renamed::Operation
                        && (**other == format!("{}_with", r.to)
                            || r.to == format!("{other}_with"))))
        });
        let Some((j, other)) = clash else {
            return;
        };
        let key = self.keys.get(j).copied().unwrap_or_default();
        diags.push(
            crate::diag::Diagnostic::error(
                self.pointer(i),
                format!(
                    "{}: `{}` clashes with `{other}`, the Rust name of `{key}`",
                    r.source(),
                    r.to
                ),
            )
            .with_help(match self.what {
                Renamed::Operation => {
                    "choose a method name no other operation has (nor its `_with` form)"
                }
                Renamed::Type => "choose a type name no other schema has",
            }),
        );
    }
}

/// The Rust names of one operation.
#[derive(Debug, PartialEq, Eq)]
struct OperationNames {
    method: String,
    options_method: String,
    error_type: String,
    response_enum: Option<String>,
}

/// Names settled among the operations of one client.
struct Names {
    methods: Namespace,
    root: Namespace,
}

impl Names {
    fn new() -> Self {
        Names {
            methods: Namespace::with_reserved(naming::RESERVED_METHODS),
            root: Namespace::with_reserved(naming::RESERVED_ROOT_NAMES),
        }
    }

    /// `create_session`, `create_session_with`, `CreateSessionError` and,
    /// when the 2xx responses have different bodies, `CreateSessionSuccess`.
    fn claim(&mut self, wanted: String, several_bodies: bool) -> OperationNames {
        let method = self.methods.claim(wanted);
        let bare = method.trim_start_matches("r#");
        let options_method = self.methods.claim(naming::suffixed(&method, "with"));
        let type_stem = naming::type_name(bare);
        let error_type = self.root.claim(format!("{type_stem}Error"));
        let response_enum = several_bodies.then(|| self.root.claim(format!("{type_stem}Success")));
        OperationNames {
            method,
            options_method,
            error_type,
            response_enum,
        }
    }
}

/// The final operations, named.
pub(super) fn name_operations(drafts: Vec<OperationDraft>) -> Vec<Operation> {
    let mut names = Names::new();
    drafts
        .into_iter()
        .map(|d| {
            let n = names.claim(d.method_name, d.several_bodies);
            Operation {
                pointer: d.pointer,
                operation_id: d.operation_id,
                method_name: n.method,
                options_method_name: n.options_method,
                error_type: n.error_type,
                method: d.method,
                path: d.path,
                summary: d.summary,
                description: d.description,
                deprecated: d.deprecated,
                requires_auth: d.requires_auth,
                security_schemes: d.security_schemes,
                path_segments: d.path_segments,
                path_params: d.path_params,
                params: d.params,
                body: d.body,
                successes: d.successes,
                response_enum: n.response_enum,
                accept: d.accept,
                errors: d.errors,
                pagination: None,
            }
        })
        .collect()
}

/// The names of the page and item streams of paginated operations
/// (`list_sessions_pages`, `list_sessions_items`), claimed after every
/// operation's methods: a stream never takes an operation's name, nor
/// changes it.
pub(super) fn name_streams(operations: &mut [Operation]) {
    let mut methods = Namespace::with_reserved(naming::RESERVED_METHODS);
    for op in operations.iter() {
        methods.claim(op.method_name.clone());
        methods.claim(op.options_method_name.clone());
    }
    for op in operations.iter_mut() {
        if let Some(p) = &mut op.pagination {
            p.pages_method = methods.claim(naming::suffixed(&op.method_name, "pages"));
            p.items_method = methods.claim(naming::suffixed(&op.method_name, "items"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_in_claim_order() {
        // (wanted method name, several success bodies) →
        // ([method, `_with` method, error enum], success enum)
        let table: [(&str, bool, [&str; 3], Option<&str>); 4] = [
            (
                "create_session",
                false,
                [
                    "create_session",
                    "create_session_with",
                    "CreateSessionError",
                ],
                None,
            ),
            (
                "get_report",
                true,
                ["get_report", "get_report_with", "GetReportError"],
                Some("GetReportSuccess"),
            ),
            // A second `get_report`: the collision is settled, never merged.
            (
                "get_report",
                true,
                ["get_report_2", "get_report_2_with", "GetReport2Error"],
                Some("GetReport2Success"),
            ),
            // A keyword stays a raw identifier; the rest is named from the bare word.
            ("r#type", false, ["r#type", "type_with", "TypeError"], None),
        ];
        let mut names = Names::new();
        for (wanted, several, [method, with, error], success) in table {
            let got = names.claim(wanted.to_owned(), several);
            let want = OperationNames {
                method: method.to_owned(),
                options_method: with.to_owned(),
                error_type: error.to_owned(),
                response_enum: success.map(str::to_owned),
            };
            assert_eq!(got, want, "{wanted}");
        }
    }

    #[test]
    fn colliding_operations_are_told_apart_by_path() {
        // (short name, path, full name) → wanted name
        let table: &[&[(&str, &str, &str, &str)]] = &[
            &[
                (
                    "list_skills",
                    "/skills",
                    "list_skills_skills_get",
                    "list_skills",
                ),
                (
                    "list_skills",
                    "/marketplace/skills",
                    "list_skills_marketplace_skills_get",
                    "list_marketplace_skills",
                ),
                ("get_skill", "/skills/{skill_id}", "g1", "get_skill"),
                (
                    "get_skill",
                    "/marketplace/skills/{skill_slug}",
                    "g2",
                    "get_marketplace_skill",
                ),
                ("create_skill", "/skills", "c", "create_skill"),
            ],
            // After the shared segments: at the end; versions last.
            &[
                ("get_user", "/users/{id}", "a", "get_user"),
                (
                    "get_user",
                    "/users/by-email/{email}",
                    "b",
                    "get_user_by_email",
                ),
                ("get_user", "/v2/users/{id}", "c", "get_user_v2"),
            ],
            &[
                ("list_users", "/api/v1/users", "a", "list_users_v1"),
                ("list_users", "/api/v2/users", "b", "list_users_v2"),
            ],
            &[
                (
                    "list_calls",
                    "/2010-04-01/Calls.json",
                    "a",
                    "list_calls_2010_04_01",
                ),
                (
                    "list_calls",
                    "/2024-01-01/Calls.json",
                    "b",
                    "list_calls_2024_01_01",
                ),
            ],
            // A keyword stays one; told apart, it is an ordinary word.
            &[
                ("r#type", "/type", "a", "r#type"),
                ("r#type", "/admin/type", "b", "type_admin"),
            ],
            // Nothing in the paths tells them apart: the full names.
            &[
                (
                    "get_thing",
                    "/things/{id}",
                    "get_thing_by_id",
                    "get_thing_by_id",
                ),
                (
                    "get_thing",
                    "/things/{slug}",
                    "get_thing_by_slug",
                    "get_thing_by_slug",
                ),
            ],
            // A name told apart that another operation already has: the full names.
            &[
                ("list", "/a/list", "list_a_full", "list_a_full"),
                ("list", "/list", "list_full", "list"),
                ("list_a", "/b", "list_a_b", "list_a"),
            ],
        ];
        for group in table {
            let short: Vec<String> = group.iter().map(|r| r.0.to_owned()).collect();
            let paths: Vec<&str> = group.iter().map(|r| r.1).collect();
            let full: Vec<String> = group.iter().map(|r| r.2.to_owned()).collect();
            let want: Vec<&str> = group.iter().map(|r| r.3).collect();
            assert_eq!(told_apart(&short, &paths, &full), want, "{group:?}");
        }
    }

    #[test]
    fn module_paths_are_cleaned_from_type_names() {
        // (schema names in document order, their Rust names)
        let table: &[(&[&str], &[&str])] = &[
            (
                &["app__endpoints__api__v3__sessions__views__RunTaskRequest"],
                &["RunTaskRequest"],
            ),
            (
                &[
                    "app__endpoints__api__v3__sessions__views__RunTaskRequest",
                    "app__endpoints__api__v2__tasks__views__RunTaskRequest",
                ],
                &["SessionsRunTaskRequest", "TasksRunTaskRequest"],
            ),
            // A plain schema keeps its name; the pathed one takes the nearest segment.
            (&["Pod", "io.k8s.api.core.v1.Pod"], &["Pod", "V1Pod"]),
            (
                &[
                    "io.k8s.api.core.v1.Pod",
                    "io.k8s.api.core.v2.Pod",
                    "io.k8s.api.apps.v1.Pod",
                ],
                &["CoreV1Pod", "V2Pod", "AppsV1Pod"],
            ),
            // A name the generated code uses.
            (&["com.example.Result"], &["ExampleResult"]),
            (&["com.example.Foo", "User.Create"], &["Foo", "UserCreate"]),
            // Members of a collision that have looked at different depths.
            (
                &["x.a.b.Foo", "y.a.b.Foo", "z.c.Foo", "a.b.Foo"],
                &["XBFoo", "YBFoo", "CFoo", "BFoo"],
            ),
            // Nothing left to tell them apart: the namespace numbers them later.
            (&["a.Foo", "Foo"], &["AFoo", "Foo"]),
            (&["a.Foo", "a__Foo"], &["Foo", "Foo"]),
        ];
        for (names, want) in table {
            assert_eq!(component_type_names(names), *want, "{names:?}");
        }
    }

    #[test]
    fn success_variants_are_named_by_status() {
        for (status, variant) in [
            (200, "Ok"),
            (201, "Created"),
            (202, "Accepted"),
            (204, "NoContent"),
            (404, "NotFound"),
        ] {
            assert_eq!(naming::status_variant(status), variant, "{status}");
        }
    }
}
