//! Markings: what a selection's `paginate operation …` line says, checked
//! against the operation it names. The first thing it names that the
//! operation does not have is the error.

use super::page::{boolean, first_page, is_integer, page_param, step, string, struct_fields, Page};
use super::*;

/// What a marking says, checked against the operation.
pub(super) fn marking(
    op: &Operation,
    types: &[TypeDef],
    m: &Paginate,
) -> Result<Option<Pagination>, String> {
    if m.scheme == MarkedScheme::Off {
        return Ok(None);
    }
    let page = Page::of(op, types).ok_or_else(|| {
        format!(
            "`{}` has no single JSON success body to read pages from",
            m.target
        )
    })?;
    let marked = Marked { m, page };
    let (items, item_type) = marked.items()?;
    let has_more = marked.field("has_more", boolean, "a boolean")?;
    let scheme = match m.scheme {
        MarkedScheme::Off => return Ok(None),
        MarkedScheme::Page => marked.page_number(has_more)?,
        MarkedScheme::Offset => PageScheme::Offset {
            offset: marked
                .integer_param("offset")?
                .ok_or("`offset=PARAM` is missing")?,
            limit: marked.integer_param("limit")?,
            total: marked.total()?,
            has_more,
        },
        MarkedScheme::Cursor => marked.cursor(&item_type, has_more)?,
        MarkedScheme::NextUrl => PageScheme::NextUrl {
            url: marked
                .field("next_url", string, "a string")?
                .ok_or("`next_url=FIELD` is missing")?,
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

/// A marking and the page of the operation it marks: the parameters and
/// fields it names, looked up.
struct Marked<'m, 't> {
    m: &'m Paginate,
    page: Page<'t>,
}

impl Marked<'_, '_> {
    /// The query parameter the marking names under `key`, if it names one.
    fn param(&self, key: &str) -> Result<Option<PageParam>, String> {
        let Some(name) = self.m.get(key) else {
            return Ok(None);
        };
        let f = self
            .page
            .param_named(name)
            .ok_or_else(|| format!("`{}` has no query parameter `{name}`", self.m.target))?;
        page_param(f).map(Some).ok_or_else(|| {
            format!("the query parameter `{name}` is not a string or an integer that can be set")
        })
    }

    /// As [`Marked::param`], which must be an integer.
    fn integer_param(&self, key: &str) -> Result<Option<PageParam>, String> {
        match self.param(key)? {
            Some(p) if !is_integer(&p.ty) => Err(format!(
                "`{key}={}` must name an integer parameter, not a {}",
                p.wire_name, p.ty
            )),
            other => Ok(other),
        }
    }

    /// A field of the success body by its dotted wire path.
    fn path(&self, dotted: &str) -> Result<FieldPath, String> {
        self.page.path(dotted).ok_or_else(|| {
            format!(
                "the success body of `{}` has no field `{dotted}`",
                self.m.target
            )
        })
    }

    /// The field the marking names under `key`, if it names one, of a type
    /// `want` accepts (`what` says which).
    fn field(
        &self,
        key: &str,
        want: fn(&TypeRef) -> bool,
        what: &str,
    ) -> Result<Option<FieldPath>, String> {
        let Some(dotted) = self.m.get(key) else {
            return Ok(None);
        };
        let path = self.path(dotted)?;
        if want(&path.ty) {
            Ok(Some(path))
        } else {
            Err(format!(
                "`{key}={dotted}` must name {what}, not a {}",
                path.ty
            ))
        }
    }

    /// The `total` field, if named: an integer.
    fn total(&self) -> Result<Option<FieldPath>, String> {
        self.field("total", is_integer, "an integer")
    }

    /// The items: the array `items=` names, else those recognition finds.
    fn items(&self) -> Result<(Option<FieldPath>, TypeRef), String> {
        match self.m.get("items") {
            Some(dotted) => {
                let path = self.path(dotted)?;
                match &path.ty {
                    TypeRef::Array(item) => {
                        let item = (**item).clone();
                        Ok((Some(path), item))
                    }
                    other => Err(format!(
                        "`items={dotted}` must name an array, not a {other}"
                    )),
                }
            }
            None => self.page.items().ok_or_else(|| {
                format!(
                    "the items of `{}` are not found: name their array with `items=FIELD`",
                    self.m.target
                )
            }),
        }
    }

    /// `page=PARAM`, with `size`, `total` and `total_pages` if named.
    fn page_number(&self, has_more: Option<FieldPath>) -> Result<PageScheme, String> {
        let number = self
            .integer_param("page")?
            .ok_or("`page=PARAM` is missing")?;
        let f = self.page.param_named(&number.wire_name);
        Ok(PageScheme::PageNumber {
            first: first_page(&number, f),
            size: self.integer_param("size")?,
            size_field: None,
            page: number,
            total: self.total()?,
            total_pages: self.field("total_pages", is_integer, "an integer")?,
            has_more,
        })
    }

    /// `cursor=PARAM`, and where its next value is: `next=FIELD` of the
    /// page or `next_item=FIELD` of its last item.
    fn cursor(
        &self,
        item_type: &TypeRef,
        has_more: Option<FieldPath>,
    ) -> Result<PageScheme, String> {
        let p = self.param("cursor")?.ok_or("`cursor=PARAM` is missing")?;
        let next = match (self.m.get("next"), self.m.get("next_item")) {
            (Some(dotted), None) => {
                let path = self.path(dotted)?;
                if kind(&path.ty) != kind(&p.ty) || !(is_integer(&path.ty) || string(&path.ty)) {
                    return Err(format!(
                        "`next={dotted}` is a {}, and the parameter `{}` a {}",
                        path.ty, p.wire_name, p.ty
                    ));
                }
                CursorSource::Field(path)
            }
            (None, Some(name)) => {
                let id = struct_fields(self.page.types, item_type)
                    .and_then(|fields| fields.iter().find(|f| f.wire_name == name))
                    .ok_or_else(|| {
                        format!("the items of `{}` have no field `{name}`", self.m.target)
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
            _ => return Err("give the next cursor as `next=FIELD` or `next_item=FIELD`".to_owned()),
        };
        Ok(PageScheme::Cursor {
            param: p,
            next,
            has_more,
        })
    }
}

/// A cursor's kind, as the messages name it.
fn kind(t: &TypeRef) -> &'static str {
    if is_integer(t) {
        "integer"
    } else {
        "string"
    }
}
