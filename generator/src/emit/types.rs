//! Emission of the IR's named types as Rust items.
//!
//! Emitted code names every type and trait by absolute path (`::std::…`,
//! `::serde::…`), so a spec type called `Option`, `Result` or `String`
//! cannot shadow what the generated code means. The standard derive
//! macros (`Debug`, `Clone`, …) are named bare: they live in the macro
//! namespace, which no generated type can enter.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{deprecated_attr, doc_attrs};
use crate::naming::RustName;
use crate::ir::{Api, Field, FieldDecoding, StringEnum, Struct, TaggedUnion, TypeDef, TypeId, TypeKind, TypeRef, UntaggedUnion, VariantBody};

/// The identifier of a name `naming` made (the only kind there is).
pub(crate) fn ident(name: &RustName) -> Ident {
    name.to_ident()
}

/// The Rust type of a use of a type, inside the `types` module.
pub(crate) fn emit_type_ref(api: &Api, ty: &TypeRef) -> TokenStream {
    type_ref(api, ty, &TokenStream::new())
}

/// The Rust type of a use of a type, from anywhere in the crate.
pub(crate) fn emit_qualified_type_ref(api: &Api, ty: &TypeRef) -> TokenStream {
    type_ref(api, ty, &quote! { crate::types:: })
}

/// The Rust type of a use of a type, from another crate that depends on
/// the generated one, `krate`.
pub(crate) fn emit_external_type_ref(api: &Api, ty: &TypeRef, krate: &Ident) -> TokenStream {
    type_ref(api, ty, &quote! { ::#krate::types:: })
}

/// `prefix` is the path of the `types` module, empty inside it: there, a
/// type of the root is named bare (the modules of groups import the
/// root's names, and no name of theirs hides one), and a type of a
/// group's module by its path from the root.
fn type_ref(api: &Api, ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
    let inner = |ty: &TypeRef| type_ref(api, ty, prefix);
    match ty {
        TypeRef::Bool => quote! { bool },
        TypeRef::Integer => quote! { i64 },
        TypeRef::Float => quote! { f64 },
        TypeRef::String => quote! { ::std::string::String },
        TypeRef::Json => quote! { ::serde_json::Value },
        TypeRef::Bytes => quote! { ::std::vec::Vec<u8> },
        TypeRef::Upload => quote! { crate::Upload },
        TypeRef::JsonObject => quote! { ::serde_json::Map<::std::string::String, ::serde_json::Value> },
        TypeRef::Named(id) => {
            let Some(def) = api.types.get(id) else { return quote! { #prefix Unnamed } };
            let name = ident(&def.name);
            let module = def.module.iter().map(ident);
            match (prefix.is_empty(), def.module.is_empty()) {
                (true, true) => quote! { #name },
                (true, false) => quote! { crate::types:: #(#module::)* #name },
                (false, _) => quote! { #prefix #(#module::)* #name },
            }
        }
        TypeRef::List(item) => {
            let item = inner(item);
            quote! { ::std::vec::Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = inner(value);
            quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
        }
        TypeRef::Nullable(ty) => {
            let ty = inner(ty);
            quote! { ::std::option::Option<#ty> }
        }
        TypeRef::Boxed(ty) => {
            let ty = inner(ty);
            quote! { ::std::boxed::Box<#ty> }
        }
    }
}

/// The path of a type from the `types` module (`access_codes::CreateRequest`).
pub(crate) fn type_path(def: &TypeDef) -> String {
    def.module.iter().map(RustName::as_str).chain([def.name.as_str()]).collect::<Vec<_>>().join("::")
}

/// The types of one module of `types`, by name.
pub(crate) struct TypeModule<'a> {
    /// The module's path from `types`, empty for `types` itself.
    pub(crate) path: Vec<RustName>,
    /// The modules inside it, by name.
    pub(crate) children: Vec<RustName>,
    /// Its types, by name.
    pub(crate) types: Vec<(&'a TypeId, &'a TypeDef)>,
}

/// The modules of `types`, each after the one it is in (the root first),
/// with their types in the order of the module: by name. A module that
/// holds only modules is one too.
pub(crate) fn types_in_order(api: &Api) -> Vec<TypeModule<'_>> {
    let mut modules: std::collections::BTreeMap<Vec<RustName>, Vec<(&TypeId, &TypeDef)>> = std::collections::BTreeMap::new();
    modules.insert(Vec::new(), Vec::new());
    for (id, def) in &api.types {
        for depth in 1..def.module.len() {
            modules.entry(def.module.get(..depth).unwrap_or_default().to_vec()).or_default();
        }
        modules.entry(def.module.clone()).or_default().push((id, def));
    }
    let paths: Vec<Vec<RustName>> = modules.keys().cloned().collect();
    modules
        .into_iter()
        .map(|(path, mut types)| {
            types.sort_by(|a, b| a.1.name.cmp(&b.1.name));
            let children = paths
                .iter()
                .filter(|child| child.len() == path.len() + 1 && child.starts_with(&path))
                .filter_map(|child| child.last().cloned())
                .collect();
            TypeModule { path, children, types }
        })
        .collect()
}

/// The head of the module of a group's types: its documentation, the
/// names of the root it uses, and the modules inside it.
pub(crate) fn emit_group_module_head(module: &TypeModule<'_>) -> TokenStream {
    let path: Vec<&str> = module.path.iter().map(RustName::as_str).collect();
    let docs = format!(" The types that only endpoints of the `{}` group, or of the groups inside it, use.", path.join("/"));
    let children = module.children.iter().map(|child| {
        let child = ident(child);
        quote! { pub mod #child; }
    });
    quote! {
        #![doc = #docs]

        // The types of the root, which a type of this module may hold.
        #[allow(unused_imports)]
        use crate::types::*;

        #(#children)*
    }
}

/// The items of the types `defs`, a part of [`types_in_order`], each
/// item of a type that features gate under its `#[cfg]`.
pub(crate) fn emit_type_items(
    api: &Api,
    defs: &[(&TypeId, &TypeDef)],
    features: &crate::features::Features,
    requests: &std::collections::BTreeSet<TypeId>,
) -> Result<Vec<syn::Item>, syn::Error> {
    let mut items = Vec::new();
    for (id, def) in defs {
        let item = emit_type_def(api, **id, def);
        let builder = match &def.kind {
            TypeKind::Struct(body) if requests.contains(*id) => emit_builder(api, &def.name, body),
            _ => TokenStream::new(),
        };
        let multipart = match &def.kind {
            TypeKind::Struct(body) if api.multipart_bodies.contains(*id) => emit_multipart_body(&def.name, body),
            _ => TokenStream::new(),
        };
        let file: syn::File = syn::parse2(quote! { #item #builder #multipart })?;
        let gate = type_gate(features, **id);
        for mut item in file.items {
            if let (Some(gate), Some(attrs)) = (&gate, item_attrs(&mut item)) {
                attrs.insert(0, syn::parse_quote! { #gate });
            }
            items.push(item);
        }
    }
    Ok(items)
}

/// The `#[cfg]` of the type `id`, when features gate it: the groups that
/// reach it (any of them), or, for a type no endpoint reaches, all of
/// the groups that reach it through others.
fn type_gate(features: &crate::features::Features, id: TypeId) -> Option<TokenStream> {
    match (features.types.get(&id), features.unreached.get(&id)) {
        (Some(names), _) | (None, Some(names)) if names.len() == 1 => {
            names.iter().next().map(|name| quote! { #[cfg(feature = #name)] })
        }
        (Some(names), _) => Some(quote! { #[cfg(any(#(feature = #names),*))] }),
        (None, Some(names)) => Some(quote! { #[cfg(all(#(feature = #names),*))] }),
        (None, None) => None,
    }
}

/// The enum of the bodies of error answers ([`Api::error_body`]), which the
/// runtime's `ApiError` carries: a variant per type, compiled where the type is.
pub(crate) fn emit_error_body_enum(api: &Api, features: &crate::features::Features) -> TokenStream {
    let Some(error_body) = &api.error_body else { return TokenStream::new() };
    let name = ident(&error_body.name);
    let variants = error_body.variants.iter().map(|(variant, id)| {
        let gate = type_gate(features, *id);
        let variant = ident(variant);
        let ty = emit_type_ref(api, &TypeRef::Named(*id));
        let doc = format!(" A body of the [`{}`] type.", api.types.get(id).map(type_path).unwrap_or_default());
        quote! {
            #[doc = #doc]
            #gate
            #variant(#ty),
        }
    });
    quote! {
        /// The body of an error answer, decoded as the type the spec declares
        /// for the answer's status: [`ApiError::typed_body`](crate::ApiError::typed_body).
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The enums of the answers of endpoints whose successful answers declare
/// different bodies ([`Endpoint::answers`](crate::ir::Endpoint::answers)):
/// a variant per answer, compiled where the endpoint is. They serialize as
/// the body they hold.
pub(crate) fn emit_answer_enums(api: &Api, settings: &crate::Settings, features: &crate::features::Features) -> TokenStream {
    let enums = api.endpoints.iter().filter_map(|endpoint| {
        let answers = endpoint.answers.as_ref()?;
        let name = ident(&answers.name);
        let gate = super::endpoints::endpoint_gate(endpoint, settings, features);
        let doc = format!(" The successful answers to `{} {}`, by status: their bodies differ.", endpoint.method, endpoint.path);
        let variants = answers.variants.iter().map(|answer| {
            let variant = ident(&answer.variant);
            let ty = emit_type_ref(api, &answer.ty);
            let status = answer.status.map_or_else(|| "2XX".to_owned(), |code| code.to_string());
            let doc = match answer.description.as_deref().map(str::trim) {
                Some(description) if !description.is_empty() => format!(" `{status}`: {description}"),
                _ => format!(" `{status}`."),
            };
            quote! {
                #[doc = #doc]
                #variant(#ty),
            }
        });
        Some(quote! {
            #[doc = #doc]
            #gate
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }
        })
    });
    quote! { #(#enums)* }
}

/// The attributes of the kinds of items the types module has.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Struct(item) => Some(&mut item.attrs),
        syn::Item::Enum(item) => Some(&mut item.attrs),
        syn::Item::Impl(item) => Some(&mut item.attrs),
        syn::Item::Type(item) => Some(&mut item.attrs),
        syn::Item::Const(item) => Some(&mut item.attrs),
        syn::Item::Fn(item) => Some(&mut item.attrs),
        syn::Item::Trait(item) => Some(&mut item.attrs),
        syn::Item::Mod(item) => Some(&mut item.attrs),
        syn::Item::Use(item) => Some(&mut item.attrs),
        _ => None,
    }
}

fn emit_type_def(api: &Api, id: TypeId, def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    // Only component types carry `#[deprecated]`: an inline type's
    // deprecation belongs to the property it sits in, which carries it.
    let deprecated = match def.origin {
        crate::ir::TypeOrigin::Component(_) => deprecated_attr(&def.docs),
        crate::ir::TypeOrigin::Inline(_) => TokenStream::new(),
    };
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(body) => emit_struct(api, id, &name, body),
        TypeKind::Enum(values) => emit_string_enum(&name, values),
        TypeKind::IntegerEnum(values) => emit_integer_enum(&name, values),
        TypeKind::TaggedUnion(union) => emit_tagged_union(api, id, &name, union),
        TypeKind::UntaggedUnion(union) => emit_untagged_union(api, id, &name, union),
        TypeKind::Alias(ty) => {
            let ty = emit_type_ref(api, ty);
            quote! { pub type #name = #ty; }
        }
        TypeKind::Newtype(ty) => {
            let default = if crate::defaults::newtype_has_default(ty) { quote! { Default, } } else { TokenStream::new() };
            let ty = emit_type_ref(api, ty);
            quote! {
                #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
    };
    quote! {
        #docs
        #deprecated
        #body
    }
}

/// The name of the field that keeps the properties a struct does not list.
fn additional_field_name(body: &Struct) -> RustName {
    let taken = |name: &str| body.fields.iter().chain(&body.flattened).any(|field| field.name == name);
    let name = ["additional_properties", "additional_properties_", "additional_properties__"]
        .into_iter()
        .find(|name| !taken(name))
        .unwrap_or("additional_properties___");
    RustName::known(name)
}

/// Whether a struct is decoded by serde's derive rather than by an
/// emitted impl: only one that flattens a union into itself, which serde
/// buffers and tries variant by variant.
fn derives_deserialize(body: &Struct) -> bool {
    !body.flattened.is_empty()
}

/// The fields of a struct or struct variant; `public` for structs;
/// `strict` for a type only requests use ([`Api::strict`]), whose required
/// fields must be there when one is decoded; `derived` when serde's derive
/// decodes it, so that the fields carry the attributes that say how.
fn emit_fields(api: &Api, body: &Struct, public: bool, strict: bool, derived: bool) -> TokenStream {
    let visibility = if public { quote! { pub } } else { TokenStream::new() };
    let mut fields: Vec<TokenStream> =
        body.fields.iter().map(|field| emit_field(api, field, &visibility, crate::defaults::field_decoding(api, field, strict), derived)).collect();
    for field in &body.flattened {
        let docs = doc_attrs(&field.docs);
        let name = ident(&field.name);
        let ty = emit_type_ref(api, &field.ty);
        fields.push(quote! {
            #docs
            #[serde(flatten)]
            #visibility #name: #ty
        });
    }
    if let Some(additional) = &body.additional {
        let name = ident(&additional_field_name(body));
        let value = emit_type_ref(api, additional);
        fields.push(quote! {
            /// Properties the spec does not list, by name.
            #[serde(flatten)]
            #visibility #name: ::std::collections::BTreeMap<::std::string::String, #value>
        });
    }
    quote! { #(#fields),* }
}

/// The Rust type of a field: an `Option` when the property is optional.
fn field_type(api: &Api, field: &Field) -> TokenStream {
    let ty = emit_type_ref(api, &field.ty);
    if field.required {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    }
}

fn emit_field(api: &Api, field: &Field, visibility: &TokenStream, decoding: FieldDecoding, derived: bool) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let deprecated = deprecated_attr(&field.docs);
    let name = ident(&field.name);
    let json_name = &field.json_name;
    let rename = if field.name == *field.json_name { TokenStream::new() } else { quote! { #[serde(rename = #json_name)] } };
    let ty = field_type(api, field);
    let skip = quote! { skip_serializing_if = "::std::option::Option::is_none" };
    let serde = match (decoding, field.required, derived) {
        (FieldDecoding::Tolerant, _, true) if matches!(field.ty, TypeRef::Json) => quote! { #[serde(default)] },
        (FieldDecoding::Tolerant, _, true) => quote! { #[serde(default, deserialize_with = "crate::runtime::null_as_default")] },
        (FieldDecoding::Nullable, _, true) => {
            quote! { #[serde(default, #skip, deserialize_with = "crate::runtime::deserialize_nullable")] }
        }
        (_, false, true) => quote! { #[serde(default, #skip)] },
        (_, false, false) => quote! { #[serde(#skip)] },
        (_, true, _) => TokenStream::new(),
    };
    quote! {
        #docs
        #deprecated
        #rename
        #serde
        #visibility #name: #ty
    }
}

fn emit_struct(api: &Api, id: TypeId, name: &Ident, body: &Struct) -> TokenStream {
    let strict = api.strict.contains(&id);
    let derived = derives_deserialize(body);
    let fields = emit_fields(api, body, true, strict, derived);
    let default = if api.defaults.contains(&id) { quote! { Default, } } else { TokenStream::new() };
    if derived {
        return quote! {
            #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
            pub struct #name { #fields }
        };
    }
    let path = api.types.get(&id).map(type_path).unwrap_or_else(|| name.to_string());
    let deserialize = emit_struct_deserialize(api, name, &path, body, strict);
    quote! {
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize)]
        pub struct #name { #fields }

        #deserialize
    }
}

/// The `Deserialize` impl of a struct: one pass over the object's
/// properties, each read as its [`FieldDecoding`] says (the runtime's
/// `DecodeStruct`). Its own names start with `__`, as serde's do, so that
/// no spec type (a schema called `A`) can shadow them, and the local of a
/// field with `__field_` and its name without leading underscores (`_401k`
/// would not be snake case), so that no field name (`map`, `foo`, which
/// Clippy refuses as a local) is taken as is. Written out rather than derived because serde's derive
/// costs several times the compile time: a field visitor, a sequence
/// visitor JSON never uses, and a wrapper type per tolerant field.
/// `path` is the type's path from `types`, which decoding errors name.
fn emit_struct_deserialize(api: &Api, name: &Ident, path: &str, body: &Struct, strict: bool) -> TokenStream {
    let name_text = path;
    let mut locals = Vec::new();
    let mut arms = Vec::new();
    let mut values = Vec::new();
    let mut taken = crate::naming::Namespace::default();
    for field in &body.fields {
        let name = ident(&field.name);
        // `__field_` and a field's name without its leading `_`: an identifier.
        let stem = field.name.trim_start_matches('_');
        let local = ident(&RustName::known(&format!("__field_{}", taken.claim_text(stem, "_"))));
        let json_name = &field.json_name;
        let ty = emit_type_ref(api, &field.ty);
        let field_ty = field_type(api, field);
        match crate::defaults::field_decoding(api, field, strict) {
            FieldDecoding::Tolerant => {
                locals.push(quote! { let mut #local: ::std::option::Option<#ty> = ::std::option::Option::None; });
                arms.push(quote! { #json_name => #local = __map.next_value()? });
                values.push(quote! { #name: #local.unwrap_or_default() });
            }
            FieldDecoding::Optional => {
                locals.push(quote! { let mut #local: #field_ty = ::std::option::Option::None; });
                arms.push(quote! { #json_name => #local = __map.next_value()? });
                values.push(quote! { #name: #local });
            }
            FieldDecoding::Nullable => {
                locals.push(quote! { let mut #local: #field_ty = ::std::option::Option::None; });
                arms.push(quote! { #json_name => #local = ::std::option::Option::Some(__map.next_value()?) });
                values.push(quote! { #name: #local });
            }
            FieldDecoding::Required => {
                locals.push(quote! { let mut #local: ::std::option::Option<#ty> = ::std::option::Option::None; });
                arms.push(quote! { #json_name => #local = ::std::option::Option::Some(__map.next_value()?) });
                values.push(quote! { #name: crate::runtime::required_field::<__A, _>(#local, #json_name)? });
            }
        }
    }
    // What is done with a property the struct does not list.
    let other = match &body.additional {
        Some(value) => {
            let additional = ident(&additional_field_name(body));
            let value = emit_type_ref(api, value);
            locals.push(quote! {
                let mut __additional: ::std::collections::BTreeMap<::std::string::String, #value> = ::std::collections::BTreeMap::new();
            });
            values.push(quote! { #additional: __additional });
            quote! { __additional.insert(__key.into_string(), __map.next_value()?); }
        }
        None => quote! { crate::runtime::skip_value(&mut __map)?; },
    };
    // A struct without listed fields has nothing to match.
    let each_property = if arms.is_empty() {
        other
    } else {
        quote! {
            match __key.as_str() {
                #(#arms,)*
                _ => { #other }
            }
        }
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::decode_struct(deserializer)
            }
        }

        impl crate::runtime::DecodeStruct for #name {
            const NAME: &'static str = #name_text;

            fn decode_fields<'de, __A: ::serde::de::MapAccess<'de>>(mut __map: __A) -> ::std::result::Result<Self, __A::Error> {
                #(#locals)*
                while let ::std::option::Option::Some(__key) = __map.next_key::<crate::runtime::Key<'de>>()? {
                    #each_property
                }
                ::std::result::Result::Ok(Self { #(#values),* })
            }
        }
    }
}

/// The runtime's `MultipartBody` for a struct sent as a multipart body: a
/// part per field in order, files ([`TypeRef::Upload`]) as their bytes.
fn emit_multipart_body(name: &RustName, body: &Struct) -> TokenStream {
    let name = ident(name);
    let fields = body.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let json_name = &field.json_name;
        let is_upload = match &field.ty {
            TypeRef::Upload => true,
            TypeRef::List(item) | TypeRef::Nullable(item) => **item == TypeRef::Upload,
            _ => false,
        };
        if is_upload {
            quote! { parts.upload(#json_name, &self.#field_name); }
        } else {
            quote! { parts.value(#json_name, &self.#field_name)?; }
        }
    });
    let flattened = body.flattened.iter().map(|field| {
        let field_name = ident(&field.name);
        quote! { parts.members(&self.#field_name)?; }
    });
    let additional = body.additional.as_ref().map(|_| {
        let field_name = ident(&additional_field_name(body));
        quote! { parts.members(&self.#field_name)?; }
    });
    quote! {
        impl crate::runtime::MultipartBody for #name {
            fn parts(&self) -> ::std::result::Result<crate::runtime::Parts, crate::Error> {
                let mut parts = crate::runtime::Parts::default();
                #(#fields)*
                #(#flattened)*
                #additional
                ::std::result::Result::Ok(parts)
            }
        }
    }
}

/// `new` with the required fields, and a setter per optional field, for
/// the structs of requests.
/// `new` takes the unions merged in (`flattened`) too: each is a way of
/// asking the caller picks (`AcsCredentialsListRequest::new(
/// AcsCredentialsListRequestVariant::acs_user_id(..))`).
fn emit_builder(api: &Api, name: &RustName, body: &Struct) -> TokenStream {
    if body.fields.is_empty() && body.flattened.is_empty() {
        return TokenStream::new();
    }
    let name = ident(name);
    let mut methods = crate::naming::Namespace::default();
    methods.claim("new", "_");
    let required: Vec<&Field> = body.fields.iter().filter(|field| field.required).chain(&body.flattened).collect();
    let mut items = Vec::new();
    if !required.is_empty() {
        let arguments = required.iter().map(|field| {
            let field_name = ident(&field.name);
            let ty = emit_type_ref(api, &field.ty);
            quote! { #field_name: impl ::std::convert::Into<#ty> }
        });
        let values = body.fields.iter().chain(&body.flattened).map(|field| {
            let field_name = ident(&field.name);
            if field.required || body.flattened.iter().any(|flattened| flattened.name == field.name) {
                quote! { #field_name: #field_name.into() }
            } else {
                quote! { #field_name: ::std::option::Option::None }
            }
        });
        let additional = body.additional.as_ref().map(|_| {
            let additional_name = ident(&additional_field_name(body));
            quote! { #additional_name: ::std::collections::BTreeMap::new(), }
        });
        items.push(quote! {
            /// A value with the required fields; the others are left out.
            pub fn new(#(#arguments),*) -> Self {
                Self { #(#values,)* #additional }
            }
        });
    }
    for field in body.fields.iter().filter(|field| !field.required) {
        let field_name = ident(&field.name);
        let setter = ident(&methods.claim(&field.name, "_"));
        let deprecated = deprecated_attr(&field.docs);
        let (argument, value) = match &field.ty {
            TypeRef::Nullable(inner) => {
                let inner = emit_type_ref(api, inner);
                (quote! { value: ::std::option::Option<#inner> }, quote! { value })
            }
            ty => {
                let ty = emit_type_ref(api, ty);
                (quote! { value: impl ::std::convert::Into<#ty> }, quote! { value.into() })
            }
        };
        let doc = match &field.ty {
            TypeRef::Nullable(_) => format!(" Sets `{}`; `None` sends `null`.", field.json_name),
            _ => format!(" Sets `{}`.", field.json_name),
        };
        items.push(quote! {
            #[doc = #doc]
            #deprecated
            pub fn #setter(mut self, #argument) -> Self {
                self.#field_name = ::std::option::Option::Some(#value);
                self
            }
        });
    }
    quote! {
        impl #name {
            #(#items)*
        }
    }
}

/// A whole number as a literal, negative ones as `-` and a literal.
fn integer_literal(value: i64) -> TokenStream {
    let magnitude = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote! { -#magnitude }
    } else {
        quote! { #magnitude }
    }
}

fn emit_integer_enum(name: &Ident, values: &crate::ir::IntegerEnum) -> TokenStream {
    let other = ident(&values.other);
    let variants = values.values.iter().map(|(variant, value)| {
        let variant = ident(variant);
        let doc = format!(" `{value}`");
        quote! {
            #[doc = #doc]
            #variant
        }
    });
    let as_i64_arms = values.values.iter().map(|(variant, value)| {
        let variant = ident(variant);
        let value = integer_literal(*value);
        quote! { Self::#variant => #value }
    });
    let from_arms = values.values.iter().map(|(variant, value)| {
        let variant = ident(variant);
        let value = integer_literal(*value);
        quote! { #value => Self::#variant }
    });
    let known = values.values.iter().map(|(_, value)| integer_literal(*value));
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A value this version of the crate does not know, kept as it was sent.
            #other(i64),
        }

        impl #name {
            /// Every value the spec lists.
            pub const KNOWN: &'static [i64] = &[#(#known),*];

            /// The value as it is on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #(#as_i64_arms,)*
                    Self::#other(value) => *value,
                }
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_arms,)*
                    other => Self::#other(other),
                }
            }
        }

        impl ::std::convert::From<#name> for i64 {
            fn from(value: #name) -> Self {
                value.as_i64()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i64(), formatter)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn emit_string_enum(name: &Ident, values: &StringEnum) -> TokenStream {
    let other = ident(&values.other);
    let variants = values.values.iter().map(|value| {
        let variant = ident(&value.name);
        let doc = format!(" `{}`", value.value.replace('`', "'"));
        quote! {
            #[doc = #doc]
            #variant
        }
    });
    let as_str_arms = values.values.iter().map(|value| {
        let variant = ident(&value.name);
        let text = &value.value;
        quote! { Self::#variant => #text }
    });
    let from_arms = values.values.iter().map(|value| {
        let variant = ident(&value.name);
        let text = &value.value;
        quote! { #text => Self::#variant }
    });
    let known = values.values.iter().map(|value| &value.value);
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A value this version of the crate does not know, kept as it was sent.
            #other(::std::string::String),
        }

        impl #name {
            /// Every value the spec lists.
            pub const KNOWN: &'static [&'static str] = &[#(#known),*];

            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms,)*
                    Self::#other(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_arms,)*
                    other => Self::#other(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        /// The empty value, which a response that leaves a required value
        /// out (or sends `null`) decodes to: the empty string, unknown
        /// unless the spec lists it.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                ::std::convert::From::from("")
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(::std::convert::From::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::deserialize_open_enum(deserializer)
            }
        }
    }
}

/// A property every variant of a tagged union has, with one type: either
/// a field, or the tag of the nested unions.
enum Common<'a> {
    Field(&'a Field),
    Tag(String),
}

impl Common<'_> {
    fn json_name(&self) -> &str {
        match self {
            Common::Field(field) => &field.json_name,
            Common::Tag(tag) => tag,
        }
    }
}

/// The properties every variant of `union` has (see [`Common`]).
fn common_properties<'a>(api: &'a Api, union: &'a TaggedUnion) -> Vec<Common<'a>> {
    let mut per_variant: Vec<Vec<Common<'a>>> = Vec::new();
    for variant in &union.variants {
        per_variant.push(match &variant.body {
            VariantBody::Struct(body) => body
                .fields
                .iter()
                .filter(|field| !matches!(field.ty, TypeRef::Nullable(_)) || field.required)
                .map(Common::Field)
                .collect(),
            VariantBody::Nested(TypeRef::Named(id)) => match api.types.get(id).map(|def| &def.kind) {
                Some(TypeKind::TaggedUnion(inner)) => {
                    let mut inner_common = common_properties(api, inner);
                    inner_common.push(Common::Tag(inner.tag.clone()));
                    inner_common
                }
                _ => Vec::new(),
            },
            VariantBody::Nested(_) => Vec::new(),
        });
    }
    let Some((first, rest)) = per_variant.split_first_mut() else { return Vec::new() };
    let same = |a: &Common<'_>, b: &Common<'_>| match (a, b) {
        (Common::Field(a), Common::Field(b)) => a.json_name == b.json_name && a.ty == b.ty && a.required == b.required,
        (Common::Tag(a), Common::Tag(b)) => a == b,
        _ => false,
    };
    std::mem::take(first).into_iter().filter(|candidate| rest.iter().all(|variant| variant.iter().any(|other| same(candidate, other)))).collect()
}

/// The return type and the expression that borrows a field's value.
fn borrowed(api: &Api, field: &Field, binding: &Ident) -> (TokenStream, TokenStream) {
    let optional = !field.required || matches!(field.ty, TypeRef::Nullable(_));
    let inner = match &field.ty {
        TypeRef::Nullable(inner) => inner.as_ref(),
        ty => ty,
    };
    let (target, deref_single) = match inner {
        TypeRef::String => (quote! { str }, quote! { #binding.as_str() }),
        TypeRef::Boxed(boxed) => {
            let ty = emit_type_ref(api, boxed);
            (ty, quote! { &**#binding })
        }
        ty => {
            let ty = emit_type_ref(api, ty);
            (ty, quote! { #binding })
        }
    };
    if optional {
        let expression = match inner {
            TypeRef::String | TypeRef::Boxed(_) => quote! { #binding.as_deref() },
            _ => quote! { #binding.as_ref() },
        };
        (quote! { ::std::option::Option<&#target> }, expression)
    } else {
        (quote! { ::std::option::Option<&#target> }, quote! { ::std::option::Option::Some(#deref_single) })
    }
}

/// Accessors for what every variant of a tagged union has.
fn emit_common_accessors(api: &Api, union: &TaggedUnion, taken: &mut crate::naming::Namespace) -> Vec<TokenStream> {
    let mut accessors = Vec::new();
    for common in common_properties(api, union) {
        let json_name = common.json_name().to_owned();
        let method_name = crate::naming::field_name(&json_name);
        if taken.contains(&method_name) {
            continue;
        }
        let method = ident(&taken.claim(&method_name, "_"));
        let other = ident(&union.other);
        let mut arms = Vec::new();
        let mut returns = quote! { ::std::option::Option<&str> };
        for variant in &union.variants {
            let variant_name = ident(&variant.name);
            match (&variant.body, &common) {
                (VariantBody::Struct(body), Common::Field(_)) => {
                    let Some(field) = body.fields.iter().find(|field| field.json_name == json_name) else { continue };
                    let binding = ident(&field.name);
                    let (ty, expression) = borrowed(api, field, &binding);
                    returns = ty;
                    arms.push(quote! { Self::#variant_name { #binding, .. } => #expression });
                }
                (VariantBody::Nested(_), _) => arms.push(quote! { Self::#variant_name(inner) => inner.#method() }),
                (VariantBody::Struct(_), Common::Tag(_)) => {}
            }
        }
        let is_text = match &common {
            Common::Tag(_) => true,
            Common::Field(field) => matches!(&field.ty, TypeRef::String) || matches!(&field.ty, TypeRef::Nullable(inner) if **inner == TypeRef::String),
        };
        let unknown = if is_text {
            quote! { value.get(#json_name).and_then(::serde_json::Value::as_str) }
        } else {
            quote! { { let _ = value; ::std::option::Option::None } }
        };
        let doc = if is_text {
            format!(" The `{json_name}` of the value, which every variant has.")
        } else {
            format!(" The `{json_name}` of the value, which every known variant has (`None` for `{}`).", union.other)
        };
        accessors.push(quote! {
            #[doc = #doc]
            pub fn #method(&self) -> #returns {
                match self {
                    #(#arms,)*
                    Self::#other(value) => #unknown,
                }
            }
        });
    }
    accessors
}

fn emit_tagged_union(api: &Api, id: TypeId, name: &Ident, union: &TaggedUnion) -> TokenStream {
    let strict = api.strict.contains(&id);
    let derived = union.variants.iter().any(|variant| matches!(&variant.body, VariantBody::Struct(body) if derives_deserialize(body)));
    let tag = &union.tag;
    let other = ident(&union.other);
    let variants = union.variants.iter().map(|variant| {
        let docs = doc_attrs(&variant.docs);
        let deprecated = deprecated_attr(&variant.docs);
        let variant_name = ident(&variant.name);
        let value = &variant.tag_value;
        let body = match &variant.body {
            VariantBody::Struct(body) => {
                let fields = emit_fields(api, body, false, strict, derived);
                quote! { { #fields } }
            }
            VariantBody::Nested(ty) => {
                let ty = emit_type_ref(api, ty);
                quote! { (#ty) }
            }
        };
        quote! {
            #docs
            #deprecated
            #[serde(rename = #value)]
            #variant_name #body
        }
    });
    let other_doc = format!(
        " A value whose `{tag}` this version of the crate does not know, or whose other properties do not match the spec, kept as raw JSON."
    );
    let mut methods = crate::naming::Namespace::default();
    let tag_method = ident(&methods.claim(&crate::naming::field_name(tag), "_"));
    let accessors = emit_common_accessors(api, union, &mut methods);
    let tag_method_doc = format!(" The `{tag}` of the value.");
    let malformed_method = ident(&methods.claim("is_malformed", "_"));
    let malformed_doc = format!(
        " Whether the value has a `{tag}` this version of the crate knows, yet its other properties do not match the spec, so it is kept as raw JSON in `{}` (as a value of an unknown `{tag}` is).",
        union.other
    );
    let known_tags: Vec<&String> = union.variants.iter().map(|variant| &variant.tag_value).collect();
    let malformed = if known_tags.is_empty() {
        quote! { false }
    } else {
        quote! {
            match self {
                Self::#other(value) => matches!(
                    value.get(#tag).and_then(::serde_json::Value::as_str),
                    ::std::option::Option::Some(#(#known_tags)|*)
                ),
                _ => false,
            }
        }
    };
    let tag_arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let value = &variant.tag_value;
        match &variant.body {
            VariantBody::Struct(_) => quote! { Self::#variant_name { .. } => ::std::option::Option::Some(#value) },
            VariantBody::Nested(_) => quote! { Self::#variant_name(_) => ::std::option::Option::Some(#value) },
        }
    });
    let (derive_deserialize, deserialize) = if derived {
        (quote! { ::serde::Deserialize }, TokenStream::new())
    } else {
        (TokenStream::new(), emit_tagged_deserialize(api, name, union, strict))
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, #derive_deserialize)]
        #[serde(tag = #tag)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            #[doc = #other_doc]
            #[serde(untagged)]
            #other(::serde_json::Value),
        }

        impl #name {
            #[doc = #tag_method_doc]
            pub fn #tag_method(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#tag_arms,)*
                    Self::#other(value) => value.get(#tag).and_then(::serde_json::Value::as_str),
                }
            }

            #[doc = #malformed_doc]
            pub fn #malformed_method(&self) -> bool {
                #malformed
            }

            #(#accessors)*
        }

        #deserialize
    }
}

/// The `Deserialize` impl of a tagged union (the runtime's `DecodeTagged`):
/// the value is read once, its tag picks the variant, whose fields are
/// read from the object as their [`FieldDecoding`] says; a tag it does not
/// know, or a body that does not fit, is the catch-all (rule 2). Written
/// out rather than derived because serde's internally tagged enum with an
/// untagged catch-all costs many times the compile time.
fn emit_tagged_deserialize(api: &Api, name: &Ident, union: &TaggedUnion, strict: bool) -> TokenStream {
    let tag = &union.tag;
    let other = ident(&union.other);
    let arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let value = &variant.tag_value;
        match &variant.body {
            VariantBody::Struct(body) => {
                let mut values: Vec<TokenStream> = body
                    .fields
                    .iter()
                    .map(|field| {
                        let name = ident(&field.name);
                        let json_name = &field.json_name;
                        let read = match crate::defaults::field_decoding(api, field, strict) {
                            FieldDecoding::Tolerant => quote! { field_or_default },
                            FieldDecoding::Optional => quote! { field_optional },
                            FieldDecoding::Nullable => quote! { field_nullable },
                            FieldDecoding::Required => quote! { field_required },
                        };
                        quote! { #name: crate::runtime::#read(__body, #json_name)? }
                    })
                    .collect();
                if body.additional.is_some() {
                    let additional = ident(&additional_field_name(body));
                    let listed = body.fields.iter().map(|field| &field.json_name);
                    values.push(quote! { #additional: crate::runtime::fields_not_listed(__body, &[#tag, #(#listed),*])? });
                }
                quote! { #value => Self::#variant_name { #(#values),* } }
            }
            VariantBody::Nested(_) => quote! { #value => Self::#variant_name(::serde::Deserialize::deserialize(__body)?) },
        }
    });
    // A union without known variants has no tag to match.
    let decode = if union.variants.is_empty() {
        quote! {
            let _ = (__tag, __body);
            ::std::result::Result::Ok(::std::option::Option::None)
        }
    } else {
        quote! {
            ::std::result::Result::Ok(::std::option::Option::Some(match __tag {
                #(#arms,)*
                _ => return ::std::result::Result::Ok(::std::option::Option::None),
            }))
        }
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::decode_tagged(deserializer)
            }
        }

        impl crate::runtime::DecodeTagged for #name {
            const TAG: &'static str = #tag;

            fn decode_variant(
                __tag: &str,
                __body: &::serde_json::Value,
            ) -> ::std::result::Result<::std::option::Option<Self>, ::serde_json::Error> {
                #decode
            }

            fn unknown(value: ::serde_json::Value) -> Self {
                Self::#other(value)
            }
        }
    }
}

/// `ty` with named aliases replaced by what they stand for.
fn resolve_aliases(api: &Api, ty: &TypeRef) -> TypeRef {
    let mut ty = ty.clone();
    // A chain of aliases is short; the bound guards against a loop of them.
    for _ in 0..32 {
        match &ty {
            TypeRef::Named(id) => match api.types.get(id).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => ty = target.clone(),
                _ => break,
            },
            _ => break,
        }
    }
    ty
}

fn emit_untagged_union(api: &Api, id: TypeId, name: &Ident, union: &UntaggedUnion) -> TokenStream {
    let variants = union.variants.iter().map(|variant| {
        let docs = doc_attrs(&variant.docs);
        let variant_name = ident(&variant.name);
        let ty = emit_type_ref(api, &variant.ty);
        quote! {
            #docs
            #variant_name(#ty)
        }
    });
    // The defaults pass decided which unions keep what no variant matches.
    let catch_all = match api.catch_alls.get(&id) {
        Some(other) => {
            let other = ident(other);
            quote! {
                /// A value that matches none of the variants the spec lists, kept as raw JSON.
                #other(::serde_json::Value),
            }
        }
        None => TokenStream::new(),
    };
    // `From` for each variant whose type no other variant has (once
    // aliases are seen through), so that a variant's value converts into
    // the union (`.into()`, `impl Into<_>`).
    let conversions = union.variants.iter().filter(|variant| {
        let convertible = matches!(variant.ty, TypeRef::Named(_) | TypeRef::Bool | TypeRef::Integer | TypeRef::Float | TypeRef::String);
        let resolved = resolve_aliases(api, &variant.ty);
        let is_self = matches!(&resolved, TypeRef::Named(variant_id) if *variant_id == id);
        convertible
            && !is_self
            && union.variants.iter().filter(|other| resolve_aliases(api, &other.ty) == resolved).count() == 1
    });
    let conversions = conversions.map(|variant| {
        let variant_name = ident(&variant.name);
        let ty = emit_type_ref(api, &variant.ty);
        // A string variant takes a `&str` too (`"gold".into()`).
        let from_str = (resolve_aliases(api, &variant.ty) == TypeRef::String).then(|| {
            quote! {
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#variant_name(::std::borrow::ToOwned::to_owned(value))
                    }
                }
            }
        });
        quote! {
            impl ::std::convert::From<#ty> for #name {
                fn from(value: #ty) -> Self {
                    Self::#variant_name(value)
                }
            }
            #from_str
        }
    });
    // The defaults pass named a constructor for each variant of a request
    // union that holds a struct: it takes what that struct's `new` takes.
    let constructors = api.union_constructors.get(&id).into_iter().flatten().filter_map(|(index, method)| {
        let variant = union.variants.get(*index)?;
        let variant_name = ident(&variant.name);
        let method = ident(method);
        if variant.ty == TypeRef::JsonObject {
            let doc = format!(" The variant `{}`, an empty object.", variant.name);
            return Some(quote! {
                #[doc = #doc]
                pub fn #method() -> Self {
                    Self::#variant_name(::serde_json::Map::new())
                }
            });
        }
        let TypeRef::Named(variant_id) = &variant.ty else { return None };
        let TypeKind::Struct(body) = &api.types.get(variant_id)?.kind else { return None };
        let ty = emit_type_ref(api, &variant.ty);
        let required: Vec<&Field> = body.fields.iter().filter(|field| field.required).collect();
        let doc = format!(" The variant `{}`{}.", variant.name, if required.is_empty() { "" } else { ", from its required fields" });
        let value = if required.is_empty() {
            quote! { <#ty as ::std::default::Default>::default() }
        } else {
            let names: Vec<Ident> = required.iter().map(|field| ident(&field.name)).collect();
            quote! { #ty::new(#(#names),*) }
        };
        let arguments = required.iter().map(|field| {
            let field_name = ident(&field.name);
            let field_ty = emit_type_ref(api, &field.ty);
            quote! { #field_name: impl ::std::convert::Into<#field_ty> }
        });
        Some(quote! {
            #[doc = #doc]
            pub fn #method(#(#arguments),*) -> Self {
                Self::#variant_name(#value)
            }
        })
    });
    let constructors: Vec<TokenStream> = constructors.collect();
    let constructors = if constructors.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            impl #name {
                #(#constructors)*
            }
        }
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants,)*
            #catch_all
        }

        #(#conversions)*

        #constructors
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::testing::{api, field, named};
    use crate::ir::{Docs, TaggedVariant};

    fn variant(tag_value: &str, fields: Vec<Field>) -> TaggedVariant {
        TaggedVariant {
            name: crate::naming::RustName::known(tag_value),
            tag_value: tag_value.to_owned(),
            docs: Docs::default(),
            body: VariantBody::Struct(Struct { fields, flattened: Vec::new(), additional: None }),
        }
    }

    #[test]
    fn the_additional_properties_field_takes_a_name_no_property_has() {
        let body = |names: &[&str]| Struct {
            fields: names.iter().map(|name| field(name, TypeRef::String, false)).collect(),
            flattened: Vec::new(),
            additional: Some(TypeRef::Json),
        };
        assert_eq!(additional_field_name(&body(&["id"])), "additional_properties");
        assert_eq!(additional_field_name(&body(&["additional_properties"])), "additional_properties_");
        assert_eq!(
            additional_field_name(&body(&["additional_properties", "additional_properties_"])),
            "additional_properties__"
        );
    }

    #[test]
    fn common_properties_are_those_every_variant_has_with_one_type() {
        let union = TaggedUnion {
            tag: "kind".to_owned(),
            variants: vec![
                variant("a", vec![field("id", TypeRef::String, true), field("size", TypeRef::Integer, true), field("x", TypeRef::Bool, true)]),
                variant("b", vec![field("size", TypeRef::Float, true), field("id", TypeRef::String, true)]),
            ],
            other: crate::naming::RustName::known("Unknown"),
        };
        let api = api(Vec::new());
        let common = common_properties(&api, &union);
        let common: Vec<&str> = common.iter().map(Common::json_name).collect();
        assert_eq!(common, ["id"]);
    }

    #[test]
    fn aliases_resolve_to_what_they_stand_for_and_a_loop_of_them_ends() {
        let api = api(vec![
            TypeKind::Alias(named(1)),
            TypeKind::Alias(TypeRef::String),
            TypeKind::Alias(named(3)),
            TypeKind::Alias(named(2)),
        ]);
        assert_eq!(resolve_aliases(&api, &named(0)), TypeRef::String);
        assert!(matches!(resolve_aliases(&api, &named(2)), TypeRef::Named(_)));
    }

    #[test]
    fn negative_integers_are_a_minus_and_a_literal() {
        assert_eq!(integer_literal(-5).to_string(), "- 5");
        assert_eq!(integer_literal(i64::MIN).to_string(), "- 9223372036854775808");
        assert_eq!(integer_literal(7).to_string(), "7");
    }
}
