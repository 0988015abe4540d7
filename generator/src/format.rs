//! Printing token streams as formatted Rust source.
//!
//! Formatting happens in-process with `prettyplease`, so the output does
//! not depend on the rustfmt of the machine. Items are printed one by one
//! and joined with a blank line, which `prettyplease` leaves out; so a file
//! can be printed in parts, in parallel, and the parts joined
//! ([`format_items`]), with the same text as printed whole.

use proc_macro2::TokenStream;

/// Formats `tokens` as a Rust file that starts with the comment `header`.
pub fn format_file(tokens: TokenStream, header: &str) -> Result<String, syn::Error> {
    let mut file: syn::File = syn::parse2(tokens)?;
    let items = std::mem::take(&mut file.items);
    let mut text = String::with_capacity(64 * 1024);
    text.push_str("// ");
    text.push_str(header);
    text.push('\n');
    let preamble = prettyplease::unparse(&file);
    file.attrs.clear();
    let preamble = preamble.trim_end();
    text.push_str(preamble);
    // A blank line before each item, unless the file has only its header so far.
    let mut blank_line = !preamble.is_empty();
    for item in items {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        if blank_line {
            text.push('\n');
        }
        blank_line = true;
        file.items = vec![item];
        text.push_str(prettyplease::unparse(&file).trim_end());
    }
    text.push('\n');
    Ok(text)
}

/// Formats the items `tokens`, each followed by a blank line but the last
/// (the part of a file after its head, see [`format_file`]).
pub fn format_items(tokens: TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    Ok(format_syn_items(file.items))
}

/// Formats `items` as [`format_items`] does.
pub fn format_syn_items(items: Vec<syn::Item>) -> String {
    let mut file = syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items: Vec::new() };
    let mut text = String::with_capacity(64 * 1024);
    for item in items {
        if !text.is_empty() {
            text.push('\n');
        }
        file.items = vec![item];
        text.push_str(prettyplease::unparse(&file).trim_end());
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use quote::quote;

    #[test]
    fn items_are_separated_by_a_blank_line() {
        let tokens = quote! {
            //! Module docs.
            pub struct A;
            pub struct B;
        };
        let text = super::format_file(tokens, "Generated, do not edit.").unwrap();
        assert_eq!(text, "// Generated, do not edit.\n//! Module docs.\n\npub struct A;\n\npub struct B;\n");
    }

    #[test]
    fn a_file_printed_in_parts_is_the_same_text() {
        let whole = super::format_file(quote! { //! Docs.
            pub struct A; pub struct B; pub struct C; }, "H").unwrap();
        let head = super::format_file(quote! { //! Docs.
        }, "H").unwrap();
        let first = super::format_items(quote! { pub struct A; pub struct B; }).unwrap();
        let second = super::format_items(quote! { pub struct C; }).unwrap();
        assert_eq!(format!("{head}\n{first}\n{second}"), whole);
    }
}
