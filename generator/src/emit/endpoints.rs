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
    Api, BodyEncoding, Docs, Endpoint, ErrorStatus, Field, HttpMethod, ParameterLocation, PathPart, ParameterStyle, PagingRule, RequestField, RequestPlace,
    Returns, SuccessAnswer, SuccessAnswers, TypeRef,
};
use crate::returns::struct_field;
use crate::naming::{self, Group, Namespace, RustName, Surface};
use crate::Settings;

fn is_undocumented(endpoint: &Endpoint) -> bool {
    endpoint.docs.undocumented.is_some()
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
    let names: BTreeMap<Vec<String>, RustName> = groups
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
            let top = String::from(naming::field_name(endpoint.group.first()?));
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
            if let (Some(paging), Some(pages_method)) = (&endpoint.paging, &methods.pages) {
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

/// The input of a paginator, as its `…_pages` method takes it: the
/// parameters struct, the request body, or both.
struct PagingInput {
    /// The type.
    ty: TokenStream,
    /// The expression that makes it from the method's arguments.
    value: TokenStream,
    /// The pattern that binds `parameters` and `request` to a reference to it.
    pattern: TokenStream,
    /// The paths to the parameters struct and the body within it.
    parameters: TokenStream,
    body: TokenStream,
}

fn paging_input(api: &Api, endpoint: &Endpoint) -> PagingInput {
    let parameters_ty = endpoint.parameters_type.map(|id| emit_qualified_type_ref(api, &TypeRef::Named(id)));
    let body_ty = endpoint.body.as_ref().map(|body| emit_qualified_type_ref(api, &body.ty));
    match (parameters_ty, body_ty) {
        (Some(parameters), Some(body)) => PagingInput {
            ty: quote! { (#parameters, #body) },
            value: quote! { (parameters, request.into()) },
            pattern: quote! { (parameters, request) },
            parameters: quote! { .0 },
            body: quote! { .1 },
        },
        (Some(parameters), None) => PagingInput {
            ty: parameters,
            value: quote! { parameters },
            pattern: quote! { parameters },
            parameters: TokenStream::new(),
            body: TokenStream::new(),
        },
        (None, Some(body)) => PagingInput {
            ty: body,
            value: quote! { request.into() },
            pattern: quote! { request },
            parameters: TokenStream::new(),
            body: TokenStream::new(),
        },
        (None, None) => PagingInput {
            ty: quote! { () },
            value: quote! { () },
            pattern: quote! { _ },
            parameters: TokenStream::new(),
            body: TokenStream::new(),
        },
    }
}

/// The Rust field of `field` in `endpoint`'s request, and the path to it
/// from the paginator's input.
fn request_field<'a>(api: &'a Api, endpoint: &'a Endpoint, input: &PagingInput, field: &RequestField) -> Option<(TokenStream, &'a Field)> {
    let (path, found) = match field.place {
        RequestPlace::Query => (
            &input.parameters,
            endpoint
                .parameters
                .iter()
                .find(|parameter| parameter.location == ParameterLocation::Query && parameter.field.json_name == field.json_name)
                .map(|parameter| &parameter.field)?,
        ),
        RequestPlace::Body => (&input.body, struct_field(api, &endpoint.body.as_ref()?.ty, &field.json_name)?),
    };
    let name = ident(&found.name);
    Some((quote! { input #path . #name }, found))
}

/// A function that sets the request field `field` to `value` (of type
/// `String` or `u64`), as the field's type takes it.
fn emit_setter(field: &Field, place: &TokenStream) -> TokenStream {
    let inner = match field.ty {
        TypeRef::Nullable(ref inner) | TypeRef::Boxed(ref inner) => inner.as_ref(),
        ref ty => ty,
    };
    let value = match inner {
        TypeRef::String => quote! { value },
        _ => quote! { value as _ },
    };
    let value = match (&field.ty, field.required) {
        (TypeRef::Nullable(_), false) => quote! { ::std::option::Option::Some(::std::option::Option::Some(#value)) },
        (TypeRef::Nullable(_), true) | (_, false) => quote! { ::std::option::Option::Some(#value) },
        (_, true) => value,
    };
    quote! { |input, value| #place = #value }
}

/// A function that reads the number in the request field `field`, if it
/// has one.
fn emit_getter(field: Option<&(TokenStream, &Field)>) -> TokenStream {
    let Some((place, field)) = field else { return quote! { |_| ::std::option::Option::None } };
    let float = matches!(field.ty, TypeRef::Float) || matches!(&field.ty, TypeRef::Nullable(inner) if **inner == TypeRef::Float);
    let to_u64 = if float {
        quote! { (*value >= 0.0).then_some(*value as u64) }
    } else {
        quote! { u64::try_from(*value).ok() }
    };
    let optional = !field.required || matches!(field.ty, TypeRef::Nullable(_));
    let optional_twice = !field.required && matches!(field.ty, TypeRef::Nullable(_));
    match (optional, optional_twice) {
        (_, true) => quote! { |input| #place.flatten().as_ref().and_then(|value| #to_u64) },
        (true, false) => quote! { |input| #place.as_ref().and_then(|value| #to_u64) },
        (false, _) => quote! { |input| { let value = &#place; #to_u64 } },
    }
}

/// An inner function `name(body: &response) -> Option<output>` that reads
/// the value at `path` in the response body (through optional and
/// nullable properties), `convert`ed from a reference.
fn emit_path_reader(api: &Api, response: &TypeRef, path: &[String], name: &str, output: TokenStream, convert: TokenStream) -> TokenStream {
    let name = ident(&RustName::known(name));
    let response_ty = emit_qualified_type_ref(api, response);
    let mut steps = Vec::new();
    let mut ty = response.clone();
    let mut value = quote! { body };
    for json_name in path {
        let mut bare = &ty;
        while let TypeRef::Nullable(inner) | TypeRef::Boxed(inner) = bare {
            bare = inner;
        }
        let Some(field) = struct_field(api, bare, json_name) else { return TokenStream::new() };
        let name = ident(&field.name);
        let access = match (&field.ty, field.required) {
            (TypeRef::Nullable(_), false) => quote! { let value = #value.#name.as_ref()?.as_ref()?; },
            (TypeRef::Nullable(_), true) | (_, false) => quote! { let value = #value.#name.as_ref()?; },
            (_, true) => quote! { let value = &#value.#name; },
        };
        steps.push(access);
        value = quote! { value };
        ty = field.ty.clone();
    }
    quote! {
        fn #name(body: &#response_ty) -> ::std::option::Option<#output> {
            #(#steps)*
            ::std::option::Option::Some(#convert)
        }
    }
}

/// The `…_pages` method of a list endpoint that pages.
fn emit_pages(
    api: &Api,
    endpoint: &Endpoint,
    paging: &crate::ir::Paging,
    method: &RustName,
    pages_method: &RustName,
    client: &TokenStream,
    feature: &str,
) -> TokenStream {
    let Some(response) = endpoint.response.as_ref() else { return TokenStream::new() };
    let pages_method = ident(pages_method);
    let response_ty = emit_qualified_type_ref(api, response);
    let items_list = match &paging.items {
        Some(json_name) => struct_field(api, response, json_name).map(|field| (Some(field), &field.ty)),
        None => Some((None, response)),
    };
    let Some((items_field, TypeRef::List(item))) = items_list else { return TokenStream::new() };
    let item_ty = emit_qualified_type_ref(api, item);
    let input = paging_input(api, endpoint);
    let input_ty = &input.ty;
    let input_value = &input.value;
    let pattern = &input.pattern;
    let parts = emit_request_parts(api, endpoint);
    let head = &parts.head;
    let parameter_steps = &parts.parameter_steps;
    let encode = parts.body.as_ref().map(|(_, encode)| quote! { let __request = #encode; });
    let http_method = http_method(endpoint.method);
    let path = Literal::string(&endpoint.path);

    // Reading a page: the items, required where the spec requires them
    // (a page without them is an error that names them, not an empty page).
    let (require, items) = match items_field {
        Some(field) => {
            let key = Literal::string(&field.json_name);
            let name = ident(&field.name);
            let require = if field.required { quote! { __response.require_property(#key)?; } } else { TokenStream::new() };
            let items = if field.required { quote! { body.#name } } else { quote! { body.#name.unwrap_or_default() } };
            (require, items)
        }
        None => (TokenStream::new(), quote! { body }),
    };
    let none = quote! { ::std::option::Option::None };
    let text = quote! { ::std::string::String };
    let (readers, cursor_before, cursor_after, more) = match &paging.style {
        PagingRule::Cursor { next, has_more, .. } => {
            let next_reader = emit_path_reader(api, response, next, "next_cursor", text.clone(), quote! { value.clone() });
            let more_reader = has_more.as_ref().map(|path| emit_path_reader(api, response, path, "has_more", quote! { bool }, quote! { *value }));
            let more = if more_reader.is_some() { quote! { has_more(&body) } } else { none.clone() };
            (quote! { #next_reader #more_reader }, quote! { let cursor = next_cursor(&body); }, TokenStream::new(), more)
        }
        PagingRule::AfterLastItem { item_id, has_more, .. } => {
            let more_reader = emit_path_reader(api, response, has_more, "has_more", quote! { bool }, quote! { *value });
            let cursor = match struct_field(api, item, item_id) {
                Some(field) => {
                    let name = ident(&field.name);
                    let is_text = matches!(&field.ty, TypeRef::String) || matches!(&field.ty, TypeRef::Nullable(inner) if **inner == TypeRef::String);
                    // The identifier of the last item, as text: a string
                    // cloned, an integer written out.
                    let nullable = matches!(field.ty, TypeRef::Nullable(_));
                    match (is_text, field.required && !nullable, !field.required && nullable) {
                        (true, true, _) => quote! { items.last().map(|item| item.#name.clone()) },
                        (true, false, true) => quote! { items.last().and_then(|item| item.#name.clone().flatten()) },
                        (true, false, false) => quote! { items.last().and_then(|item| item.#name.clone()) },
                        (false, true, _) => quote! { items.last().map(|item| item.#name.to_string()) },
                        (false, false, true) => quote! { items.last().and_then(|item| item.#name.flatten()).map(|id| id.to_string()) },
                        (false, false, false) => quote! { items.last().and_then(|item| item.#name).map(|id| id.to_string()) },
                    }
                }
                None => none.clone(),
            };
            (more_reader, TokenStream::new(), quote! { let cursor = #cursor; }, quote! { has_more(&body) })
        }
        PagingRule::LinkHeader | PagingRule::Offset { .. } | PagingRule::PageNumber { .. } => {
            (TokenStream::new(), quote! { let cursor = #none; }, TokenStream::new(), none.clone())
        }
    };
    // The cursor and the flag read the body before its items are taken;
    // the last item's identifier, after.
    let read = quote! {
        |__response| {
            #readers
            #require
            let body: #response_ty = __response.decode()?;
            #cursor_before
            let more = #more;
            let items = #items;
            #cursor_after
            ::std::result::Result::Ok(crate::runtime::PageParts { items, cursor, more })
        }
    };
    let field = |field: &RequestField| request_field(api, endpoint, &input, field);
    let style = match &paging.style {
        PagingRule::Cursor { request, .. } | PagingRule::AfterLastItem { request, .. } => {
            let Some((place, field)) = field(request) else { return TokenStream::new() };
            let set = emit_setter(field, &place);
            quote! { crate::runtime::PageStyle::Cursor(#set) }
        }
        PagingRule::LinkHeader => quote! { crate::runtime::PageStyle::Link },
        PagingRule::Offset { offset, limit } => {
            let Some(offset) = field(offset) else { return TokenStream::new() };
            let set = emit_setter(offset.1, &offset.0);
            let get = emit_getter(Some(&offset));
            let limit = emit_getter(limit.as_ref().and_then(field).as_ref());
            quote! { crate::runtime::PageStyle::Offset { get: #get, set: #set, limit: #limit } }
        }
        PagingRule::PageNumber { page, size, first } => {
            let Some(page) = field(page) else { return TokenStream::new() };
            let set = emit_setter(page.1, &page.0);
            let get = emit_getter(Some(&page));
            let size = emit_getter(size.as_ref().and_then(field).as_ref());
            let first = Literal::u64_unsuffixed(*first);
            quote! { crate::runtime::PageStyle::Number { get: #get, set: #set, size: #size, first: #first } }
        }
    };
    let mut arguments = Vec::new();
    if let Some(id) = endpoint.parameters_type {
        let ty = emit_qualified_type_ref(api, &TypeRef::Named(id));
        arguments.push(quote! { parameters: #ty });
    }
    if let Some((ty, _)) = &parts.body {
        arguments.push(quote! { request: impl ::std::convert::Into<#ty> });
    }
    let doc = format!(
        " Pages through the results of [`{method}`](Self::{method}) {}. Page by page with `next_page`, or as one stream with `items`.",
        crate::returns::describe(&paging.style)
    );
    let gate = gate(is_undocumented(endpoint), feature);
    let deprecated = deprecated_attr(&endpoint.docs);
    quote! {
        #[doc = #doc]
        #deprecated
        #gate
        pub fn #pages_method(&self, #(#arguments),*) -> crate::Paginator<#input_ty, #item_ty> {
            crate::Paginator::new(
                ::std::clone::Clone::clone(#client),
                (#http_method, #path),
                #input_value,
                |#pattern| {
                    let __request = #head;
                    #(#parameter_steps)*
                    #encode
                    ::std::result::Result::Ok(__request)
                },
                #read,
                #style,
            )
        }
    }
}

/// The `reqwest` constant of `method`.
fn http_method(method: HttpMethod) -> TokenStream {
    match method {
        HttpMethod::Get => quote! { ::reqwest::Method::GET },
        HttpMethod::Put => quote! { ::reqwest::Method::PUT },
        HttpMethod::Post => quote! { ::reqwest::Method::POST },
        HttpMethod::Delete => quote! { ::reqwest::Method::DELETE },
        HttpMethod::Options => quote! { ::reqwest::Method::OPTIONS },
        HttpMethod::Head => quote! { ::reqwest::Method::HEAD },
        HttpMethod::Patch => quote! { ::reqwest::Method::PATCH },
        HttpMethod::Trace => quote! { ::reqwest::Method::TRACE },
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
    method: &RustName,
    client: &TokenStream,
    feature: &str,
    wait: Option<(&RustName, &RustName)>,
) -> TokenStream {
    let method_ident = ident(method);
    let mut arguments = Vec::new();
    let parts = emit_request_parts(api, endpoint);
    let head = &parts.head;
    let mut steps = parts.parameter_steps.clone();
    if let Some(id) = endpoint.parameters_type {
        let ty = emit_qualified_type_ref(api, &TypeRef::Named(id));
        arguments.push(quote! { parameters: #ty });
    }
    if let Some((ty, encode)) = &parts.body {
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
            let __request = #head;
            #(#steps)*
            let __response = #client.send(__request).await?;
            #finish
        }
    }
}

/// How an endpoint's request is built: the `Request` with its path, the
/// steps that add the parameters (from `parameters`), and the body's type
/// and the expression that adds it (from `request`).
struct RequestParts {
    head: TokenStream,
    parameter_steps: Vec<TokenStream>,
    body: Option<(TokenStream, TokenStream)>,
}

fn emit_request_parts(api: &Api, endpoint: &Endpoint) -> RequestParts {
    let http_method = http_method(endpoint.method);
    let mut steps = Vec::new();

    // The path, with its parameters filled in.
    let mut template = String::new();
    let mut values = Vec::new();
    for part in &endpoint.path_template {
        let parameter = match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"));
                continue;
            }
            PathPart::Parameter(index) => endpoint.parameters.get(*index),
        };
        let Some(parameter) = parameter else { continue };
        let field = ident(&parameter.field.name);
        let name = &parameter.field.json_name;
        template.push_str("{}");
        values.push(match parameter.style {
            ParameterStyle::Label { explode } => quote! { crate::runtime::path_label(&parameters.#field, #explode)? },
            ParameterStyle::Matrix { explode } => quote! { crate::runtime::path_matrix(#name, &parameters.#field, #explode)? },
            ParameterStyle::Json => quote! { crate::runtime::path_json(&parameters.#field)? },
            _ => quote! { crate::runtime::path_segment(&parameters.#field)? },
        });
    }
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

    if endpoint.parameters_type.is_some() {
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
    let body = endpoint.body.as_ref().map(|body| {
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
        (ty, encode)
    });
    RequestParts {
        head: quote! { crate::runtime::Request::new(#http_method, #path)#safe #accept #security #errors },
        parameter_steps: steps,
        body,
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
