// Copied by `cargo xtask codegen` from `generator/runtime/`, do not edit.
//! Paging through list endpoints: page by page, or as one stream of items.
//!
//! Which endpoints page, and which properties carry the cursor, come from
//! the spec and the generator's settings; the generated `…_pages` methods
//! hand this type the two small functions that differ per endpoint.

use std::collections::{HashSet, VecDeque};

use reqwest::Method;

use super::client::{Client, Request};
use super::error::{Error, RepeatedCursor};

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The cursor of the next page, when there is one. There is none when
    /// the server gave no cursor, an empty one, or said that no page
    /// follows (`has_next_page: false`, where the page carries that flag).
    pub next_page_cursor: Option<String>,
}

/// A page; an empty cursor means there is no next page. The generated
/// `extract` functions pass no cursor when the response says that no page
/// follows.
pub(crate) fn new_page<T>(items: Vec<T>, next_page_cursor: Option<String>) -> Page<T> {
    Page { items, next_page_cursor: next_page_cursor.filter(|cursor| !cursor.is_empty()) }
}

impl<T> Page<T> {
    /// Whether another page follows this one.
    pub fn has_next_page(&self) -> bool {
        self.next_page_cursor.is_some()
    }
}

/// Pages through the results of one list request, following the server's
/// `next_page_cursor` (never its `next_page_url`).
///
/// Paging ends after a page without a next cursor. A server that gives a
/// cursor it gave before would make paging go round without end: the
/// paginator then stops with [`Error::RepeatedCursor`] instead of sending
/// that cursor again (the items of every page read are still returned).
pub struct Paginator<Request, Response, T> {
    client: Client,
    method: Method,
    path: &'static str,
    request: Request,
    /// The property of a page that holds its items, which must be there.
    items: &'static str,
    set_cursor: fn(&mut Request, String),
    extract: fn(Response) -> Page<T>,
    /// `None` before the first page; then the cursor of the next page, if any.
    next: Option<Option<String>>,
    /// The cursors sent since the first page, to stop a server that leads
    /// back to a page already read.
    sent: HashSet<String>,
}

impl<Request, Response, T> std::fmt::Debug for Paginator<Request, Response, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("started", &self.next.is_some())
            .field("has_next_page", &matches!(self.next, None | Some(Some(_))))
            .finish()
    }
}

impl<Req, Resp, T> Paginator<Req, Resp, T>
where
    Req: serde::Serialize + Clone,
    Resp: serde::de::DeserializeOwned,
{
    pub(crate) fn new(
        client: Client,
        method: Method,
        path: &'static str,
        request: Req,
        items: &'static str,
        set_cursor: fn(&mut Req, String),
        extract: fn(Resp) -> Page<T>,
    ) -> Self {
        Paginator { client, method, path, request, items, set_cursor, extract, next: None, sent: HashSet::new() }
    }

    async fn fetch(&self, cursor: Option<String>) -> Result<Page<T>, Error> {
        let mut request = self.request.clone();
        if let Some(cursor) = cursor {
            (self.set_cursor)(&mut request, cursor);
        }
        // Reading a page changes nothing on the server.
        let http_request = Request::new(self.method.clone(), self.path.to_owned()).safe_to_repeat().json(&request)?;
        let response = self.client.send(http_request).await?;
        // A page without its items is an error that names them, not an
        // empty page.
        response.require_property(self.items)?;
        let response: Resp = response.decode()?;
        Ok((self.extract)(response))
    }

    /// The first page (again, if pages were read already).
    pub async fn first_page(&mut self) -> Result<Page<T>, Error> {
        let page = self.fetch(None).await?;
        self.sent.clear();
        self.next = Some(page.next_page_cursor.clone());
        Ok(page)
    }

    /// The next page: the first one on the first call, `None` after the last.
    ///
    /// Fails with [`Error::RepeatedCursor`], without sending anything, when
    /// the cursor of the next page is one this paginator sent already.
    pub async fn next_page(&mut self) -> Result<Option<Page<T>>, Error> {
        let cursor = match &self.next {
            None => None,
            Some(None) => return Ok(None),
            Some(Some(cursor)) if self.sent.contains(cursor) => {
                return Err(Error::RepeatedCursor(Box::new(RepeatedCursor {
                    method: self.method.as_str().to_owned(),
                    path: self.path.to_owned(),
                    cursor: cursor.clone(),
                    pages: self.sent.len() + 1,
                })));
            }
            Some(Some(cursor)) => Some(cursor.clone()),
        };
        let page = self.fetch(cursor.clone()).await?;
        self.sent.extend(cursor);
        self.next = Some(page.next_page_cursor.clone());
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
