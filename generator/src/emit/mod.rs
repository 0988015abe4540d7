//! Emission: from the IR to the files of the generated crate.
//!
//! Rust code is built as token streams with `quote` and printed by
//! [`crate::format`]; nothing here formats Rust as text. `Cargo.toml` and
//! `README.md` are not Rust and are written as text.

mod docs;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;
use crate::Settings;

/// The `types` module: every schema of the spec as a Rust type.
pub(crate) fn emit_types_module(api: &Api) -> TokenStream {
    let types = types::emit_types(api);
    quote! {
        //! The types of the API: one per schema of the spec.
        //!
        //! Component schemas keep their names, in `UpperCamelCase`; inline
        //! schemas are named after the place they sit in.

        // Spec items marked deprecated are still used by other types of this module.
        #![allow(deprecated)]
        // Variant sizes follow the spec; boxing them would only make the types harder to use.
        #![allow(clippy::large_enum_variant)]
        // Variant names are the spec's values (`…_error`, `…_warning`).
        #![allow(clippy::enum_variant_names)]

        #types
    }
}

/// The crate root.
pub(crate) fn emit_lib(api: &Api, settings: &Settings) -> TokenStream {
    let mut docs = Vec::new();
    docs.push(format!(" {} {}", api.title.trim(), "client types"));
    docs.push(String::new());
    docs.push(format!(
        " Generated from version `{}` of the OpenAPI document. The types are in [`types`].",
        api.version.replace('`', "'")
    ));
    if let Some(description) = &api.description {
        docs.push(String::new());
        docs.extend(docs::markdown_lines(description).into_iter().map(|line| format!(" {line}")));
    }
    let _ = settings;
    let docs = docs.iter().map(|line| quote! { #![doc = #line] });
    quote! {
        #(#docs)*
        #![forbid(unsafe_code)]

        pub mod types;

        mod runtime;
    }
}

/// The manifest of the generated crate.
pub(crate) fn emit_cargo_toml(api: &Api, settings: &Settings, header: &str) -> String {
    let description = format!("Typed Rust client for the {} API, generated from its OpenAPI document", api.title.trim());
    let workspace = if settings.standalone { "\n[workspace]\n" } else { "" };
    format!(
        "# {header}\n\
         [package]\n\
         name = {name}\n\
         version = {version}\n\
         edition = \"2021\"\n\
         rust-version = \"1.85\"\n\
         description = {description}\n\
         license = {license}\n\
         readme = \"README.md\"\n\
         \n\
         [dependencies]\n\
         serde = {{ version = \"1.0.219\", features = [\"derive\"] }}\n\
         serde_json = \"1.0.140\"\n\
         {workspace}",
        name = toml_string(&settings.crate_name),
        version = toml_string(&settings.crate_version),
        description = toml_string(&description),
        license = toml_string(&settings.license),
    )
}

/// The README of the generated crate.
pub(crate) fn emit_readme(api: &Api, settings: &Settings, header: &str) -> String {
    let lib_name = settings.crate_name.replace('-', "_");
    format!(
        "<!-- {header} -->\n\
         # {name}\n\
         \n\
         Typed Rust models of the {title} API (OpenAPI document version `{version}`).\n\
         \n\
         ```toml\n\
         [dependencies]\n\
         {name} = \"{crate_version}\"\n\
         ```\n\
         \n\
         Every schema of the spec is a type in `{lib_name}::types`, with serde support:\n\
         open enums keep values they do not know, tagged unions keep unknown variants as raw JSON,\n\
         and absent and `null` stay apart where the spec makes them different.\n",
        name = settings.crate_name,
        title = api.title.trim(),
        version = api.version,
        crate_version = settings.crate_version,
    )
}

fn toml_string(text: &str) -> String {
    // A TOML basic string has the escapes of a JSON string.
    serde_json::Value::from(text).to_string()
}
