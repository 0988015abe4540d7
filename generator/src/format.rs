//! Printing token streams as formatted Rust source.
//!
//! Formatting happens in-process with `prettyplease`, so the output does
//! not depend on the rustfmt of the machine. Items are printed one by one
//! and joined with a blank line, which `prettyplease` leaves out.

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
    text.push_str(preamble.trim_end());
    for item in items {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        if text.matches('\n').count() > 1 {
            text.push('\n');
        }
        file.items = vec![item];
        text.push_str(prettyplease::unparse(&file).trim_end());
    }
    text.push('\n');
    Ok(text)
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
}
