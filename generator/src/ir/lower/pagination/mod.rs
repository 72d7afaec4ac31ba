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

mod marking;
mod page;
mod recognise;

use super::select::{MarkedScheme, Paginate};
use super::*;
use marking::marking;
use page::Page;
use recognise::recognise;

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
            overlays: &[],
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
