// Copied by `cargo xtask codegen` from `generator/runtime/`, do not edit.
//! Paging through list endpoints: page by page, or as one stream of items.
//!
//! Which endpoints page, and how, come from the spec and the generator's
//! settings; a generated `…_pages` method hands [`Paginator`] the small
//! functions that differ per endpoint: how a request is built from its
//! input, how a response is read, and which request field asks for the
//! next page.

use std::collections::{HashSet, VecDeque};

use reqwest::Method;

use super::client::{Client, Request, Response};
use super::error::{Error, RepeatedCursor};

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// What asks for the next page, when one follows.
    pub next: Option<NextPage>,
}

impl<T> Page<T> {
    /// Whether another page follows this one.
    pub fn has_next_page(&self) -> bool {
        self.next.is_some()
    }

    /// The cursor of the next page, for an endpoint that pages by cursor
    /// (or by the last item's identifier).
    pub fn next_page_cursor(&self) -> Option<&str> {
        match &self.next {
            Some(NextPage::Cursor(cursor)) => Some(cursor),
            _ => None,
        }
    }
}

/// What asks for the next page, in the way the endpoint pages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NextPage {
    /// A cursor (or the last item's identifier), sent in the request.
    Cursor(String),
    /// The URL of the `Link` header's `rel="next"`, as the server gave it.
    /// One outside the client's base URL is not followed.
    Link(String),
    /// How many items to skip.
    Offset(u64),
    /// The page number.
    Number(u64),
}

impl std::fmt::Display for NextPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NextPage::Cursor(cursor) | NextPage::Link(cursor) => f.write_str(cursor),
            NextPage::Offset(number) | NextPage::Number(number) => write!(f, "{number}"),
        }
    }
}

/// What a generated `read` function takes from one response: the items,
/// a cursor (the next one, or the last item's identifier), and whether the
/// response says more pages follow.
pub(crate) struct PageParts<T> {
    pub(crate) items: Vec<T>,
    pub(crate) cursor: Option<String>,
    pub(crate) more: Option<bool>,
}

/// How an endpoint asks for the next page: the request field it sets, by
/// functions the generated `…_pages` method gives.
pub(crate) enum PageStyle<Input> {
    /// The cursor the page gave goes in the request; an absent or empty
    /// one, or `more: false`, ends paging.
    Cursor(fn(&mut Input, String)),
    /// The `Link` header's `rel="next"` URL is the next request.
    Link,
    /// The offset grows by the items of each page; an empty page, or one
    /// shorter than the request's limit, ends paging.
    Offset { get: fn(&Input) -> Option<u64>, set: fn(&mut Input, u64), limit: fn(&Input) -> Option<u64> },
    /// The page number grows by one from `first` (the number of the page
    /// a request without one gets); an empty page, or one shorter than the
    /// request's page size, ends paging.
    Number { get: fn(&Input) -> Option<u64>, set: fn(&mut Input, u64), size: fn(&Input) -> Option<u64>, first: u64 },
}

/// Pages through the results of one list request.
///
/// Paging ends after a page that leads to no other. A server that leads
/// to a page it led to before (the same cursor or link) would make paging
/// go round without end: the paginator then stops with
/// [`Error::RepeatedCursor`] instead of asking again (the items of every
/// page read are still returned). A `Link` to a URL outside the client's
/// base URL is not followed (credentials go only there): it is an error.
pub struct Paginator<Input, T> {
    client: Client,
    method: Method,
    path: &'static str,
    input: Input,
    build: fn(&Input) -> Result<Request, Error>,
    read: fn(Response) -> Result<PageParts<T>, Error>,
    style: PageStyle<Input>,
    /// `None` before the first page; then what asks for the next page, if any.
    next: Option<Option<NextPage>>,
    /// What was sent since the first page, to stop a server that leads
    /// back to a page already read.
    sent: HashSet<NextPage>,
}

impl<Input, T> std::fmt::Debug for Paginator<Input, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("started", &self.next.is_some())
            .field("has_next_page", &matches!(self.next, None | Some(Some(_))))
            .finish()
    }
}

impl<Input: Clone, T> Paginator<Input, T> {
    pub(crate) fn new(
        client: Client,
        (method, path): (Method, &'static str),
        input: Input,
        build: fn(&Input) -> Result<Request, Error>,
        read: fn(Response) -> Result<PageParts<T>, Error>,
        style: PageStyle<Input>,
    ) -> Self {
        Paginator { client, method, path, input, build, read, style, next: None, sent: HashSet::new() }
    }

    async fn fetch(&self, next: Option<&NextPage>) -> Result<Page<T>, Error> {
        let mut input = self.input.clone();
        match (&self.style, next) {
            (PageStyle::Cursor(set), Some(NextPage::Cursor(cursor))) => set(&mut input, cursor.clone()),
            (PageStyle::Offset { set, .. }, Some(NextPage::Offset(offset))) => set(&mut input, *offset),
            (PageStyle::Number { set, .. }, Some(NextPage::Number(number))) => set(&mut input, *number),
            _ => {}
        }
        // Reading a page changes nothing on the server.
        let mut request = (self.build)(&input)?.safe_to_repeat();
        if let Some(NextPage::Link(link)) = next {
            request = request.follow(&self.client.relative_link(link)?);
        }
        let response = self.client.send(request).await?;
        let link = match self.style {
            PageStyle::Link => response.next_link(),
            _ => None,
        };
        let parts = (self.read)(response)?;
        let ended = parts.more == Some(false);
        let count = u64::try_from(parts.items.len()).unwrap_or(u64::MAX);
        let next = match &self.style {
            PageStyle::Cursor(_) => parts.cursor.filter(|cursor| !cursor.is_empty() && !ended).map(NextPage::Cursor),
            PageStyle::Link => link.map(NextPage::Link),
            PageStyle::Offset { get, limit, .. } => {
                let short = limit(&input).is_some_and(|limit| count < limit);
                (count > 0 && !ended && !short).then(|| NextPage::Offset(get(&input).unwrap_or(0).saturating_add(count)))
            }
            PageStyle::Number { get, size, first, .. } => {
                let short = size(&input).is_some_and(|size| count < size);
                (count > 0 && !ended && !short).then(|| NextPage::Number(get(&input).unwrap_or(*first).saturating_add(1)))
            }
        };
        Ok(Page { items: parts.items, next })
    }

    /// The first page (again, if pages were read already).
    pub async fn first_page(&mut self) -> Result<Page<T>, Error> {
        let page = self.fetch(None).await?;
        self.sent.clear();
        self.next = Some(page.next.clone());
        Ok(page)
    }

    /// The next page: the first one on the first call, `None` after the last.
    ///
    /// Fails with [`Error::RepeatedCursor`], without sending anything, when
    /// the next page is one this paginator asked for already.
    pub async fn next_page(&mut self) -> Result<Option<Page<T>>, Error> {
        let next = match &self.next {
            None => None,
            Some(None) => return Ok(None),
            Some(Some(next)) if self.sent.contains(next) => {
                return Err(Error::RepeatedCursor(Box::new(RepeatedCursor {
                    method: self.method.as_str().to_owned(),
                    path: self.path.to_owned(),
                    cursor: next.to_string(),
                    pages: self.sent.len() + 1,
                })));
            }
            Some(Some(next)) => Some(next.clone()),
        };
        let page = self.fetch(next.as_ref()).await?;
        self.sent.extend(next);
        self.next = Some(page.next.clone());
        Ok(Some(page))
    }

    /// Every item of every page, fetching pages as the stream is read.
    /// An error ends the stream after it is yielded.
    pub fn items(self) -> impl futures_core::Stream<Item = Result<T, Error>> {
        let state = (self, VecDeque::new(), false);
        futures_util::stream::unfold(state, |(mut paginator, mut buffered, failed)| async move {
            loop {
                if let Some(item) = buffered.pop_front() {
                    return Some((Ok(item), (paginator, buffered, failed)));
                }
                if failed {
                    return None;
                }
                match paginator.next_page().await {
                    Ok(Some(page)) => buffered.extend(page.items),
                    Ok(None) => return None,
                    Err(error) => return Some((Err(error), (paginator, buffered, true))),
                }
            }
        })
    }

    /// Every item of every page, in one `Vec`.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await? {
            items.extend(page.items);
        }
        Ok(items)
    }
}

/// The URL of the `rel="next"` link of a `Link` header (RFC 8288):
/// `<https://api.example.com/items?page=2>; rel="next", <…>; rel="last"`.
pub(crate) fn next_link(header: &str) -> Option<String> {
    let mut rest = header;
    while let Some(start) = rest.find('<') {
        let after = rest.get(start + 1..)?;
        let end = after.find('>')?;
        let url = after.get(..end)?;
        let params_start = after.get(end + 1..)?;
        // The parameters run to the next link, which starts with `<`.
        let params = params_start.split('<').next().unwrap_or_default();
        let is_next = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else { return false };
            let value = value.trim().trim_end_matches(',').trim().trim_matches('"');
            name.trim().eq_ignore_ascii_case("rel") && value.split_ascii_whitespace().any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(url.to_owned());
        }
        rest = params_start;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::next_link;

    #[test]
    fn the_next_link_is_found_among_others() {
        let header = r#"<https://api.github.com/repos?page=1>; rel="prev", <https://api.github.com/repos?page=3>; rel="next", <https://api.github.com/repos?page=9>; rel="last""#;
        assert_eq!(next_link(header).as_deref(), Some("https://api.github.com/repos?page=3"));
        assert_eq!(next_link("</items?after=x>;rel=next").as_deref(), Some("/items?after=x"));
        assert_eq!(next_link(r#"</a>; rel="prev next""#).as_deref(), Some("/a"));
        assert_eq!(next_link(r#"</a>; rel="last""#), None);
        assert_eq!(next_link(""), None);
        assert_eq!(next_link("<unclosed; rel=next"), None);
    }
}
