//! Recognition: the scheme an operation's query parameters and response
//! agree on, found by the names APIs commonly give them.

use super::page::{boolean, first_page, is_integer, norm, step, string, struct_fields, Page};
use super::*;

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
        Method::Query | Method::Other(_) => &None,
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
pub(super) fn recognise(doc: &OpenAPI, op: &Operation, page: &Page<'_>) -> Option<Pagination> {
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
