//! Emission: from the IR to the files of the generated crate.
//!
//! Rust code is built as token streams with `quote` and printed by
//! [`crate::format`]; nothing here formats Rust as text. `Cargo.toml` and
//! `README.md` are not Rust and are written as text.

mod conformance;
mod docs;
mod endpoints;
mod security;
mod types;
// Only parsed, by `conformance`, outside tests.
#[cfg(test)]
mod sweep_ids;

pub(crate) use conformance::{emit_driver, emit_send_assertions};
pub(crate) use endpoints::emit_endpoints_module;
pub(crate) use types::{emit_group_module_head, emit_type_items, types_in_order, TypeModule};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;
use crate::naming::RustName;
use crate::Settings;

/// The head of the `types` module (its documentation and lint settings);
/// its items, every schema of the spec as a Rust type, are [`emit_types`].
pub(crate) fn emit_types_module_head(
    api: &Api,
    settings: &Settings,
    features: &crate::features::Features,
    module: &TypeModule<'_>,
) -> TokenStream {
    let error_body = types::emit_error_body_enum(api, features);
    let answers = types::emit_answer_enums(api, settings, features);
    let children = module.children.iter().map(|child| {
        let child = types::ident(child);
        quote! { pub mod #child; }
    });
    quote! {
        //! The types of the API: one per schema of the spec.
        //!
        //! Component schemas are here, under their names in `UpperCamelCase`.
        //! A type that only the endpoints of one group use lives in that
        //! group's module, named by the last words of the place it sits in
        //! that tell it from the other types there (the body of the group's
        //! `create` request is `CreateRequest`); any other inline schema is
        //! here, named after the place it sits in.

        // Spec items marked deprecated are still used by other types of this module.
        #![allow(deprecated)]
        // Variant sizes follow the spec; boxing them would only make the types harder to use.
        #![allow(clippy::large_enum_variant)]
        // Variant names are the spec's values (`…_error`, `…_warning`).
        #![allow(clippy::enum_variant_names)]
        // A request's `new` takes every required field of the spec.
        #![allow(clippy::too_many_arguments)]
        // Deeply nested spec shapes make long types; aliases would only add names.
        #![allow(clippy::type_complexity)]

        #(#children)*

        #error_body

        #answers
    }
}

/// The crate root.
pub(crate) fn emit_lib(api: &Api, settings: &Settings, features: &crate::features::Features) -> TokenStream {
    let docs: TokenStream = match &settings.readme {
        // The crate's README is its documentation, so its examples are doctests.
        Some(_) => quote! { #![doc = include_str!("../README.md")] },
        None => {
            let mut lines = vec![format!(" {} client", api.title.trim()), String::new()];
            lines.push(format!(
                " Generated from version `{}` of the OpenAPI document: the types are in [`types`], the endpoints are methods of [`Client`].",
                api.version.replace('`', "'")
            ));
            if let Some(description) = &api.description {
                lines.push(String::new());
                lines.extend(docs::markdown_lines(description).into_iter().map(|line| format!(" {line}")));
            }
            let lines = lines.iter().map(|line| quote! { #![doc = #line] });
            quote! { #(#lines)* }
        }
    };
    // `generate` refused a module name that is not an identifier.
    let extra_modules = settings.extra_modules.iter().filter_map(|module| Some((module, RustName::parse(&module.name)?))).map(|(module, name)| {
        let name = types::ident(&name);
        let gate = match module.group.as_ref().and_then(|group| features.groups.get(group)) {
            Some(feature) => quote! { #[cfg(feature = #feature)] },
            None => TokenStream::new(),
        };
        quote! {
            #gate
            mod #name;
            // A module that only adds methods to `Client` exports nothing.
            #gate
            #[allow(unused_imports)]
            pub use #name::*;
        }
    });
    // Only a crate with files to send exports the type that holds one; only
    // one that waits or pages, what waiting or paging needs.
    let upload = if api.uses_uploads() { quote! { pub use runtime::Upload; } } else { TokenStream::new() };
    let cfgs = api.runtime_cfgs();
    let waits = if cfgs.contains(&"waits") {
        quote! { pub use runtime::{OperationFailed, OperationTimedOut, WaitOptions}; }
    } else {
        TokenStream::new()
    };
    let pages = if cfgs.contains(&"pages") { quote! { pub use runtime::{NextPage, Page, Paginator, RepeatedCursor}; } } else { TokenStream::new() };
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![cfg_attr(docsrs, feature(doc_cfg))]

        pub mod endpoints;
        pub mod types;

        mod config;
        mod runtime;
        #(#extra_modules)*

        pub use runtime::{ApiError, CallOptions, Client, ClientBuilder, DecodeError, Error, Method, RetryOptions, Secret, TransportError};
        #waits
        #pages
        #upload
    }
}

/// The constants the runtime reads: where requests go, what they carry.
pub(crate) fn emit_config(api: &Api, settings: &Settings) -> TokenStream {
    let client = &settings.client;
    let base_url = client.base_url.clone().or_else(|| api.base_url.clone()).unwrap_or_else(|| "http://localhost".to_owned());
    let base_url_env = match &client.base_url_env {
        Some(name) => quote! { ::std::option::Option::Some(#name) },
        None => quote! { ::std::option::Option::None },
    };
    let headers = client.default_headers.iter().map(|(name, value)| {
        let value = if value == crate::CRATE_VERSION {
            quote! { env!("CARGO_PKG_VERSION") }
        } else if value.contains(crate::CRATE_VERSION) {
            // The text around each `{crate_version}`, joined at compile time.
            let mut pieces = Vec::new();
            for (index, text) in value.split(crate::CRATE_VERSION).enumerate() {
                if index > 0 {
                    pieces.push(quote! { env!("CARGO_PKG_VERSION") });
                }
                if !text.is_empty() {
                    pieces.push(quote! { #text });
                }
            }
            quote! { concat!(#(#pieces),*) }
        } else {
            quote! { #value }
        };
        quote! { (#name, #value) }
    });
    let request_id_headers = &client.request_id_headers;
    let error_type_pointers = &client.error_type_pointers;
    let error_message_pointers = &client.error_message_pointers;
    quote! {
        //! What the client sends and where, as the generator's settings said.

        // A crate whose spec has no endpoints sends nothing.
        #![allow(dead_code)]

        /// Where requests go unless the caller or the environment says otherwise.
        pub(crate) const DEFAULT_BASE_URL: &str = #base_url;

        /// The environment variable that overrides [`DEFAULT_BASE_URL`].
        pub(crate) const BASE_URL_ENV: ::std::option::Option<&str> = #base_url_env;

        /// Headers sent with every request.
        pub(crate) const DEFAULT_HEADERS: &[(&str, &str)] = &[#(#headers),*];

        /// Response headers that carry the server's request id.
        pub(crate) const REQUEST_ID_HEADERS: &[&str] = &[#(#request_id_headers),*];

        /// Where in the JSON body of an error answer its kind is (the first that holds a string).
        pub(crate) const ERROR_TYPE_POINTERS: &[&str] = &[#(#error_type_pointers),*];

        /// Where in the JSON body of an error answer its message is (the first that holds a string).
        pub(crate) const ERROR_MESSAGE_POINTERS: &[&str] = &[#(#error_message_pointers),*];
    }
}

/// The `[features]` lines of the groups: all on by default.
fn group_features_toml(features: &crate::features::Features) -> String {
    if features.groups.is_empty() {
        return String::new();
    }
    let names: std::collections::BTreeSet<&String> = features.groups.values().collect();
    let list: Vec<String> = names.iter().map(|name| toml_string(name)).collect();
    let mut text = String::from(
        "# One feature per group of endpoints, all on by default: with `default-features = false`\n\
         # and only the groups you use, the crate compiles only their endpoints and types.\n",
    );
    text.push_str(&format!("default = [{}]\n", list.join(", ")));
    for name in names {
        text.push_str(&format!("{name} = []\n"));
    }
    text
}

/// The manifest of the generated crate.
pub(crate) fn emit_cargo_toml(api: &Api, settings: &Settings, features: &crate::features::Features, header: &str) -> String {
    let description = match &settings.description {
        Some(description) => description.clone(),
        None => format!("Typed Rust client for the {} API, generated from its OpenAPI document", api.title.trim()),
    };
    let undocumented = match &settings.extensions.undocumented {
        Some(extension) => format!(" (`{extension}`)"),
        None => String::new(),
    };
    let workspace = if settings.standalone { "\n[workspace]\n" } else { "" };
    let mut dependencies: Vec<String> = [
        ("futures-core", "\"0.3.31\""),
        ("futures-util", "{ version = \"0.3.31\", default-features = false }"),
        ("reqwest", "{ version = \"0.13\", default-features = false, features = [\"rustls\"] }"),
        ("serde", "{ version = \"1.0.219\", features = [\"derive\"] }"),
        ("serde_json", "\"1.0.140\""),
        ("serde_path_to_error", "\"0.1.17\""),
        ("thiserror", "\"2\""),
        ("tokio", "{ version = \"1\", features = [\"time\"] }"),
        ("tracing", "{ version = \"0.1.41\", default-features = false, features = [\"std\"] }"),
    ]
    .iter()
    .map(|(name, requirement)| format!("{name} = {requirement}"))
    .collect();
    dependencies.extend(settings.extra_dependencies.iter().map(|(name, requirement)| format!("{name} = {requirement}")));
    dependencies.sort();
    dependencies.dedup();
    let dependencies = dependencies.join("\n");
    format!(
        "# {header}\n\
         [package]\n\
         name = {name}\n\
         version = {version}\n\
         edition = \"2021\"\n\
         rust-version = \"1.88\"\n\
         description = {description}\n\
         license = {license}\n\
         readme = \"README.md\"\n\
         \n\
         [features]\n\
         {group_features}# Endpoints the API does not document{undocumented}: they may change without notice.\n\
         {feature} = []\n\
         \n\
         [dependencies]\n\
         {dependencies}\n\
         \n\
         [dev-dependencies]\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\
         \n\
         [package.metadata.docs.rs]\n\
         all-features = true\n\
         \n\
         # The parts of the runtime only some APIs need (`build.rs` sets those this one does).\n\
         [lints.rust]\n\
         unexpected_cfgs = {{ level = \"warn\", check-cfg = [\"cfg(waits)\", \"cfg(pages)\", \"cfg(error_bodies)\"] }}\n\
         {workspace}",
        group_features = group_features_toml(features),
        name = toml_string(&settings.crate_name),
        version = toml_string(&settings.crate_version),
        description = toml_string(&description),
        license = toml_string(&settings.license),
        feature = settings.client.undocumented_feature,
    )
}

/// The build script of a crate whose API needs parts of the runtime that
/// others do not ([`Api::runtime_cfgs`]): it sets their `cfg`s. `None`
/// for a crate that needs none, which then has no build script.
pub(crate) fn emit_build_script(api: &Api, header: &str) -> Option<String> {
    let cfgs = api.runtime_cfgs();
    if cfgs.is_empty() {
        return None;
    }
    let lines: String = cfgs.iter().map(|cfg| format!("    println!(\"cargo::rustc-cfg={cfg}\");\n")).collect();
    Some(format!(
        "// {header}\n\
         //! Compiles the parts of the runtime this API needs and others do not\n\
         //! (waiting for operations that finish later, paging, typed error bodies).\n\
         \n\
         fn main() {{\n\
         {lines}}}\n"
    ))
}

/// The README of the generated crate.
pub(crate) fn emit_readme(api: &Api, settings: &Settings, header: &str) -> String {
    if let Some(readme) = &settings.readme {
        return format!("<!-- {header} -->\n{readme}");
    }
    let lib_name = settings.crate_name.replace('-', "_");
    format!(
        "<!-- {header} -->\n\
         # {name}\n\
         \n\
         A typed Rust client for the {title} API (OpenAPI document version `{version}`).\n\
         \n\
         ```toml\n\
         [dependencies]\n\
         {name} = \"{crate_version}\"\n\
         ```\n\
         \n\
         Every schema of the spec is a type in `{lib_name}::types`; every endpoint is an async method of\n\
         `{lib_name}::Client`, grouped the way the API is.\n",
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
