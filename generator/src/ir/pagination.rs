//! Pagination: how an operation's list is read page by page (the scheme
//! that asks for the next page and knows the end), and the paths to the
//! values inside a page's body it reads.

use super::TypeRef;
use serde::Serialize;

/// An operation that returns a list a page at a time: the client gets a
/// stream of its pages and one of their items, which ask for the next page
/// as the scheme says and stop at the end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pagination {
    pub scheme: PageScheme,
    /// Where a page's items are: a field of the page's body, or (`None`)
    /// the body itself, an array.
    pub items: Option<FieldPath>,
    /// The type of each item.
    pub item_type: TypeRef,
    /// The stream of pages, e.g. `list_sessions_pages`.
    pub pages_method: String,
    /// The stream of items, e.g. `list_sessions_items`.
    pub items_method: String,
    /// The selection's line that marks it; `None` when recognised in the spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marked_on: Option<usize>,
}

/// How the next page is asked for, and how the end is known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PageScheme {
    /// A page number (`pageNumber`, `page`), increased by one for each
    /// page, from the value given or `first`. The end: an empty page,
    /// `has_more` false, the last of `total_pages`, or as many items as
    /// `total` (pages × size).
    PageNumber {
        page: PageParam,
        /// The page size parameter (`pageSize`, `per_page`), if any.
        size: Option<PageParam>,
        /// The first page's number: the parameter's default, else its
        /// minimum, else 1.
        first: i64,
        /// The page size the response echoes.
        size_field: Option<FieldPath>,
        total: Option<FieldPath>,
        total_pages: Option<FieldPath>,
        has_more: Option<FieldPath>,
    },
    /// An item offset (`offset`, `skip`), increased by the items received.
    /// The end: an empty page, `has_more` false, or `total` items.
    Offset {
        offset: PageParam,
        /// The page size parameter (`limit`), if any.
        limit: Option<PageParam>,
        total: Option<FieldPath>,
        has_more: Option<FieldPath>,
    },
    /// A cursor (`after`, `cursor`, `marker`, `PageToken`) the response
    /// gives for the next page. The end: an empty page, `has_more` false, or
    /// no (or an empty) cursor.
    Cursor {
        param: PageParam,
        next: CursorSource,
        has_more: Option<FieldPath>,
    },
    /// The next page's URL in the body (`next_page_uri`, `links.next`),
    /// absolute or relative to the base URL. The end: an empty page, or no
    /// URL.
    NextUrl {
        url: FieldPath,
        has_more: Option<FieldPath>,
    },
    /// The next page's URL in the `Link` header (`rel="next"`, RFC 8288).
    /// The end: an empty page, or no such link.
    LinkHeader,
}

/// Where the next page's cursor comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum CursorSource {
    /// A field of the page (`next_cursor`, `last_id`).
    Field(FieldPath),
    /// A field of the page's last item (its `id`, for `after`).
    LastItem(FieldPath),
}

/// A query parameter a page stream sets: a field of the operation's
/// parameters struct.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageParam {
    /// The name on the wire, e.g. `pageNumber`.
    pub wire_name: String,
    /// The Rust field, e.g. `page_number`.
    pub field: String,
    /// `i32`, `i64` or `string`.
    pub ty: TypeRef,
    /// Whether the field is an `Option` (the parameter is optional).
    pub optional: bool,
    /// The spec's default, for an integer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<i64>,
}

/// A value inside a page's body: the fields to go through, from the body's
/// struct down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldPath {
    pub steps: Vec<FieldStep>,
    /// The value's type (without the `Option` of an optional field).
    pub ty: TypeRef,
}

impl FieldPath {
    /// The wire names, dotted: `meta.next_page_url`.
    pub fn wire(&self) -> String {
        let names: Vec<&str> = self.steps.iter().map(|s| s.wire_name.as_str()).collect();
        names.join(".")
    }
}

/// One field of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldStep {
    pub wire_name: String,
    /// The Rust field name.
    pub field: String,
    pub access: Access,
}

/// How a field's value is held in Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Access {
    /// `T`.
    Plain,
    /// `Option<T>`.
    Option,
    /// `Nullable<T>` (a type also sent in requests).
    Nullable,
}
