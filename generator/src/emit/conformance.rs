//! The conformance driver: a program that calls every operation of a
//! generated crate once, with the sample request lowering made for it, and
//! prints one JSON line per operation saying what happened.
//!
//! `cargo xtask conformance` runs it against a mock server that validates
//! every request against the spec (Prism), so a wrong method, path,
//! parameter, body or credential, and a response the crate cannot decode,
//! each show up as a failure of that operation.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::naming::Surface;
use super::types::{emit_external_type_ref, ident};
use crate::ir::{Api, BodyEncoding, Endpoint, SecurityKind, TypeKind, TypeRef};
use crate::naming::RustName;
use crate::Settings;

/// The `main.rs` of the driver of the crate `crate_ident` (its library name).
pub(crate) fn emit_driver(api: &Api, settings: &Settings, crate_ident: &str) -> TokenStream {
    let krate = ident(&RustName::known(crate_ident));
    let surface = Surface::new(api, settings);
    let mut ordered: Vec<_> = api.endpoints.iter().zip(&surface.endpoints).collect();
    ordered.sort_by_key(|(_, (_, methods))| call_rank(&methods.name));
    let mut calls = Vec::new();
    for (endpoint, (group, methods)) in ordered {
        let operation = Literal::string(&format!("{} {}", endpoint.method, endpoint.path));
        let pointer = Literal::string(endpoint.pointer.as_json_pointer());
        let aliases = Literal::usize_unsuffixed(endpoint.aliases.len());
        let accessors: Vec<_> = surface.accessor_chain(group).into_iter().map(ident).collect();
        // An operation that finishes later is called without waiting: the
        // mock server knows nothing of the operation's later states.
        let method = ident(methods.wait.as_ref().map_or(&methods.name, |(_, without_waiting)| without_waiting));
        let call = match call_arguments(api, endpoint, &krate) {
            Ok((steps, arguments)) => quote! {
                #(#steps)*
                client #(.#accessors())* .#method(#(#arguments),*).await.map(|answer| harvest(&answer)).map_err(Failure::Client)
            },
            Err(missing) => {
                let missing = Literal::string(&missing);
                quote! { ::std::result::Result::Err(Failure::NoSample(#missing)) }
            }
        };
        let declares_success = endpoint.declares_success;
        let index = Literal::usize_unsuffixed(calls.len());
        calls.push(quote! {
            if #index >= start {
                let outcome: ::std::result::Result<(), Failure> = async { #call }.await;
                if report(#index, #operation, #pointer, #aliases, #declares_success, outcome) {
                    return;
                }
            }
        });
    }
    let credentials = credentials(api);
    // Where the spec declares error bodies, the answer an operation that
    // declares only errors gets must decode as its declared type.
    let (error_body_fits, error_body_reason) = if api.error_body.is_some() {
        (quote! { api.typed_body_error.is_none() }, quote! { api.typed_body_error.as_deref().unwrap_or_default() })
    } else {
        (quote! { true }, quote! { "" })
    };
    let substitute = sweep_function("substitute");
    let walk = sweep_function("walk");
    quote! {
        //! Calls every operation of the API once with a small valid request
        //! and prints what happened, one JSON object per line. Run by
        //! `cargo xtask conformance` against a validating mock server.
        // Which failure kinds and helpers a driver uses depends on its spec.
        #![allow(deprecated, dead_code, unused_imports, clippy::all)]

        /// Why an operation did not pass.
        enum Failure {
            /// The sample request does not fit the crate's types.
            Sample(::std::string::String),
            /// No sample request could be made for a required part.
            NoSample(&'static str),
            /// The client's error.
            Client(::#krate::Error),
        }

        ::std::thread_local! {
            /// In a sweep (`CONFORMANCE_SWEEP` set), the ids the server's
            /// answers held, by property name (`device_id`), the first
            /// seen of each; `None` otherwise.
            static IDS: ::std::cell::RefCell<::std::option::Option<::std::collections::BTreeMap<::std::string::String, ::std::string::String>>> =
                ::std::cell::RefCell::new(::std::env::var_os("CONFORMANCE_SWEEP").map(|_| ::std::collections::BTreeMap::new()));
        }

        /// The typed request of a sample; in a sweep, with every id the
        /// server has given (`device_id`, and each of `device_ids`) in
        /// place of the spec's example.
        fn sample<T: ::serde::de::DeserializeOwned>(json: &str) -> ::std::result::Result<T, Failure> {
            let mut value: ::serde_json::Value =
                ::serde_json::from_str(json).map_err(|error| Failure::Sample(::std::format!("{error}: {json}")))?;
            IDS.with(|ids| {
                if let ::std::option::Option::Some(ids) = &*ids.borrow() {
                    substitute(&mut value, ids);
                }
            });
            ::serde_json::from_value(value.clone()).map_err(|error| Failure::Sample(::std::format!("{error}: {value}")))
        }

        #substitute

        /// In a sweep, keeps the ids of an answer for the requests after it.
        fn harvest<T: ::serde::Serialize>(answer: &T) {
            #walk
            IDS.with(|ids| {
                if let ::std::option::Option::Some(ids) = &mut *ids.borrow_mut() {
                    if let ::std::result::Result::Ok(value) = ::serde_json::to_value(answer) {
                        walk(&value, ids);
                    }
                }
            });
        }

        /// Prints what happened to one operation, and says whether to stop.
        /// A request Prism finds invalid is answered with its problem type,
        /// or, where the operation declares an error response, with that
        /// response and the violations in the `sl-violations` header. After
        /// a transport error the driver stops: the mock server may have
        /// crashed or be stuck, and `cargo xtask conformance` restarts it
        /// and the driver from the next operation.
        fn report(
            index: usize,
            operation: &str,
            pointer: &str,
            aliases: usize,
            declares_success: bool,
            outcome: ::std::result::Result<(), Failure>,
        ) -> bool {
            let (outcome, status, detail) = match outcome {
                ::std::result::Result::Ok(()) => ("ok", ::std::option::Option::None, ::std::string::String::new()),
                ::std::result::Result::Err(Failure::Sample(detail)) => ("sample", ::std::option::Option::None, detail),
                ::std::result::Result::Err(Failure::NoSample(part)) => {
                    ("sample", ::std::option::Option::None, ::std::format!("no sample value for {part}"))
                }
                ::std::result::Result::Err(Failure::Client(error)) => {
                    let kind = match &error {
                        ::#krate::Error::Api(api) => {
                            let violations = api.headers.contains_key("sl-violations");
                            let prism = api.body.contains("stoplight.io/prism/errors");
                            if !violations && !prism && !declares_success {
                                // The operation declares only error responses,
                                // and the valid request got one of them, whose
                                // body decodes as the type the spec declares.
                                if #error_body_fits { "ok" } else { "undecoded" }
                            } else {
                                "rejected"
                            }
                        }
                        ::#krate::Error::Decode(_) => "undecoded",
                        ::#krate::Error::Transport(_) => "transport",
                        _ => "client",
                    };
                    let detail = match &error {
                        ::#krate::Error::Api(api) => {
                            let violations = api.headers.get("sl-violations").and_then(|value| value.to_str().ok()).unwrap_or_default();
                            ::std::format!("{error}: {} {violations} {}", api.body, #error_body_reason)
                        }
                        _ => error.to_string(),
                    };
                    (kind, error.status(), detail)
                }
            };
            let line = ::serde_json::json!({
                "index": index,
                "operation": operation,
                "pointer": pointer,
                "aliases": aliases,
                "outcome": outcome,
                "status": status,
                "detail": detail,
            });
            ::std::println!("{line}");
            outcome == "transport"
        }

        #[::tokio::main(flavor = "current_thread")]
        async fn main() {
            let ::std::option::Option::Some(base_url) = ::std::env::args().nth(1) else {
                ::std::eprintln!("usage: driver BASE_URL [FIRST_OPERATION]");
                ::std::process::exit(2);
            };
            // The operation to start from, after a mock server that stopped.
            let start: usize = ::std::env::args().nth(2).and_then(|first| first.parse().ok()).unwrap_or(0);
            // Redirects are answers to check, not to follow (a mock's
            // `Location` points at hosts that are not there).
            let http = ::reqwest::Client::builder()
                .redirect(::reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default();
            let builder = ::#krate::Client::builder()
                .http_client(http)
                .base_url(base_url)
                .retry_options(::#krate::RetryOptions::never())
                .timeout(::std::time::Duration::from_secs(20));
            #credentials
            let client = match builder.build() {
                ::std::result::Result::Ok(client) => client,
                ::std::result::Result::Err(error) => {
                    ::std::eprintln!("the client cannot be built: {error}");
                    ::std::process::exit(1);
                }
            };
            #(#calls)*
        }
    }
}

/// Sets a made-up credential for every security scheme the crate knows
/// (a mock server checks that credentials are there, not what they are).
/// A crate whose authentication is hand-written (its settings leave the
/// spec's schemes out) gets a bearer token.
/// Where the driver calls the method `method_name` (the endpoint's method,
/// without its group's words), lowest first; the sort is stable, so calls of
/// one rank keep the order of the endpoints. Lists first, then gets, then
/// the rest (creates, updates, actions), then deletes, then resets of
/// everything: a sweep against a server that keeps state
/// (`CONFORMANCE_SWEEP`) reads the ids of what is there before anything is
/// changed or deleted. A mock server does not mind the order.
fn call_rank(method_name: &str) -> u8 {
    if method_name.starts_with("list") {
        0
    } else if method_name.starts_with("get") {
        1
    } else if method_name.starts_with("delete") {
        3
    } else if method_name.starts_with("reset") {
        4
    } else {
        2
    }
}

/// The source of the driver's functions that carry ids in a sweep.
const SWEEP_IDS: &str = include_str!("sweep_ids.rs");

/// The function `name` of `sweep_ids.rs`, as tokens to emit; nothing when
/// it has none (`sweep_functions_are_found` rules that out).
fn sweep_function(name: &str) -> TokenStream {
    let Ok(file) = syn::parse_file(SWEEP_IDS) else { return TokenStream::new() };
    file.items
        .into_iter()
        .find_map(|item| match item {
            syn::Item::Fn(function) if function.sig.ident == name => Some(quote! { #function }),
            _ => None,
        })
        .unwrap_or_default()
}

/// The credential is `CONFORMANCE_CREDENTIAL` when set (a sweep against a
/// server that checks it).
fn credentials(api: &Api) -> TokenStream {
    let credential = quote! {
        let credential = ::std::env::var("CONFORMANCE_CREDENTIAL").unwrap_or_else(|_| ::std::string::String::from("conformance-credential"));
    };
    if api.security_schemes.is_empty() {
        return quote! { #credential let builder = builder.bearer_token(credential); };
    }
    let calls = api.security_schemes.iter().map(|scheme| {
        let method = ident(&scheme.method);
        match scheme.kind {
            SecurityKind::Basic => quote! { let builder = builder.#method("conformance", "conformance-password"); },
            SecurityKind::ApiKey { .. } | SecurityKind::Bearer { .. } => {
                quote! { let builder = builder.#method(credential.clone()); }
            }
        }
    });
    quote! { #credential #(#calls)* }
}

/// The statements that build an endpoint's arguments from its samples, and
/// the arguments; or what has no sample.
fn call_arguments(
    api: &Api,
    endpoint: &Endpoint,
    krate: &proc_macro2::Ident,
) -> Result<(Vec<TokenStream>, Vec<TokenStream>), String> {
    let mut steps = Vec::new();
    let mut arguments = Vec::new();
    if let Some(parameters_type) = endpoint.parameters_type {
        // The struct's fields are the parameters', in order, under the
        // struct's own serde names.
        let fields = match api.types.get(&parameters_type).map(|def| &def.kind) {
            Some(TypeKind::Struct(body)) => &body.fields,
            _ => return Err("the parameters".to_owned()),
        };
        let mut object = serde_json::Map::new();
        for (parameter, field) in endpoint.parameters.iter().zip(fields) {
            if !parameter.field.required {
                continue;
            }
            let Some(sample) = &parameter.sample else {
                return Err(format!("the parameter `{}`", parameter.field.json_name));
            };
            object.insert(field.json_name.clone(), sample.clone());
        }
        let json = Literal::string(&serde_json::Value::Object(object).to_string());
        let ty = emit_external_type_ref(api, &TypeRef::Named(parameters_type), krate);
        steps.push(quote! { let parameters: #ty = sample(#json)?; });
        arguments.push(quote! { parameters });
    }
    if let Some(body) = &endpoint.body {
        let Some(value) = &body.sample else { return Err("the request body".to_owned()) };
        let ty = emit_external_type_ref(api, &body.ty, krate);
        let step = match body.encoding {
            BodyEncoding::Bytes => {
                let text = Literal::string(&text_of(value));
                quote! { let request: ::std::vec::Vec<u8> = #text.as_bytes().to_vec(); }
            }
            BodyEncoding::Text => {
                let text = Literal::string(&text_of(value));
                quote! { let request: ::std::string::String = ::std::string::String::from(#text); }
            }
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                let json = Literal::string(&value.to_string());
                quote! { let request: #ty = sample(#json)?; }
            }
        };
        steps.push(step);
        arguments.push(quote! { request });
    }
    Ok((steps, arguments))
}

/// A text or binary body's sample as text: a string as it is, anything else as JSON.
fn text_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}


/// `tests/send_sync.rs` of a generated crate: a test that does not compile
/// unless `Client`, `ClientBuilder` and the future of every endpoint method
/// are `Send` (and the first two `Sync`), as a user who spawns calls on a
/// multi-threaded runtime needs. It is compiled with every feature on.
pub(crate) fn emit_send_assertions(api: &Api, settings: &Settings, features: &crate::features::Features, crate_ident: &str) -> TokenStream {
    let krate = ident(&RustName::known(crate_ident));
    let surface = Surface::new(api, settings);
    let mut all_features: Vec<&str> = features.groups.values().map(String::as_str).collect();
    all_features.push(settings.client.undocumented_feature.as_str());
    all_features.sort_unstable();
    all_features.dedup();
    let mut checks = Vec::new();
    for (endpoint, (group, methods)) in api.endpoints.iter().zip(&surface.endpoints) {
        let accessors: Vec<_> = surface.accessor_chain(group).into_iter().map(ident).collect();
        let mut parameters = Vec::new();
        let mut arguments = Vec::new();
        if let Some(parameters_type) = endpoint.parameters_type {
            let ty = emit_external_type_ref(api, &TypeRef::Named(parameters_type), &krate);
            parameters.push(quote! { parameters: #ty });
            arguments.push(quote! { parameters });
        }
        if let Some(body) = &endpoint.body {
            let ty = emit_external_type_ref(api, &body.ty, &krate);
            parameters.push(quote! { request: #ty });
            arguments.push(quote! { request });
        }
        let names = std::iter::once(&methods.name).chain(methods.wait.as_ref().map(|(_, twin)| twin));
        for name in names {
            let method = ident(name);
            checks.push(quote! {
                let _ = |client: &::#krate::Client, #(#parameters),*| send(&client #(.#accessors())* .#method(#(#arguments),*));
            });
        }
    }
    let cfg = match all_features.as_slice() {
        [one] => quote! { #![cfg(feature = #one)] },
        many => quote! { #![cfg(all(#(feature = #many),*))] },
    };
    let send = if checks.is_empty() {
        TokenStream::new()
    } else {
        quote! { fn send<T: ::std::marker::Send>(_: &T) {} }
    };
    quote! {
        //! `Client`, its builder and the future of every endpoint method are
        //! `Send`, so calls can be spawned on a multi-threaded runtime: this
        //! test does not compile otherwise. Compiled with every feature on.
        #cfg
        #![allow(deprecated)]

        #send

        fn send_and_sync<T: ::std::marker::Send + ::std::marker::Sync>() {}

        #[test]
        fn the_client_and_every_endpoint_future_are_send() {
            send_and_sync::<::#krate::Client>();
            send_and_sync::<::#krate::ClientBuilder>();
            send_and_sync::<::#krate::Error>();
            #(#checks)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_called_first_then_gets_then_the_rest_then_deletes_then_resets() {
        let mut names = vec!["delete", "create", "get", "reset_store", "list", "update", "delete_all", "list_events", "get_by_name", "feed"];
        names.sort_by_key(|name| call_rank(name));
        assert_eq!(names, ["list", "list_events", "get", "get_by_name", "create", "update", "feed", "delete", "delete_all", "reset_store"]);
    }

    #[test]
    fn the_sweep_functions_are_emitted_from_their_source() {
        for name in ["substitute", "walk"] {
            let function: syn::ItemFn = syn::parse2(sweep_function(name)).unwrap();
            assert_eq!(function.sig.ident, name);
        }
        assert!(sweep_function("tests").is_empty());
    }
}
