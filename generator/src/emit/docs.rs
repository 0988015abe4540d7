//! Documentation comments from spec text.
//!
//! Descriptions are Markdown written for a web page. As rustdoc input they
//! can break things: fenced or indented code would become doctests, `[x]`
//! is an intra-doc link that does not resolve, `<tag>` is unclosed HTML, a
//! bare URL is a lint warning. [`markdown_lines`] turns any text into
//! inert documentation that keeps its links and formatting, and
//! [`doc_attrs`] makes the attributes. Text goes into `#[doc = "..."]`
//! string literals, so nothing in it can end a comment or start code.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// The `#[doc]` attributes for `docs` (the deprecation note included;
/// the `#[deprecated]` attribute itself is [`deprecated_attr`]).
pub(crate) fn doc_attrs(docs: &Docs) -> TokenStream {
    let lines = doc_lines(docs);
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #[doc = #line] }
    });
    quote! { #(#attrs)* }
}

/// `#[deprecated]`, with the note the spec gives, if `docs` says so.
pub(crate) fn deprecated_attr(docs: &Docs) -> TokenStream {
    match &docs.deprecated {
        None => TokenStream::new(),
        Some(deprecation) => match &deprecation.note {
            Some(note) => {
                let note = note.trim();
                quote! { #[deprecated(note = #note)] }
            }
            None => quote! { #[deprecated] },
        },
    }
}

fn push_paragraph(lines: &mut Vec<String>, paragraph: Vec<String>) {
    if paragraph.is_empty() {
        return;
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(paragraph);
}

/// The lines of documentation for `docs`, in Markdown that rustdoc takes.
pub(crate) fn doc_lines(docs: &Docs) -> Vec<String> {
    let mut lines = Vec::new();
    let description = docs.description.as_deref().map(str::trim).filter(|text| !text.is_empty());
    if let Some(title) = docs.title.as_deref().map(str::trim).filter(|text| !text.is_empty()) {
        if description.is_none_or(|description| !description.starts_with(title)) {
            push_paragraph(&mut lines, markdown_lines(title));
        }
    }
    if let Some(description) = description {
        push_paragraph(&mut lines, markdown_lines(description));
    }
    if let Some(deprecation) = &docs.deprecated {
        let text = match deprecation.note.as_deref().map(str::trim).filter(|note| !note.is_empty()) {
            Some(note) => format!("**Deprecated**: {note}"),
            None => "**Deprecated**.".to_owned(),
        };
        push_paragraph(&mut lines, markdown_lines(&text));
    }
    if let Some(reason) = &docs.undocumented {
        let text = match reason.trim() {
            "" => "**Undocumented**: not part of the API's public documentation; it may change without notice.".to_owned(),
            reason => format!("**Undocumented**: not part of the API's public documentation; it may change without notice. {reason}"),
        };
        push_paragraph(&mut lines, markdown_lines(&text));
    }
    if let Some(reason) = &docs.draft {
        let text = match reason.trim() {
            "" => "**Draft**: subject to change.".to_owned(),
            reason => format!("**Draft**: subject to change. {reason}"),
        };
        push_paragraph(&mut lines, markdown_lines(&text));
    }
    if !docs.constraints.is_empty() {
        let text = format!("Constraints: {}.", docs.constraints.join("; "));
        push_paragraph(&mut lines, markdown_lines(&text));
    }
    if let Some(default) = &docs.default {
        push_paragraph(&mut lines, markdown_lines(&format!("Defaults to `{default}`.")));
    }
    for note in &docs.notes {
        push_paragraph(&mut lines, markdown_lines(note));
    }
    lines
}

/// Turns spec text into safe Markdown lines: code fences marked `text`,
/// no indented code blocks, inline text escaped (see [`escape_inline`]).
pub(crate) fn markdown_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let raw_lines: Vec<&str> = text.lines().collect();
    let indent = raw_lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    for raw in raw_lines {
        let line = raw.get(indent..).unwrap_or_else(|| raw.trim_start());
        let line = line.trim_end();
        let trimmed = line.trim_start();
        let fence_marker = ["```", "~~~"].into_iter().find(|marker| trimmed.starts_with(marker));
        if let Some(open) = fence.clone() {
            if trimmed.starts_with(open.as_str()) && trimmed.trim_start_matches(open.chars().next().unwrap_or('`')).is_empty() {
                fence = None;
                out.push(open);
            } else {
                out.push(line.to_owned());
            }
            continue;
        }
        if let Some(marker) = fence_marker {
            let marker = marker.chars().next().unwrap_or('`');
            let run: String = trimmed.chars().take_while(|c| *c == marker).collect();
            let info = trimmed.trim_start_matches(marker).trim();
            // Whatever language the spec names, the block is shown, never compiled.
            let info = if info.is_empty() || info == "rust" || info == "rs" { "text" } else { info };
            let info: String = info.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
            out.push(format!("{run}{}", if info.is_empty() { "text" } else { &info }));
            fence = Some(run);
            continue;
        }
        // Four spaces would start an indented code block (a doctest): at most three.
        let n_spaces = line.len() - trimmed.len();
        let indentation = " ".repeat(n_spaces.min(3));
        // A line after a blockquote would continue it lazily: a blank line ends the quote.
        let after_quote = out.last().is_some_and(|last: &String| last.starts_with('>'));
        if after_quote && !trimmed.is_empty() && !trimmed.starts_with('>') {
            out.push(String::new());
        }
        out.push(if trimmed.is_empty() { String::new() } else { format!("{indentation}{}", escape_block_line(trimmed)) });
    }
    if let Some(open) = fence {
        out.push(open);
    }
    let leading_blanks = out.iter().take_while(|line| line.is_empty()).count();
    out.drain(..leading_blanks);
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    let mut collapsed: Vec<String> = Vec::with_capacity(out.len());
    for line in out {
        if !(line.is_empty() && collapsed.last().is_some_and(String::is_empty)) {
            collapsed.push(line);
        }
    }
    collapsed
}

/// Escapes one line of Markdown outside code blocks, keeping the `>` markers
/// of a blockquote; a GitHub alert that opens one (`> [!WARNING]`), which
/// rustdoc does not know, becomes a bold word (`> **Warning**`).
fn escape_block_line(line: &str) -> String {
    let quote_end = line.find(|c: char| c != '>' && c != ' ').unwrap_or(line.len());
    let (markers, rest) = line.split_at(quote_end);
    if !markers.contains('>') {
        return escape_inline(line);
    }
    let markers = markers.trim_end();
    let alert = rest.strip_prefix("[!").and_then(|after| {
        let (kind, tail) = after.split_once(']')?;
        let known = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"].contains(&kind.to_ascii_uppercase().as_str());
        known.then_some((kind, tail))
    });
    match alert {
        Some((kind, tail)) => {
            let mut word = kind.to_ascii_lowercase();
            if let Some(first) = word.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            format!("{markers} **{word}**{}", escape_inline(tail))
        }
        None if rest.is_empty() => markers.to_owned(),
        None => format!("{markers} {}", escape_inline(rest)),
    }
}

/// Escapes one line of Markdown outside code blocks: `[` and `]` that are
/// not a link, `<` that is not an autolink, and bare URLs become autolinks.
/// Code spans are left as they are.
pub(crate) fn escape_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut index = 0;
    while let Some(&c) = chars.get(index) {
        let next = chars.get(index + 1).copied();
        match c {
            '`' => {
                let backticks_at = |at: usize| chars.iter().skip(at).take_while(|c| **c == '`').count();
                let run = backticks_at(index);
                // A code span ends at the next run of as many backticks.
                let close = (index + run..chars.len()).find(|&at| {
                    backticks_at(at) == run && at.checked_sub(1).and_then(|before| chars.get(before)) != Some(&'`')
                });
                match close {
                    Some(close) => {
                        out.extend(chars.iter().take(close + run).skip(index));
                        index = close + run;
                    }
                    None => {
                        out.push_str(&"\\`".repeat(run));
                        index += run;
                    }
                }
                continue;
            }
            '\\' if next.is_some_and(|next| next.is_ascii_punctuation()) => {
                out.push(c);
                out.extend(next);
                index += 2;
                continue;
            }
            '[' => {
                if let Some(end) = link_end(&chars, index) {
                    // Escape inside the link text, keep the target as it is.
                    let text_end = link_text_end(&chars, index).unwrap_or(index);
                    out.push('[');
                    out.push_str(&escape_inline(&chars.iter().take(text_end).skip(index + 1).collect::<String>()));
                    out.extend(chars.iter().take(end + 1).skip(text_end));
                    index = end + 1;
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => {
                if let Some(end) = autolink_end(&chars, index) {
                    out.extend(chars.iter().take(end + 1).skip(index));
                    index = end + 1;
                    continue;
                }
                out.push_str("&lt;");
            }
            '>' => out.push_str("&gt;"),
            'h' if starts_url(&chars, index) => {
                let end = url_end(&chars, index);
                out.push('<');
                out.extend(chars.iter().take(end).skip(index));
                out.push('>');
                index = end;
                continue;
            }
            _ => out.push(c),
        }
        index += 1;
    }
    out
}

fn starts_url(chars: &[char], index: usize) -> bool {
    let rest: String = chars.iter().skip(index).take(8).collect();
    let before = index.checked_sub(1).and_then(|before| chars.get(before));
    let preceded_ok = before.is_none_or(|c| !(c.is_alphanumeric() || *c == '/'));
    preceded_ok && (rest.starts_with("https://") || rest.starts_with("http://"))
}

fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while chars.get(end).is_some_and(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | '`' | ']' | '[')) {
        end += 1;
    }
    // Trailing punctuation ends the sentence, not the URL.
    while let Some((last, before)) = chars.get(start..end).and_then(<[char]>::split_last) {
        if !matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '\'') {
            break;
        }
        if *last == ')' && before.iter().filter(|c| **c == '(').count() > before.iter().filter(|c| **c == ')').count() {
            break;
        }
        end -= 1;
    }
    end
}

/// The index of the `]` that closes the link text opened at `start`.
fn link_text_end(chars: &[char], start: usize) -> Option<usize> {
    let mut depth = 0;
    for (at, c) in chars.iter().enumerate().skip(start) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}

/// The index of the `)` that ends a `[text](target)` link starting at `start`.
fn link_end(chars: &[char], start: usize) -> Option<usize> {
    let text_end = link_text_end(chars, start)?;
    if chars.get(text_end + 1) != Some(&'(') {
        return None;
    }
    let mut depth = 0;
    for (at, c) in chars.iter().enumerate().skip(text_end + 1) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            c if c.is_whitespace() => return None,
            _ => {}
        }
    }
    None
}

/// The index of the `>` that closes an autolink `<https://…>` at `start`.
fn autolink_end(chars: &[char], start: usize) -> Option<usize> {
    if !starts_url(chars, start + 1) {
        return None;
    }
    let end = chars.iter().skip(start).position(|c| *c == '>')? + start;
    chars.iter().take(end).skip(start).all(|c| !c.is_whitespace()).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_kept_and_stray_brackets_escaped() {
        assert_eq!(
            escape_inline("See [connected account](https://docs.example.com/a_(b)) and [x] or array[0]."),
            "See [connected account](https://docs.example.com/a_(b)) and \\[x\\] or array\\[0\\]."
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(escape_inline("Go to https://example.com/a."), "Go to <https://example.com/a>.");
        assert_eq!(escape_inline("(https://example.com)"), "(<https://example.com>)");
        assert_eq!(escape_inline("<https://example.com>"), "<https://example.com>");
    }

    #[test]
    fn html_and_code_spans() {
        assert_eq!(escape_inline("a <b>bold</b> `Vec<T>` tag"), "a &lt;b&gt;bold&lt;/b&gt; `Vec<T>` tag");
        assert_eq!(escape_block_line("> [!WARNING]"), "> **Warning**");
        // A blockquote ends before the next paragraph, not lazily into it.
        assert_eq!(markdown_lines("> quoted\nafter"), ["> quoted", "", "after"]);
        assert_eq!(markdown_lines("> one\n> two"), ["> one", "> two"]);
        assert_eq!(escape_block_line("> a <b> c"), "> a &lt;b&gt; c");
        assert_eq!(escape_block_line(">> nested"), ">> nested");
        assert_eq!(escape_block_line(">"), ">");
        assert_eq!(escape_block_line("1 > 0"), "1 &gt; 0");
        assert_eq!(escape_inline("odd ` tick"), "odd \\` tick");
    }

    #[test]
    fn code_never_becomes_a_doctest() {
        let lines = markdown_lines("Example:\n```\nfn main() {}\n```\n\n        indented code");
        assert_eq!(lines, ["Example:", "```text", "fn main() {}", "```", "", "   indented code"]);
        let dedented = markdown_lines("\n    High-level device capabilities.\n    More.\n");
        assert_eq!(dedented, ["High-level device capabilities.", "More."]);
    }

    #[test]
    fn unclosed_fences_are_closed() {
        assert_eq!(markdown_lines("~~~js\nlet a;"), ["~~~js", "let a;", "~~~"]);
    }
}
