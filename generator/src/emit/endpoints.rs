//! Emission of the endpoints: one async method per endpoint, grouped the
//! way the API groups them (`client.acs().users().list(..)`).
//!
//! Each group is a small `Copy` struct that borrows the client. A method
//! builds a `runtime::Request`, sends it through the one non-generic
//! `Client::send`, and decodes the body into the response type; where the
//! spec names the property that holds the resource (by the extension the
//! settings name), the method returns that property.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{deprecated_attr, doc_attrs};
use super::types::{emit_qualified_type_ref, ident};
use crate::ir::{
    Api, BodyEncoding, Docs, Endpoint, ErrorStatus, Field, ParameterLocation, ParameterStyle, Returns, SuccessAnswer, SuccessAnswers,
    TypeRef,
};
use crate::returns::struct_field;
use crate::naming::{self, Namespace};
use crate::Settings;

/// One group of endpoints, such as `acs users`.
#[derive(Default)]
struct Group {
    /// The endpoints directly in the group, as indexes into `Api::endpoints`.
    endpoints: Vec<usize>,
    /// The last word of each subgroup.
    children: Vec<String>,
}

fn is_undocumented(endpoint: &Endpoint) -> bool {
    endpoint.docs.undocumented.is_some()
}

/// The Rust names of an endpoint's methods.
pub(crate) struct Methods<'a> {
    /// The method that calls it.
    pub(crate) name: String,
    /// The client's waiting method and the twin that does not wait, when
    /// the endpoint's result is waited for.
    pub(crate) wait: Option<(&'a str, String)>,
    /// The paginator method, when the endpoint pages.
    pub(crate) pages: Option<(Paging<'a>, String)>,
}

/// The surface of the client: the groups, the method of each group's parent
/// that hands it out, and the methods of each endpoint. Computed once, for
/// the endpoints module and the conformance driver alike.
pub(crate) struct Surface<'a> {
    groups: BTreeMap<Vec<String>, Group>,
    /// For each group but the root, the method of its parent that returns it.
    pub(crate) accessors: BTreeMap<Vec<String>, String>,
    /// For each endpoint (by its index in `Api::endpoints`), its group path
    /// and its methods.
    pub(crate) endpoints: Vec<(Vec<String>, Methods<'a>)>,
}

impl<'a> Surface<'a> {
    pub(crate) fn new(api: &'a Api, settings: &'a Settings) -> Surface<'a> {
        let mut groups: BTreeMap<Vec<String>, Group> = BTreeMap::new();
        groups.insert(Vec::new(), Group::default());
        let paths: Vec<Vec<String>> = api
            .endpoints
            .iter()
            .map(|endpoint| endpoint.group.iter().map(|word| naming::field_name(word)).collect())
            .collect();
        for (index, path) in paths.iter().enumerate() {
            let mut prefix = Vec::new();
            for word in path {
                let parent = groups.entry(prefix.clone()).or_default();
                if !parent.children.contains(word) {
                    parent.children.push(word.clone());
                }
                prefix.push(word.clone());
                groups.entry(prefix.clone()).or_default();
            }
            groups.entry(path.clone()).or_default().endpoints.push(index);
        }
        // A group must not take a name `Client` has (`wait_options`, or a
        // constructor of a hand-written module).
        let client_methods = naming::own_methods("Client", settings);
        let mut accessors = BTreeMap::new();
        let mut methods: BTreeMap<usize, Methods<'a>> = BTreeMap::new();
        for (path, group) in &groups {
            let mut names = Namespace::default();
            if path.is_empty() {
                for reserved in &client_methods {
                    names.claim(reserved, "_");
                }
            }
            for child in &group.children {
                let mut child_path = path.clone();
                child_path.push(child.clone());
                accessors.insert(child_path, names.claim(child, "_"));
            }
            for &index in &group.endpoints {
                let Some(endpoint) = api.endpoints.get(index) else { continue };
                let name = names.claim(&naming::field_name(&endpoint.name), "_");
                let wait = settings.client.wait.as_ref().filter(|_| endpoint.waits);
                let wait = wait.map(|wait| (wait.method.as_str(), names.claim(&format!("{name}_without_waiting"), "_")));
                let pages = paging(api, endpoint)
                    .map(|paging| (paging, names.claim(&format!("{name}_pages"), "_")));
                methods.insert(index, Methods { name, wait, pages });
            }
        }
        let endpoints = paths.into_iter().zip(methods.into_values()).collect();
        Surface { groups, accessors, endpoints }
    }
}

impl Surface<'_> {
    /// The methods that lead from the client to the group at `path`
    /// (`acs`, then `users`).
    pub(crate) fn accessor_chain(&self, path: &[String]) -> Vec<&str> {
        (1..=path.len()).filter_map(|depth| self.accessors.get(path.get(..depth)?)).map(String::as_str).collect()
    }
}

/// Whether every endpoint in the group and its subgroups is undocumented.
fn all_undocumented(api: &Api, groups: &BTreeMap<Vec<String>, Group>, path: &[String]) -> bool {
    groups
        .iter()
        .filter(|(group_path, _)| group_path.starts_with(path))
        .flat_map(|(_, group)| &group.endpoints)
        .all(|&index| api.endpoints.get(index).is_none_or(is_undocumented))
}

/// The `endpoints` module.
pub(crate) fn emit_endpoints_module(api: &Api, settings: &Settings, features: &crate::features::Features) -> TokenStream {
    let surface = Surface::new(api, settings);
    let groups = &surface.groups;
    // Struct names of the groups, unique in the module.
    let mut struct_names = Namespace::default();
    struct_names.claim("Client", "");
    let names: BTreeMap<Vec<String>, String> = groups
        .keys()
        .filter(|path| !path.is_empty())
        .map(|path| (path.clone(), struct_names.claim(&naming::type_name(&path.join(" ")), "")))
        .collect();
    let feature = &settings.client.undocumented_feature;
    // The Cargo feature of each top-level group (by its method name), if gated.
    let group_features: BTreeMap<String, &str> = api
        .endpoints
        .iter()
        .filter_map(|endpoint| {
            let top = naming::field_name(endpoint.group.first()?);
            Some((top, features.of_endpoint(endpoint)?))
        })
        .collect();
    let group_feature = |path: &[String]| path.first().and_then(|top| group_features.get(top).copied());
    let mut items = Vec::new();
    for (path, group) in groups {
        let client = if path.is_empty() { quote! { self } } else { quote! { self.client } };
        let mut functions = Vec::new();
        for child in &group.children {
            let mut child_path = path.clone();
            child_path.push(child.clone());
            let (Some(child_struct), Some(method)) = (names.get(&child_path), surface.accessors.get(&child_path)) else {
                continue;
            };
            let child_struct = ident(child_struct);
            let method = ident(method);
            let doc = format!(" The `{}` endpoints.", child_path.join("/"));
            let gate = gate_group(all_undocumented(api, groups, &child_path), feature, group_feature(&child_path));
            functions.push(quote! {
                #[doc = #doc]
                #gate
                pub fn #method(&self) -> #child_struct<'_> {
                    #child_struct { client: #client }
                }
            });
        }
        for &index in &group.endpoints {
            let (Some(endpoint), Some((_, methods))) = (api.endpoints.get(index), surface.endpoints.get(index)) else {
                continue;
            };
            let method = &methods.name;
            match &methods.wait {
                Some((wait_method, without_waiting)) => {
                    functions.push(emit_endpoint(api, endpoint, method, &client, feature, Some((wait_method, without_waiting))));
                    functions.push(emit_endpoint(api, endpoint, without_waiting, &client, feature, None));
                }
                None => functions.push(emit_endpoint(api, endpoint, method, &client, feature, None)),
            }
            if let Some((paging, pages_method)) = &methods.pages {
                functions.push(emit_pages(api, endpoint, paging, method, pages_method, &client, feature));
            }
        }
        if path.is_empty() {
            items.push(quote! {
                impl crate::Client {
                    #(#functions)*
                }
            });
        } else {
            let Some(name) = names.get(path) else { continue };
            let name = ident(name);
            let doc = format!(" The `{}` endpoints, from [`crate::Client`].", path.join("/"));
            let gate = gate_group(all_undocumented(api, groups, path), feature, group_feature(path));
            items.push(quote! {
                #[doc = #doc]
                #gate
                #[derive(Debug, Clone, Copy)]
                pub struct #name<'a> {
                    // Hand-written modules add methods that reach the client.
                    pub(crate) client: &'a crate::Client,
                }

                #gate
                impl #name<'_> {
                    #(#functions)*
                }
            });
        }
    }
    let security_methods = super::security::emit_security_methods(api);
    quote! {
        //! The endpoints of the API, as methods of [`crate::Client`] and of
        //! the groups it hands out (`client.connected_accounts()`, …).

        // Spec items marked deprecated are still called by this module.
        #![allow(deprecated)]

        #security_methods

        #(#items)*
    }
}

/// The call that turns a response's whole body, carried as `encoding`, into
/// the method's value.
fn decode_body(encoding: BodyEncoding) -> TokenStream {
    match encoding {
        BodyEncoding::Text => quote! { __response.text() },
        BodyEncoding::Bytes | BodyEncoding::Form | BodyEncoding::Multipart => quote! { __response.bytes() },
        BodyEncoding::Json => quote! { __response.decode() },
    }
}

/// How an endpoint pages: the fields involved, by their Rust names.
pub(crate) struct Paging<'a> {
    request: &'a TypeRef,
    response: &'a TypeRef,
    cursor: &'a Field,
    items: &'a Field,
    page: &'a Field,
    next_cursor: &'a Field,
    /// The page's boolean that says whether another page follows, if it has one.
    has_next_page: Option<&'a Field>,
}

/// The fields of the paging the returns pass found for `endpoint`.
fn paging<'a>(api: &'a Api, endpoint: &'a Endpoint) -> Option<Paging<'a>> {
    let ir = endpoint.paging.as_ref()?;
    let request = &endpoint.body.as_ref()?.ty;
    let response = endpoint.response.as_ref()?;
    let page = struct_field(api, response, &ir.page)?;
    let page_type = match &page.ty {
        TypeRef::Nullable(inner) => inner.as_ref(),
        ty => ty,
    };
    Some(Paging {
        request,
        response,
        cursor: struct_field(api, request, &ir.cursor)?,
        items: struct_field(api, response, &ir.items)?,
        page,
        next_cursor: struct_field(api, page_type, &ir.next_cursor)?,
        has_next_page: match &ir.has_next_page {
            Some(name) => Some(struct_field(api, page_type, name)?),
            None => None,
        },
    })
}

/// An expression of type `Option<String>` from `value`, a field of type `ty`.
fn optional_text(value: TokenStream, field: &Field) -> TokenStream {
    // `paging` only accepts text cursors: `String` or a nullable `String`.
    match (&field.ty, field.required) {
        (TypeRef::Nullable(_), false) => quote! { #value.flatten() },
        (TypeRef::Nullable(_), true) | (_, false) => value,
        (_, true) => quote! { ::std::option::Option::Some(#value) },
    }
}

/// The `…_pages` method of a list endpoint that pages.
fn emit_pages(
    api: &Api,
    endpoint: &Endpoint,
    paging: &Paging<'_>,
    method: &str,
    pages_method: &str,
    client: &TokenStream,
    feature: &str,
) -> TokenStream {
    let pages_method = ident(pages_method);
    let request_ty = emit_qualified_type_ref(api, paging.request);
    let response_ty = emit_qualified_type_ref(api, paging.response);
    let TypeRef::List(item) = &paging.items.ty else { return TokenStream::new() };
    let item_ty = emit_qualified_type_ref(api, item);
    let http_method = ident(endpoint.method.as_str());
    let path = Literal::string(&endpoint.path);
    let cursor = ident(&paging.cursor.name);
    let set_cursor = match (&paging.cursor.ty, paging.cursor.required) {
        (TypeRef::Nullable(_), false) => quote! { ::std::option::Option::Some(::std::option::Option::Some(cursor)) },
        (_, true) if !matches!(paging.cursor.ty, TypeRef::Nullable(_)) => quote! { cursor },
        _ => quote! { ::std::option::Option::Some(cursor) },
    };
    let items = ident(&paging.items.name);
    let items_key = Literal::string(&paging.items.json_name);
    let page = ident(&paging.page.name);
    let next_cursor = ident(&paging.next_cursor.name);
    let next = optional_text(quote! { page.#next_cursor }, paging.next_cursor);
    // A page that says no page follows has no next cursor, whatever cursor
    // it carries. A flag the type keeps optional leaves the cursor to decide
    // when it is absent or `null`; a required one that is absent decodes as
    // `false`.
    let next = match paging.has_next_page {
        Some(field) => {
            let flag = ident(&field.name);
            let follows = match (&field.ty, field.required) {
                (TypeRef::Bool, true) => quote! { page.#flag },
                (TypeRef::Nullable(_), false) => quote! { page.#flag.flatten() != ::std::option::Option::Some(false) },
                _ => quote! { page.#flag != ::std::option::Option::Some(false) },
            };
            quote! { if #follows { #next } else { ::std::option::Option::None } }
        }
        None => next,
    };
    let next = match (&paging.page.ty, paging.page.required) {
        (TypeRef::Nullable(_), _) | (_, false) => quote! { body.#page.and_then(|page| #next) },
        _ => quote! { { let page = body.#page; #next } },
    };
    let doc = format!(
        " Pages through the results of [`{method}`](Self::{method}): page by page with `next_page`, or as one stream with `items`, following `{}`.",
        paging.next_cursor.json_name
    );
    let gate = gate(is_undocumented(endpoint), feature);
    let deprecated = deprecated_attr(&endpoint.docs);
    quote! {
        #[doc = #doc]
        #deprecated
        #gate
        pub fn #pages_method(&self, request: impl ::std::convert::Into<#request_ty>) -> crate::Paginator<#request_ty, #response_ty, #item_ty> {
            crate::Paginator::new(
                ::std::clone::Clone::clone(#client),
                ::reqwest::Method::#http_method,
                #path,
                request.into(),
                #items_key,
                |request, cursor| request.#cursor = #set_cursor,
                |body| crate::runtime::new_page(body.#items, #next),
            )
        }
    }
}

/// The `cfg` of a group: the undocumented feature when it has only
/// undocumented endpoints, and the feature of its top-level group.
fn gate_group(undocumented: bool, feature: &str, group_feature: Option<&str>) -> TokenStream {
    match (undocumented, group_feature) {
        (true, Some(group)) => quote! { #[cfg(all(feature = #feature, feature = #group))] },
        (false, Some(group)) => quote! { #[cfg(feature = #group)] },
        (undocumented, None) => gate(undocumented, feature),
    }
}

fn gate(undocumented: bool, feature: &str) -> TokenStream {
    if undocumented {
        quote! { #[cfg(feature = #feature)] }
    } else {
        TokenStream::new()
    }
}

/// The documentation of an endpoint method.
fn endpoint_docs(api: &Api, endpoint: &Endpoint, returns: Option<&str>, feature: &str) -> TokenStream {
    let mut docs = Docs {
        title: endpoint.docs.title.clone(),
        description: endpoint.docs.description.clone(),
        deprecated: endpoint.docs.deprecated.clone(),
        undocumented: endpoint.docs.undocumented.clone(),
        draft: endpoint.docs.draft.clone(),
        ..Docs::default()
    };
    let aliases = if endpoint.aliases.is_empty() {
        String::new()
    } else {
        format!(" (also served as {})", endpoint.aliases.iter().map(|alias| alias.as_str()).collect::<Vec<_>>().join(", "))
    };
    docs.notes.push(format!("`{} {}`{aliases}.", endpoint.method, endpoint.path));
    if let Some(returns) = returns {
        docs.notes.push(returns.to_owned());
    }
    docs.notes.extend(super::security::security_note(api, endpoint));
    if endpoint.docs.undocumented.is_some() {
        docs.notes.push(format!("Available with the `{feature}` feature."));
    }
    doc_attrs(&docs)
}

/// One endpoint method. With `wait` (the waiting method of the client, the
/// name of the twin that does not wait), the result is waited for.
fn emit_endpoint(
    api: &Api,
    endpoint: &Endpoint,
    method: &str,
    client: &TokenStream,
    feature: &str,
    wait: Option<(&str, &str)>,
) -> TokenStream {
    let method_ident = ident(method);
    let http_method = ident(endpoint.method.as_str());
    let mut arguments = Vec::new();
    let mut steps = Vec::new();

    // The path, with its parameters filled in.
    let path_parameters: Vec<_> =
        endpoint.parameters.iter().filter(|parameter| parameter.location == ParameterLocation::Path).collect();
    let mut template = String::new();
    let mut values = Vec::new();
    let mut rest = endpoint.path.as_str();
    while let Some((before, after)) = rest.split_once('{') {
        template.push_str(&before.replace('{', "{{").replace('}', "}}"));
        let Some((name, after)) = after.split_once('}') else { break };
        match path_parameters.iter().find(|parameter| parameter.field.json_name == name) {
            Some(parameter) => {
                let field = ident(&parameter.field.name);
                template.push_str("{}");
                let value = match parameter.style {
                    ParameterStyle::Label { explode } => {
                        quote! { crate::runtime::path_label(&parameters.#field, #explode)? }
                    }
                    ParameterStyle::Matrix { explode } => {
                        quote! { crate::runtime::path_matrix(#name, &parameters.#field, #explode)? }
                    }
                    ParameterStyle::Json => quote! { crate::runtime::path_json(&parameters.#field)? },
                    _ => quote! { crate::runtime::path_segment(&parameters.#field)? },
                };
                values.push(value);
            }
            None => template.push_str(&format!("{{{{{name}}}}}")),
        }
        rest = after;
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let template = Literal::string(&template);
    let safe = if endpoint.idempotent { quote! { .safe_to_repeat() } } else { TokenStream::new() };
    let accept = match &endpoint.response_media_type {
        Some(media_type) => quote! { .accept(#media_type) },
        None => TokenStream::new(),
    };
    let security = super::security::emit_request_security(api, endpoint);
    let errors = emit_error_decoder(api, endpoint);
    let path = if values.is_empty() {
        quote! { ::std::string::String::from(#template) }
    } else {
        quote! { ::std::format!(#template, #(#values),*) }
    };

    if let Some(parameters_type) = endpoint.parameters_type {
        let ty = emit_qualified_type_ref(api, &TypeRef::Named(parameters_type));
        arguments.push(quote! { parameters: #ty });
        for parameter in &endpoint.parameters {
            let field = ident(&parameter.field.name);
            let name = &parameter.field.json_name;
            let style = match parameter.style {
                ParameterStyle::FormExploded => quote! { FormExploded },
                ParameterStyle::Form => quote! { Form },
                ParameterStyle::SpaceDelimited => quote! { SpaceDelimited },
                ParameterStyle::PipeDelimited => quote! { PipeDelimited },
                ParameterStyle::DeepObject => quote! { DeepObject },
                ParameterStyle::Json => quote! { Json },
                ParameterStyle::Simple | ParameterStyle::Label { .. } | ParameterStyle::Matrix { .. } => {
                    quote! { Simple }
                }
            };
            let style = quote! { crate::runtime::ParameterStyle::#style };
            match parameter.location {
                ParameterLocation::Path => {}
                ParameterLocation::Query => {
                    steps.push(quote! { let __request = __request.query(#name, &parameters.#field, #style)?; });
                }
                ParameterLocation::Header => {
                    steps.push(quote! { let __request = __request.header(#name, &parameters.#field, #style)?; });
                }
                ParameterLocation::Cookie => {
                    steps.push(quote! { let __request = __request.cookie(#name, &parameters.#field, #style)?; });
                }
            }
        }
    }
    if let Some(body) = &endpoint.body {
        let ty = emit_qualified_type_ref(api, &body.ty);
        let content_type = Literal::string(&body.content_type);
        let encode = match body.encoding {
            BodyEncoding::Json => quote! { __request.json(&request)? },
            BodyEncoding::Form => quote! { __request.form(&request)? },
            BodyEncoding::Multipart => match &body.ty {
                TypeRef::Named(id) if api.multipart_bodies.contains(id) => quote! { __request.multipart_body(&request)? },
                _ => quote! { __request.multipart(&request)? },
            },
            BodyEncoding::Text => quote! { __request.raw(#content_type, request.into_bytes()) },
            BodyEncoding::Bytes => quote! { __request.raw(#content_type, request) },
        };
        arguments.push(quote! { request: impl ::std::convert::Into<#ty> });
        steps.push(quote! {
            let request: #ty = request.into();
            let __request = #encode;
        });
    }

    // What the method returns: one property of the body, or the whole body.
    let (returns, finish, returns_doc) = match (&endpoint.returns, &endpoint.response) {
        (Returns::Property { json_name, required, ty }, _) => {
            let ty = emit_qualified_type_ref(api, ty);
            let key = Literal::string(json_name);
            let doc = format!("Returns the `{json_name}` of the response.");
            if *required {
                (ty.clone(), quote! { __response.decode_property::<#ty>(#key) }, Some(doc))
            } else {
                (
                    quote! { ::std::option::Option<#ty> },
                    quote! { __response.decode_optional_property::<#ty>(#key) },
                    Some(doc),
                )
            }
        }
        (Returns::Body | Returns::BodyOrNothing, None) => {
            (quote! { () }, quote! { let _ = __response; ::std::result::Result::Ok(()) }, None)
        }
        (Returns::BodyOrNothing, Some(response)) => {
            let decode = decode_body(endpoint.response_encoding);
            let ty = emit_qualified_type_ref(api, response);
            let doc = "Returns `None` when the server answers without a body (`204 No Content`, say), as the spec says it may.";
            (
                quote! { ::std::option::Option<#ty> },
                quote! { if __response.is_empty() { ::std::result::Result::Ok(::std::option::Option::None) } else { #decode.map(::std::option::Option::Some) } },
                Some(doc.to_owned()),
            )
        }
        (Returns::Body, Some(response)) => (emit_qualified_type_ref(api, response), decode_body(endpoint.response_encoding), None),
    };
    // Answers that declare different bodies: the enum of them, by status.
    let (returns, finish, returns_doc) = match &endpoint.answers {
        Some(answers) => {
            let name = ident(&answers.name);
            let by_status = emit_answers_by_status(answers);
            let doc = format!("Returns the answer as a [`{0}`](crate::types::{0}), by its status.", answers.name);
            if matches!(endpoint.returns, Returns::BodyOrNothing) {
                (
                    quote! { ::std::option::Option<crate::types::#name> },
                    quote! { if __response.is_empty() { ::std::result::Result::Ok(::std::option::Option::None) } else { #by_status.map(::std::option::Option::Some) } },
                    Some(format!("{doc} `None` when the server answers without a body.")),
                )
            } else {
                (quote! { crate::types::#name }, by_status, Some(doc))
            }
        }
        None => (returns, finish, returns_doc),
    };
    let (finish, returns_doc) = match wait {
        Some((wait_method, without_waiting)) => {
            let wait_method = ident(wait_method);
            let doc = format!(
                "{} Waits until the operation finishes, as the client's `WaitOptions` say (by default); \
                 [`{without_waiting}`](Self::{without_waiting}) returns at once.",
                returns_doc.unwrap_or_default()
            );
            (
                quote! {
                    let __result: #returns = { #finish }?;
                    #client.#wait_method(__result, &#client.wait_options()).await
                },
                Some(doc),
            )
        }
        None => (finish, returns_doc),
    };
    let docs = endpoint_docs(api, endpoint, returns_doc.as_deref(), feature);
    let deprecated = deprecated_attr(&endpoint.docs);
    let gate = gate(is_undocumented(endpoint), feature);
    quote! {
        #docs
        #deprecated
        #gate
        pub async fn #method_ident(&self, #(#arguments),*) -> ::std::result::Result<#returns, crate::Error> {
            let __request = crate::runtime::Request::new(::reqwest::Method::#http_method, #path)#safe #accept #security #errors;
            #(#steps)*
            let __response = #client.send(__request).await?;
            #finish
        }
    }
}

/// `.error_body(..)`: how the runtime decodes the body of an error answer,
/// by its status, into the API's error body enum; nothing when the
/// endpoint declares no error body.
fn emit_error_decoder(api: &Api, endpoint: &Endpoint) -> TokenStream {
    let Some(error_body) = &api.error_body else { return TokenStream::new() };
    let enum_name = ident(&error_body.name);
    // Each answer's status pattern and the decoding of its body.
    let answers: Vec<(ErrorStatus, TokenStream)> = endpoint
        .errors
        .iter()
        .filter_map(|answer| {
            let (variant, _) = error_body.variants.iter().find(|(_, ty)| *ty == answer.ty)?;
            let variant = ident(variant);
            let decode = quote! {
                ::std::option::Option::Some(crate::runtime::decode_error_body(__body).map(crate::types::#enum_name::#variant))
            };
            Some((answer.status, decode))
        })
        .collect();
    match answers.as_slice() {
        [] => TokenStream::new(),
        // Only `default`: every status decodes as its type, without a `match`.
        [(ErrorStatus::Default, decode)] => quote! { .error_body(|_, __body| #decode) },
        _ => {
            let mut arms: Vec<TokenStream> = answers
                .iter()
                .map(|(status, decode)| {
                    let pattern = match *status {
                        ErrorStatus::Code(code) => {
                            let code = Literal::u16_unsuffixed(code);
                            quote! { #code }
                        }
                        ErrorStatus::Range(class) => {
                            let low = Literal::u16_unsuffixed(class.saturating_mul(100));
                            let high = Literal::u16_unsuffixed(class.saturating_mul(100).saturating_add(99));
                            quote! { #low..=#high }
                        }
                        ErrorStatus::Default => quote! { _ },
                    };
                    quote! { #pattern => #decode, }
                })
                .collect();
            if !answers.iter().any(|(status, _)| *status == ErrorStatus::Default) {
                arms.push(quote! { _ => ::std::option::Option::None, });
            }
            quote! { .error_body(|__status, __body| match __status { #(#arms)* }) }
        }
    }
}

/// The decoding of an answer of [`SuccessAnswers`] by its status: each
/// status its variant, a 2xx no answer declares the `2XX` one, else the
/// first one.
fn emit_answers_by_status(answers: &SuccessAnswers) -> TokenStream {
    let name = ident(&answers.name);
    let arm = |answer: &SuccessAnswer| {
        let variant = ident(&answer.variant);
        let decode = decode_body(answer.encoding);
        quote! { #decode.map(crate::types::#name::#variant) }
    };
    let mut arms: Vec<TokenStream> = answers
        .variants
        .iter()
        .filter_map(|answer| {
            let code = Literal::u16_unsuffixed(answer.status?);
            let decode = arm(answer);
            Some(quote! { #code => #decode, })
        })
        .collect();
    let fallback = answers.variants.iter().find(|answer| answer.status.is_none()).or(answers.variants.first());
    if let Some(fallback) = fallback {
        let decode = arm(fallback);
        arms.push(quote! { _ => #decode, });
    }
    quote! { match __response.status() { #(#arms)* } }
}

/// The `cfg` of what belongs to `endpoint` alone: its top-level group's
/// feature, and the undocumented feature when it is undocumented.
pub(crate) fn endpoint_gate(endpoint: &Endpoint, settings: &Settings, features: &crate::features::Features) -> TokenStream {
    gate_group(is_undocumented(endpoint), &settings.client.undocumented_feature, features.of_endpoint(endpoint))
}
