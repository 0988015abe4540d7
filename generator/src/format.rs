//! Printing token streams as formatted Rust source.
//!
//! Formatting happens in-process with `prettyplease`, so the output does
//! not depend on the rustfmt of the machine.

use proc_macro2::TokenStream;

/// Formats `tokens` as a Rust file that starts with the comment `header`.
pub fn format_file(tokens: TokenStream, header: &str) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    let body = prettyplease::unparse(&file);
    let mut text = String::with_capacity(body.len() + header.len() + 8);
    text.push_str("// ");
    text.push_str(header);
    text.push('\n');
    text.push_str(body.trim_end());
    text.push('\n');
    Ok(text)
}
