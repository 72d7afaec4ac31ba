//! Pagination: which operations return a list a page at a time, and how
//! the next page is asked for ([`Pagination`]). Recognised from the
//! operation's query parameters and its 2xx JSON body when the two agree,
//! or marked in the selection (`paginate operation …`, see
//! [`super::select`]), which also turns recognition off for one operation.
//!
//! Recognition is conservative: a scheme is taken only when a parameter
//! and a field of the response (or a documented `Link` header) say the
//! same thing, and the page's items are found. Of the schemes an operation
//! matches, the first of this order is taken: the `Link` header, a next
//! page's URL in the body, an offset, a page number, a cursor (an API that
//! offers an offset beside a cursor, such as Box's `usemarker`, uses the
//! offset unless asked otherwise).
//!
//! | Scheme | Parameter | The response says |
//! |---|---|---|
//! | `Link` header | a page, size or cursor parameter | a documented `Link` header |
//! | next URL | a page, size or cursor parameter | `next_page_url`, `next_page_uri`, `nextLink`, `links.next` (a URL) |
//! | offset | `offset`, `skip` (integer) | a total (`total_count`, `total`, …) or the offset echoed |
//! | page number | `page`, `pageNumber`, `page_number` (integer) | a total, the pages, the page echoed, or `has_more` |
//! | cursor | `cursor`, `marker`, `page_token`, … | `next_cursor`, `next_marker`, `next_page_token` (`next_` + the parameter) |
//! | cursor | `after`, `starting_after` | `last_id`, `next`; or `has_more` and items with an `id` |
//!
//! The items are the body when it is an array; else its one array field,
//! or the one named `data`, `items`, `results`, `entries`, `records`,
//! `values`, `elements`, `objects`, `list` or `rows`.

use super::select::{MarkedScheme, Paginate};
use super::*;

/// Object fields a page's metadata is nested in (`meta.next_page_url`).
const NESTS: &[&str] = &[
    "meta",
    "metadata",
    "responsemetadata",
    "pagination",
    "paging",
    "pageinfo",
    "links",
    "links_",
];
const ITEMS: &[&str] = &[
    "data", "items", "results", "entries", "records", "values", "elements", "objects", "list",
    "rows",
];
const PAGE_PARAMS: &[&str] = &["page", "pagenumber", "pagenum", "pageno"];
const SIZE_PARAMS: &[&str] = &[
    "pagesize",
    "perpage",
    "limit",
    "size",
    "pagelimit",
    "maxresults",
];
const OFFSET_PARAMS: &[&str] = &["offset", "skip"];
const LIMIT_PARAMS: &[&str] = &[
    "limit",
    "pagesize",
    "perpage",
    "count",
    "take",
    "maxresults",
];
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "startcursor",
    "pagecursor",
    "after",
    "startingafter",
    "marker",
    "pagetoken",
    "nexttoken",
    "continuationtoken",
];
const AFTER_PARAMS: &[&str] = &["after", "startingafter"];
const TOTALS: &[&str] = &[
    "total",
    "totalcount",
    "totalitems",
    "totalresults",
    "totalsize",
    "totalrecords",
];
const TOTAL_PAGES: &[&str] = &["totalpages", "pagecount", "numpages"];
const PAGE_ECHOES: &[&str] = &["page", "pagenumber", "currentpage"];
const SIZE_ECHOES: &[&str] = &["pagesize", "perpage", "limit", "size"];
const HAS_MORE: &[&str] = &["hasmore", "hasnext", "hasnextpage", "hasmoreitems", "more"];
const NEXT_URLS: &[&str] = &[
    "nextpageurl",
    "nextpageuri",
    "nexturl",
    "nexturi",
    "nextlink",
    "odatanextlink",
    "next",
    "nextpage",
];

/// Lower case, letters and digits only: `next_page_URL` → `nextpageurl`.
fn norm(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The fields of a struct, by name.
fn struct_fields<'t>(types: &'t [TypeDef], ty: &TypeRef) -> Option<&'t [Field]> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    let i = types.binary_search_by(|t| t.name.as_str().cmp(name)).ok()?;
    match &types.get(i)?.kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

fn access(repr: FieldRepr) -> Access {
    match repr {
        FieldRepr::Required | FieldRepr::Defaulted => Access::Plain,
        FieldRepr::RequiredNullable | FieldRepr::Optional | FieldRepr::NullableDefaulted => {
            Access::Option
        }
        FieldRepr::OptionalNullable => Access::Nullable,
    }
}

fn step(f: &Field) -> FieldStep {
    FieldStep {
        wire_name: f.wire_name.clone(),
        field: f.name.clone(),
        access: access(f.repr),
    }
}

fn is_integer(t: &TypeRef) -> bool {
    matches!(t, TypeRef::I32 | TypeRef::I64)
}

/// What an operation's page looks like: its body's fields, its query
/// parameters, the items.
struct Page<'t> {
    types: &'t [TypeDef],
    body: &'t TypeRef,
    /// The body's fields, when it is a struct.
    fields: &'t [Field],
    /// The operation's query parameters.
    params: &'t [Field],
}

impl<'t> Page<'t> {
    fn of(op: &'t Operation, types: &'t [TypeDef]) -> Option<Self> {
        let uploads = op.body.as_ref().is_some_and(|b| {
            matches!(
                b.media,
                RequestMedia::Multipart { .. } | RequestMedia::Binary { .. }
            )
        });
        if op.response_enum.is_some() || uploads {
            return None;
        }
        let body = op.successes.first()?.body.as_ref()?.json()?;
        let params = match &op.params {
            Some(p) => struct_fields(types, &p.ty)?,
            None => &[],
        };
        Some(Page {
            types,
            body,
            fields: struct_fields(types, body).unwrap_or_default(),
            params,
        })
    }

    /// A top-level field whose name is one of `names`, of a type `want` accepts.
    fn field(&self, names: &[&str], want: fn(&TypeRef) -> bool) -> Option<FieldPath> {
        self.find(names, want, true)
    }

    /// As [`Page::field`], or one nested in a metadata object (`meta`).
    fn find(&self, names: &[&str], want: fn(&TypeRef) -> bool, nest: bool) -> Option<FieldPath> {
        let found = |fields: &[Field]| {
            names.iter().find_map(|n| {
                fields
                    .iter()
                    .find(|f| norm(&f.wire_name) == *n && want(&f.ty))
                    .cloned()
            })
        };
        if let Some(f) = found(self.fields) {
            return Some(FieldPath {
                steps: vec![step(&f)],
                ty: f.ty.clone(),
            });
        }
        if !nest {
            return None;
        }
        self.fields
            .iter()
            .filter(|f| NESTS.contains(&norm(&f.wire_name).as_str()) || f.wire_name == "_links")
            .find_map(|outer| {
                let inner = found(struct_fields(self.types, &outer.ty)?)?;
                Some(FieldPath {
                    steps: vec![step(outer), step(&inner)],
                    ty: inner.ty.clone(),
                })
            })
    }

    /// A field by its dotted wire path (`meta.next_page_url`), as a marking names it.
    fn path(&self, dotted: &str) -> Option<FieldPath> {
        let mut fields = self.fields;
        let mut steps = Vec::new();
        let mut ty = None;
        for name in dotted.split('.') {
            let f = fields.iter().find(|f| f.wire_name == name)?;
            steps.push(step(f));
            fields = struct_fields(self.types, &f.ty).unwrap_or_default();
            ty = Some(f.ty.clone());
        }
        Some(FieldPath { steps, ty: ty? })
    }

    /// A query parameter whose name is one of `names`, of a type `want` accepts.
    fn param(&self, names: &[&str], want: fn(&TypeRef) -> bool) -> Option<PageParam> {
        names.iter().find_map(|n| {
            self.params
                .iter()
                .find(|f| f.location == Location::Query && norm(&f.wire_name) == *n && want(&f.ty))
                .and_then(page_param)
        })
    }

    /// A query parameter by its wire name, as a marking names it.
    fn param_named(&self, name: &str) -> Option<&'t Field> {
        self.params
            .iter()
            .find(|f| f.location == Location::Query && f.wire_name == name)
    }

    /// The items: the body when it is an array, else its one array field
    /// or the one with a well-known name.
    fn items(&self) -> Option<(Option<FieldPath>, TypeRef)> {
        if let TypeRef::Array(item) = self.body {
            return Some((None, (**item).clone()));
        }
        let arrays: Vec<&Field> = self
            .fields
            .iter()
            .filter(|f| matches!(f.ty, TypeRef::Array(_)))
            .collect();
        let chosen = match arrays.as_slice() {
            [one] => *one,
            _ => {
                let known: Vec<&&Field> = arrays
                    .iter()
                    .filter(|f| ITEMS.contains(&norm(&f.wire_name).as_str()))
                    .collect();
                match known.as_slice() {
                    [one] => **one,
                    _ => return None,
                }
            }
        };
        self.items_at(chosen)
    }

    fn items_at(&self, f: &Field) -> Option<(Option<FieldPath>, TypeRef)> {
        let TypeRef::Array(item) = &f.ty else {
            return None;
        };
        Some((
            Some(FieldPath {
                steps: vec![step(f)],
                ty: f.ty.clone(),
            }),
            (**item).clone(),
        ))
    }
}

/// A query parameter as a page stream sets it: an integer or a string,
/// required or optional.
fn page_param(f: &Field) -> Option<PageParam> {
    let optional = match f.repr {
        FieldRepr::Required => false,
        FieldRepr::Optional => true,
        _ => return None,
    };
    if !is_integer(&f.ty) && f.ty != TypeRef::String {
        return None;
    }
    let default = match &f.default {
        Some(Literal::Integer(i)) => Some(*i),
        _ => None,
    };
    Some(PageParam {
        wire_name: f.wire_name.clone(),
        field: f.name.clone(),
        ty: f.ty.clone(),
        optional,
        default,
    })
}

/// The first page's number: the default, else the minimum, else 1.
fn first_page(page: &PageParam, field: Option<&Field>) -> i64 {
    page.default
        .or_else(|| match field?.constraints.minimum {
            Some(Bound {
                value: Number::Int(i),
                exclusive: false,
            }) => Some(i),
            _ => None,
        })
        .unwrap_or(1)
}

fn boolean(t: &TypeRef) -> bool {
    *t == TypeRef::Boolean
}

fn string(t: &TypeRef) -> bool {
    *t == TypeRef::String
}

/// Whether the operation documents a `Link` header on a 2xx response.
fn documents_link(doc: &OpenAPI, op: &Operation) -> bool {
    let Some(ReferenceOr::Item(item)) = doc.paths.paths.get(&op.path) else {
        return false;
    };
    let operation = match op.method {
        Method::Get => &item.get,
        Method::Put => &item.put,
        Method::Post => &item.post,
        Method::Delete => &item.delete,
        Method::Options => &item.options,
        Method::Head => &item.head,
        Method::Patch => &item.patch,
        Method::Trace => &item.trace,
    };
    let Some(operation) = operation else {
        return false;
    };
    operation
        .responses
        .responses
        .iter()
        .filter(|(status, _)| match status {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        })
        .filter_map(|(_, r)| match r {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => {
                let name = component_in(reference, "responses")?;
                match doc.components.as_ref()?.responses.get(&name)? {
                    ReferenceOr::Item(r) => Some(r),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        })
        .any(|r| r.headers.keys().any(|h| h.eq_ignore_ascii_case("link")))
}

/// The scheme an operation's parameters and response agree on, if any.
fn recognise(doc: &OpenAPI, op: &Operation, page: &Page<'_>) -> Option<Pagination> {
    if op.method != Method::Get {
        return None;
    }
    let (items, item_type) = page.items()?;
    let pagination = |scheme| Pagination {
        scheme,
        items: items.clone(),
        item_type: item_type.clone(),
        pages_method: String::new(),
        items_method: String::new(),
        marked_on: None,
    };
    let any = |_: &TypeRef| true;
    let int: fn(&TypeRef) -> bool = is_integer;
    let paging_param = [PAGE_PARAMS, SIZE_PARAMS, OFFSET_PARAMS, CURSOR_PARAMS]
        .iter()
        .any(|names| page.param(names, any).is_some());
    let has_more = page.find(HAS_MORE, boolean, true);
    if paging_param && documents_link(doc, op) {
        return Some(pagination(PageScheme::LinkHeader));
    }
    if paging_param {
        let url = page.find(NEXT_URLS, string, true).filter(|path| {
            let name = path
                .steps
                .last()
                .map(|s| norm(&s.wire_name))
                .unwrap_or_default();
            let format = next_url_format(page, path);
            ["url", "uri", "link"].iter().any(|w| name.contains(w)) || format
        });
        if let Some(url) = url {
            return Some(pagination(PageScheme::NextUrl {
                url,
                has_more: has_more.clone(),
            }));
        }
    }
    let total = page.find(TOTALS, is_integer, true);
    if let Some(offset) = page.param(OFFSET_PARAMS, int) {
        let echoed = page.field(&[norm(&offset.wire_name).as_str()], int);
        if total.is_some() || echoed.is_some() {
            return Some(pagination(PageScheme::Offset {
                offset,
                limit: page.param(LIMIT_PARAMS, int),
                total,
                has_more,
            }));
        }
    }
    if let Some(number) = page.param(PAGE_PARAMS, int) {
        let total_pages = page.find(TOTAL_PAGES, int, true);
        let echoed = page.find(PAGE_ECHOES, int, true);
        if total.is_some() || total_pages.is_some() || echoed.is_some() || has_more.is_some() {
            let field = page.param_named(&number.wire_name);
            return Some(pagination(PageScheme::PageNumber {
                first: first_page(&number, field),
                size: page.param(SIZE_PARAMS, int),
                size_field: page.find(SIZE_ECHOES, int, true),
                page: number,
                total,
                total_pages,
                has_more,
            }));
        }
    }
    cursor(page, has_more, &item_type).map(pagination)
}

/// Whether the spec says a field is a URL (`format: uri`, `uri-reference`, `url`).
fn next_url_format(page: &Page<'_>, path: &FieldPath) -> bool {
    let mut fields = page.fields;
    let mut format = None;
    for s in &path.steps {
        let Some(f) = fields.iter().find(|f| f.wire_name == s.wire_name) else {
            return false;
        };
        format = f.docs.format.clone();
        fields = struct_fields(page.types, &f.ty).unwrap_or_default();
    }
    matches!(format.as_deref(), Some("uri" | "uri-reference" | "url"))
}

/// A cursor parameter and the response field that gives its next value.
fn cursor(page: &Page<'_>, has_more: Option<FieldPath>, item_type: &TypeRef) -> Option<PageScheme> {
    let scalar = |t: &TypeRef| is_integer(t) || *t == TypeRef::String;
    // `page` as a string is a token (OpenAI's usage reports: `next_page`).
    let param = page
        .param(CURSOR_PARAMS, scalar)
        .or_else(|| page.param(&["page"], string))?;
    let name = norm(&param.wire_name);
    let same_kind = |t: &TypeRef| (is_integer(t) && is_integer(&param.ty)) || *t == param.ty;
    let mut wanted = vec![format!("next{name}")];
    for prefix in ["starting", "start"] {
        if let Some(rest) = name.strip_prefix(prefix) {
            wanted.push(format!("next{rest}"));
        }
    }
    if AFTER_PARAMS.contains(&name.as_str()) {
        wanted.extend([
            "lastid".to_owned(),
            "next".to_owned(),
            "nextcursor".to_owned(),
        ]);
    }
    if name == "cursor" {
        wanted.push("next".to_owned());
    }
    let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
    let next = wanted.iter().find_map(|w| {
        let path = page.find(&[w], scalar, true)?;
        same_kind(&path.ty).then_some(path)
    });
    let next = match next {
        Some(path) => CursorSource::Field(path),
        // `after` an item's id, with `has_more` to tell the end (Stripe, OpenAI).
        None if AFTER_PARAMS.contains(&name.as_str()) && has_more.is_some() => {
            let id = struct_fields(page.types, item_type)?.iter().find(|f| {
                f.wire_name == "id" && f.repr == FieldRepr::Required && same_kind(&f.ty)
            })?;
            CursorSource::LastItem(FieldPath {
                steps: vec![step(id)],
                ty: id.ty.clone(),
            })
        }
        None => return None,
    };
    Some(PageScheme::Cursor {
        param,
        next,
        has_more,
    })
}

/// Finds, for each operation, the scheme it follows or the selection marks,
/// and checks each marking against the spec (an error naming its line when
/// it names what the operation does not have).
pub(super) fn paginate(
    doc: &OpenAPI,
    operations: &mut [Operation],
    types: &[TypeDef],
    select: &[Selector],
    diags: &mut Diagnostics,
) {
    let markings: Vec<&Paginate> = select
        .iter()
        .filter_map(|s| match s {
            Selector::Paginate(p) => Some(p),
            _ => None,
        })
        .collect();
    let mut marked: BTreeMap<usize, Option<Pagination>> = BTreeMap::new();
    for m in markings {
        let found = operations
            .iter()
            .position(|op| op.method_name.trim_start_matches("r#") == m.target)
            .or_else(|| operations.iter().position(|op| op.operation_id == m.target));
        let Some(i) = found else {
            diags.push(
                crate::diag::Diagnostic::error(
                    "/paths",
                    format!(
                        "{}: no selected operation is named `{}`",
                        m.source(),
                        m.target
                    ),
                )
                .with_help("name an operation id, or a method name as generated"),
            );
            continue;
        };
        let Some(op) = operations.get(i) else {
            continue;
        };
        if marked.contains_key(&i) {
            diags.error(
                op.pointer.as_str(),
                format!(
                    "{}: `{}` is marked on another line already",
                    m.source(),
                    m.target
                ),
            );
            continue;
        }
        match marking(op, types, m) {
            Ok(p) => {
                marked.insert(i, p);
            }
            Err(why) => diags.error(op.pointer.as_str(), format!("{}: {why}", m.source())),
        }
    }
    for (i, op) in operations.iter_mut().enumerate() {
        op.pagination = match marked.remove(&i) {
            Some(p) => p,
            None => Page::of(op, types).and_then(|page| recognise(doc, op, &page)),
        };
    }
}

/// What a marking says, checked against the operation.
fn marking(op: &Operation, types: &[TypeDef], m: &Paginate) -> Result<Option<Pagination>, String> {
    if m.scheme == MarkedScheme::Off {
        return Ok(None);
    }
    let page = Page::of(op, types).ok_or_else(|| {
        format!(
            "`{}` has no single JSON success body to read pages from",
            m.target
        )
    })?;
    let param = |key: &str| -> Result<Option<PageParam>, String> {
        let Some(name) = m.get(key) else {
            return Ok(None);
        };
        let f = page
            .param_named(name)
            .ok_or_else(|| format!("`{}` has no query parameter `{name}`", m.target))?;
        page_param(f).map(Some).ok_or_else(|| {
            format!("the query parameter `{name}` is not a string or an integer that can be set")
        })
    };
    let integer_param = |key: &str| -> Result<Option<PageParam>, String> {
        match param(key)? {
            Some(p) if !is_integer(&p.ty) => Err(format!(
                "`{key}={}` must name an integer parameter, not a {}",
                p.wire_name, p.ty
            )),
            other => Ok(other),
        }
    };
    let field =
        |key: &str, want: fn(&TypeRef) -> bool, what: &str| -> Result<Option<FieldPath>, String> {
            let Some(dotted) = m.get(key) else {
                return Ok(None);
            };
            let path = page.path(dotted).ok_or_else(|| {
                format!("the success body of `{}` has no field `{dotted}`", m.target)
            })?;
            if want(&path.ty) {
                Ok(Some(path))
            } else {
                Err(format!(
                    "`{key}={dotted}` must name {what}, not a {}",
                    path.ty
                ))
            }
        };
    let (items, item_type) = match m.get("items") {
        Some(dotted) => {
            let path = page.path(dotted).ok_or_else(|| {
                format!("the success body of `{}` has no field `{dotted}`", m.target)
            })?;
            match &path.ty {
                TypeRef::Array(item) => {
                    let item = (**item).clone();
                    (Some(path), item)
                }
                other => {
                    return Err(format!(
                        "`items={dotted}` must name an array, not a {other}"
                    ))
                }
            }
        }
        None => page.items().ok_or_else(|| {
            format!(
                "the items of `{}` are not found: name their array with `items=FIELD`",
                m.target
            )
        })?,
    };
    let has_more = field("has_more", boolean, "a boolean")?;
    let total = || field("total", is_integer, "an integer");
    let scheme = match m.scheme {
        MarkedScheme::Off => return Ok(None),
        MarkedScheme::Page => {
            let number = integer_param("page")?.ok_or("`page=PARAM` is missing")?;
            let f = page.param_named(&number.wire_name);
            PageScheme::PageNumber {
                first: first_page(&number, f),
                size: integer_param("size")?,
                size_field: None,
                page: number,
                total: total()?,
                total_pages: field("total_pages", is_integer, "an integer")?,
                has_more,
            }
        }
        MarkedScheme::Offset => PageScheme::Offset {
            offset: integer_param("offset")?.ok_or("`offset=PARAM` is missing")?,
            limit: integer_param("limit")?,
            total: total()?,
            has_more,
        },
        MarkedScheme::Cursor => {
            let p = param("cursor")?.ok_or("`cursor=PARAM` is missing")?;
            let kind = |t: &TypeRef| {
                if is_integer(t) {
                    "integer"
                } else {
                    "string"
                }
            };
            let next = match (m.get("next"), m.get("next_item")) {
                (Some(dotted), None) => {
                    let path = page.path(dotted).ok_or_else(|| {
                        format!("the success body of `{}` has no field `{dotted}`", m.target)
                    })?;
                    if kind(&path.ty) != kind(&p.ty) || !(is_integer(&path.ty) || string(&path.ty))
                    {
                        return Err(format!(
                            "`next={dotted}` is a {}, and the parameter `{}` a {}",
                            path.ty, p.wire_name, p.ty
                        ));
                    }
                    CursorSource::Field(path)
                }
                (None, Some(name)) => {
                    let id = struct_fields(types, &item_type)
                        .and_then(|fields| fields.iter().find(|f| f.wire_name == name))
                        .ok_or_else(|| {
                            format!("the items of `{}` have no field `{name}`", m.target)
                        })?;
                    if id.repr != FieldRepr::Required || kind(&id.ty) != kind(&p.ty) {
                        return Err(format!(
                            "`next_item={name}` must be a required {} field of every item",
                            kind(&p.ty)
                        ));
                    }
                    CursorSource::LastItem(FieldPath {
                        steps: vec![step(id)],
                        ty: id.ty.clone(),
                    })
                }
                _ => {
                    return Err(
                        "give the next cursor as `next=FIELD` or `next_item=FIELD`".to_owned()
                    )
                }
            };
            PageScheme::Cursor {
                param: p,
                next,
                has_more,
            }
        }
        MarkedScheme::NextUrl => PageScheme::NextUrl {
            url: field("next_url", string, "a string")?.ok_or("`next_url=FIELD` is missing")?,
            has_more,
        },
        MarkedScheme::Link => PageScheme::LinkHeader,
    };
    Ok(Some(Pagination {
        scheme,
        items,
        item_type,
        pages_method: String::new(),
        items_method: String::new(),
        marked_on: Some(m.line),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One list operation of each scheme, and some that must not be taken
    /// for one.
    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: Pages, version: "1" }
paths:
  /numbered:
    get:
      operationId: list_numbered
      parameters:
        - { name: pageNumber, in: query, schema: { type: integer, minimum: 1, default: 1 } }
        - { name: pageSize, in: query, schema: { type: integer } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [items, totalItems]
                properties:
                  items: { type: array, items: { $ref: "#/components/schemas/Thing" } }
                  totalItems: { type: integer }
                  pageSize: { type: integer }
  /offsets:
    get:
      operationId: list_offsets
      parameters:
        - { name: offset, in: query, schema: { type: integer } }
        - { name: limit, in: query, schema: { type: integer } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  entries: { type: array, items: { $ref: "#/components/schemas/Thing" } }
                  order: { type: array, items: { type: string } }
                  total_count: { type: integer }
  /cursors:
    get:
      operationId: list_cursors
      parameters:
        - { name: after, in: query, schema: { type: string } }
        - { name: limit, in: query, schema: { type: integer } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [data, has_more]
                properties:
                  data: { type: array, items: { $ref: "#/components/schemas/Thing" } }
                  last_id: { type: string, nullable: true }
                  has_more: { type: boolean }
  /by-id:
    get:
      operationId: list_by_id
      parameters:
        - { name: starting_after, in: query, schema: { type: string } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [data, has_more]
                properties:
                  data: { type: array, items: { $ref: "#/components/schemas/Thing" } }
                  has_more: { type: boolean }
  /urls:
    get:
      operationId: list_urls
      parameters:
        - { name: PageSize, in: query, schema: { type: integer } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  things: { type: array, items: { $ref: "#/components/schemas/Thing" } }
                  meta:
                    type: object
                    properties:
                      next_page_url: { type: string, format: uri, nullable: true }
  /linked:
    get:
      operationId: list_linked
      parameters:
        - { name: per_page, in: query, schema: { type: integer } }
      responses:
        "200":
          description: ok
          headers:
            Link: { schema: { type: string } }
          content:
            application/json:
              schema: { type: array, items: { $ref: "#/components/schemas/Thing" } }
  /dates:
    get:
      operationId: list_dates
      parameters:
        - { name: after, in: query, schema: { type: string, format: date-time } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: { type: array, items: { $ref: "#/components/schemas/Thing" } }
  /mismatch:
    get:
      operationId: list_mismatch
      parameters:
        - { name: marker, in: query, schema: { type: string } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  entries: { type: array, items: { $ref: "#/components/schemas/Thing" } }
                  next_marker: { type: integer }
  /two-arrays:
    get:
      operationId: list_two_arrays
      parameters:
        - { name: cursor, in: query, schema: { type: string } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  a: { type: array, items: { type: string } }
                  b: { type: array, items: { type: string } }
                  next_cursor: { type: string }
    post:
      operationId: create_thing
      parameters:
        - { name: cursor, in: query, schema: { type: string } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: { type: array, items: { type: string } }
                  next_cursor: { type: string }
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: { type: string }
        name: { type: string }
"##;

    fn generate(selection: &str) -> Result<crate::Generated, Vec<String>> {
        let select = parse_selection(selection).map_err(|e| vec![e])?;
        crate::generate(&crate::Input {
            sources: None,
            text: SPEC,
            spec_display: "spec.yaml",
            package_name: Some("pages-client"),
            select,
        })
        .map_err(|e| e.errors().map(|d| d.message.clone()).collect())
    }

    /// Each operation's scheme, in a few words.
    fn schemes(g: &crate::Generated) -> Vec<(String, String)> {
        g.api
            .operations
            .iter()
            .map(|op| {
                let what = match &op.pagination {
                    None => "-".to_owned(),
                    Some(p) => {
                        let items = p
                            .items
                            .as_ref()
                            .map_or("(body)".to_owned(), FieldPath::wire);
                        let scheme = match &p.scheme {
                            PageScheme::PageNumber {
                                page, first, total, ..
                            } => format!(
                                "page {} from {first}, total {}",
                                page.wire_name,
                                total.as_ref().map(FieldPath::wire).unwrap_or_default()
                            ),
                            PageScheme::Offset { offset, total, .. } => format!(
                                "offset {}, total {}",
                                offset.wire_name,
                                total.as_ref().map(FieldPath::wire).unwrap_or_default()
                            ),
                            PageScheme::Cursor {
                                param,
                                next,
                                has_more,
                            } => format!(
                                "cursor {} from {}, has_more {}",
                                param.wire_name,
                                match next {
                                    CursorSource::Field(f) => f.wire(),
                                    CursorSource::LastItem(f) =>
                                        format!("last item's {}", f.wire()),
                                },
                                has_more.as_ref().map(FieldPath::wire).unwrap_or_default()
                            ),
                            PageScheme::NextUrl { url, .. } => format!("url {}", url.wire()),
                            PageScheme::LinkHeader => "link".to_owned(),
                        };
                        format!(
                            "{scheme}; items {items}; {} {}",
                            p.pages_method, p.items_method
                        )
                    }
                };
                (op.method_name.clone(), what)
            })
            .collect()
    }

    #[test]
    fn schemes_are_recognised_where_parameter_and_response_agree() {
        let g = generate("").unwrap();
        let want = [
            ("list_numbered", "page pageNumber from 1, total totalItems; items items; list_numbered_pages list_numbered_items"),
            ("list_offsets", "offset offset, total total_count; items entries; list_offsets_pages list_offsets_items"),
            ("list_cursors", "cursor after from last_id, has_more has_more; items data; list_cursors_pages list_cursors_items"),
            ("list_by_id", "cursor starting_after from last item's id, has_more has_more; items data; list_by_id_pages list_by_id_items"),
            ("list_urls", "url meta.next_page_url; items things; list_urls_pages list_urls_items"),
            ("list_linked", "link; items (body); list_linked_pages list_linked_items"),
            // A date called `after`, a cursor of another type than its
            // parameter, items not told apart, a POST: none.
            ("list_dates", "-"),
            ("list_mismatch", "-"),
            ("list_two_arrays", "-"),
            ("create_thing", "-"),
        ];
        let got = schemes(&g);
        let got: Vec<(&str, &str)> = got.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn markings_set_and_turn_off_schemes() {
        let selection = "\
            paginate operation list_two_arrays cursor=cursor next=next_cursor items=b\n\
            paginate operation create_thing cursor=cursor next=next_cursor\n\
            paginate operation list_numbered off\n\
            paginate operation list_offsets page=offset total=total_count\n";
        let g = generate(selection).unwrap();
        let got = schemes(&g);
        let find = |name: &str| {
            got.iter()
                .find(|(n, _)| n == name)
                .map(|(_, s)| s.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            find("list_two_arrays"),
            "cursor cursor from next_cursor, has_more ; items b; list_two_arrays_pages list_two_arrays_items"
        );
        assert_eq!(
            find("create_thing"),
            "cursor cursor from next_cursor, has_more ; items data; create_thing_pages create_thing_items"
        );
        assert_eq!(find("list_numbered"), "-");
        assert!(find("list_offsets").starts_with("page offset from 1, total total_count"));
        let marked: Vec<(&str, Option<usize>)> = g
            .api
            .operations
            .iter()
            .filter_map(|op| Some((op.method_name.as_str(), op.pagination.as_ref()?.marked_on)))
            .collect();
        assert!(marked.contains(&("list_two_arrays", Some(1))), "{marked:?}");
        assert!(marked.contains(&("list_offsets", Some(4))), "{marked:?}");
        assert!(marked.contains(&("list_cursors", None)), "{marked:?}");
    }

    #[test]
    fn stream_names_never_take_an_operation_s_name() {
        let g = generate("rename operation list_by_id = list_cursors_pages").unwrap();
        let got = schemes(&g);
        assert!(got
            .iter()
            .any(|(n, s)| n == "list_cursors"
                && s.ends_with("list_cursors_pages_2 list_cursors_items")));
    }

    #[test]
    fn markings_that_do_not_fit_are_errors_naming_their_lines() {
        // (selection line, what the error says)
        let table: &[(&str, &str)] = &[
            ("paginate operation nothing off", "line 1 of the selection (`paginate operation nothing off`): no selected operation is named `nothing`"),
            ("paginate operation list_cursors cursor=before next=last_id", "line 1 of the selection (`paginate operation list_cursors cursor=before next=last_id`): `list_cursors` has no query parameter `before`"),
            ("paginate operation list_cursors cursor=after next=first_id", "the success body of `list_cursors` has no field `first_id`"),
            ("paginate operation list_cursors cursor=after next=has_more", "`next=has_more` is a boolean, and the parameter `after` a string"),
            ("paginate operation list_cursors cursor=after next=last_id has_more=data", "`has_more=data` must name a boolean, not a array<Thing>"),
            ("paginate operation list_cursors cursor=after next_item=name", "`next_item=name` must be a required string field of every item"),
            ("paginate operation list_cursors page=after", "`page=after` must name an integer parameter, not a string"),
            ("paginate operation list_urls next_url=meta.next", "has no field `meta.next`"),
            ("paginate operation list_two_arrays link", "the items of `list_two_arrays` are not found: name their array with `items=FIELD`"),
            ("paginate operation list_cursors link items=has_more", "`items=has_more` must name an array, not a boolean"),
            ("paginate operation list_cursors off\npaginate operation list_cursors link", "line 2 of the selection (`paginate operation list_cursors link`): `list_cursors` is marked on another line already"),
        ];
        for (selection, says) in table {
            let errors = generate(selection).err().unwrap_or_default();
            assert!(
                errors.iter().any(|e| e.contains(says)),
                "{selection}: {errors:#?}"
            );
        }
    }

    #[test]
    fn malformed_markings_are_errors_naming_their_lines() {
        let table: &[(&str, &str)] = &[
            ("paginate list_x off", "write `paginate operation"),
            ("paginate operation list_x", "write `paginate operation"),
            ("paginate operation list_x size=pageSize", "write `paginate operation"),
            ("paginate operation list_x page=a offset=b", "give one scheme"),
            ("paginate operation list_x page", "`page`: write `KEY=VALUE`"),
            ("paginate operation list_x off=1", "`off` takes no value"),
            ("paginate operation list_x page=a page=b", "give one scheme"),
            ("paginate operation list_x page=a size=b size=c", "`size` is given twice"),
            ("paginate operation list_x page=a next=b", "`next` is not a key of `page`, which takes `size`, `total`, `total_pages`, `has_more`, `items`"),
            ("paginate operation list_x off items=data", "`off` takes no other key, and `items` is given"),
            ("paginate operation list_x cursor=a", "`cursor` takes the next cursor as `next=FIELD` or `next_item=FIELD` (one of them)"),
            ("paginate operation list_x cursor=a next=b next_item=c", "(one of them)"),
            ("paginate operation list_x page=", "`page=`: write `KEY=VALUE`"),
        ];
        for (line, says) in table {
            let err = parse_selection(&format!("tag:x\n{line}\n")).unwrap_err();
            assert!(
                err.starts_with(&format!("line 2: `{line}`: ")),
                "{line}: {err}"
            );
            assert!(err.contains(says), "{line}: {err}");
        }
        // A selector that merely starts with the word is a selector.
        assert_eq!(
            parse_selection("paginated_things"),
            Ok(vec![Selector::Id("paginated_things".to_owned())])
        );
    }
}
